import html
from datetime import datetime
from zoneinfo import ZoneInfo

import bibtexparser
import pytest

from kexue.models import SiteSettings
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_bibtex_entry_parses_and_carries_title_author_year_month_url(client):
    settings_row = SiteSettings.current()
    settings_row.author_name = "Lin Zhao"
    settings_row.save()
    post = PostFactory(
        title="Variational {bounds} & 100% of $x_1$",
        published_at=datetime(2020, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    body = client.get(post.get_absolute_url()).content.decode()
    start = body.index("@online{")
    bibtex = body[start : body.index("</code>", start)]
    library = bibtexparser.parse_string(html.unescape(bibtex))
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "online"
    fields = entry.fields_dict
    assert fields["author"].value == "Lin Zhao"
    assert fields["year"].value == "2020"
    assert fields["month"].value == "Dec"
    assert fields["url"].value == f"http://testserver{post.get_absolute_url()}"
    assert fields["title"].value == r"Variational \{bounds\} \& 100\% of \$x\_1\$"


def test_cite_block_and_highwire_meta(client):
    post = PostFactory(title="熵与信息")
    body = client.get(post.get_absolute_url()).content.decode()
    url = f"http://testserver{post.get_absolute_url()}"
    assert '<meta name="citation_title" content="熵与信息">' in body
    assert '<meta name="citation_publication_date" content="' in body
    assert f"《熵与信息》[Blog post]. Retrieved from {url}" in body
    assert "转载与引用" in body
