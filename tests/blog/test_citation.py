"""Citing a post: the BibTeX entry, the reference line in each language, and
the tags reference managers read (Zotero files it as a blog post)."""

import html
from datetime import datetime
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import bibtexparser
import pytest
from django.utils import timezone

from kexue.models import SiteSettings
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


class HeadTags(HTMLParser):
    """Every <meta name|property=… content=…> of a page, as name → [contents]."""

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.meta = {}
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name") or attributes.get("property")
        if tag == "meta" and name:
            self.meta.setdefault(name, []).append(attributes.get("content"))


@pytest.fixture
def site_author():
    row = SiteSettings.current()
    row.author_name = "Lin Zhao"
    row.site_name = "Kexue 科学"
    row.save()
    return row


def bibtex_entry(page):
    start = page.index("@online{")
    library = bibtexparser.parse_string(html.unescape(page[start : page.index("</code>", start)]))
    assert not library.failed_blocks
    (entry,) = library.entries
    return entry


def reference_line(page):
    start = page.index('id="cite-reference">') + len('id="cite-reference">')
    return html.unescape(page[start : page.index("</p>", start)])


def test_bibtex_is_a_biblatex_online_entry_with_date_and_urldate(client, site_author):
    # Published late on 2 December in Shanghai: already the 2nd there, still the 1st in UTC.
    post = PostFactory(
        title="Variational {bounds} & 100% of $x_1$ ~ ^",
        published_at=datetime(2020, 12, 2, 1, 30, tzinfo=SHANGHAI),
    )
    entry = bibtex_entry(client.get(post.get_absolute_url()).content.decode())
    fields = {name: field.value for name, field in entry.fields_dict.items()}
    assert entry.entry_type == "online"
    assert entry.key == f"kexue{post.pk}"
    assert fields["date"] == "2020-12-02"
    assert fields["urldate"] == timezone.localdate().isoformat()
    assert "month" not in fields and "year" not in fields
    assert fields["author"] == "Lin Zhao"
    assert fields["organization"] == "Kexue 科学"
    assert fields["url"] == f"http://testserver{post.get_absolute_url()}"
    assert fields["title"] == (
        r"Variational \{bounds\} \& 100\% of \$x\_1\$ \textasciitilde{} \textasciicircum{}"
    )


def test_an_author_named_with_and_stays_one_author(client, site_author):
    site_author.author_name = "Tom and Jerry"
    site_author.save()
    post = PostFactory()
    entry = bibtex_entry(client.get(post.get_absolute_url()).content.decode())
    assert entry.fields_dict["author"].value == "Tom {and} Jerry"


def test_chinese_interface_cites_in_gb_t_7714(client, site_author):
    post = PostFactory(title="熵与信息", published_at=datetime(2020, 12, 2, 10, tzinfo=SHANGHAI))
    page = client.get(post.get_absolute_url()).content.decode()
    today = timezone.localdate().isoformat()
    url = f"http://testserver{post.get_absolute_url()}"
    assert reference_line(page) == f"Lin Zhao. 熵与信息[EB/OL]. (2020-12-02)[{today}]. {url}"
    assert "转载与引用" in page
    assert "Retrieved from" not in page and "[Blog post]" not in page


def test_english_interface_cites_author_date(client, site_author):
    post = PostFactory(title="Entropy", published_at=datetime(2020, 12, 2, 10, tzinfo=SHANGHAI))
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    url = f"http://testserver{post.get_absolute_url()}"
    assert reference_line(page) == f"Lin Zhao. (2020, December 2). Entropy. Kexue 科学. {url}"
    # A title that ends a sentence itself takes no second full stop.
    post.title = "Why entropy?"
    post.save()
    page = client.get(post.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Why entropy? Kexue 科学." in reference_line(page)


def test_highwire_and_dublin_core_tags_say_blog_post(client, site_author):
    post = PostFactory(title="熵与信息", published_at=datetime(2020, 12, 2, 10, tzinfo=SHANGHAI))
    meta = HeadTags(client.get(post.get_absolute_url()).content.decode()).meta
    url = f"http://testserver{post.get_absolute_url()}"
    # Zotero's Embedded Metadata translator: z:itemType outranks the journal
    # article it guesses from citation_title; citation_journal_title would
    # make it a journal article whatever else the page says.
    assert meta["z:itemType"] == ["blogPost"]
    assert "citation_journal_title" not in meta
    assert meta["citation_title"] == ["熵与信息"]
    assert meta["citation_author"] == ["Lin Zhao"]
    assert meta["citation_publication_date"] == ["2020/12/02"]
    assert meta["citation_public_url"] == [url]
    assert meta["citation_language"] == ["zh-Hans"]
    assert meta["DC.date"] == ["2020-12-02"]
    assert meta["DC.creator"] == ["Lin Zhao"]
    assert meta["og:type"] == ["article"]
    assert meta["og:site_name"] == ["Kexue 科学"]  # the blog's title in Zotero
    assert meta["og:url"] == [url]
