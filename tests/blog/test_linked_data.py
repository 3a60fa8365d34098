"""What a post page tells search engines and link previews: JSON-LD and og:image."""

import json
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from kexue.models import SiteSettings
from tests.blog.test_citation import HeadTags
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
# schema.org's BlogPosting, as search engines read an article: what it must
# carry (headline, dates, author with a name) and should (image, publisher…).
REQUIRED = {"@context", "@type", "headline", "datePublished", "author", "url"}
RECOMMENDED = {"dateModified", "image", "publisher", "mainEntityOfPage", "inLanguage"}


def linked_data(page):
    (block,) = JSON_LD.findall(page)
    return json.loads(block)


def set_share_image(address):
    row = SiteSettings.current()
    row.share_image = address
    row.full_clean()
    row.save()


def test_json_ld_is_a_blog_posting_with_what_search_engines_ask(client):
    set_share_image("/media/site/share.png")
    post = PostFactory(
        title="熵与信息",
        category=CategoryFactory(name="信息论"),
        tags=[TagFactory(name="熵")],
        published_at=datetime(2020, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
    )
    data = linked_data(client.get(post.get_absolute_url()).content.decode())
    url = f"http://testserver{post.get_absolute_url()}"
    assert data.keys() >= REQUIRED | RECOMMENDED
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "BlogPosting"
    assert data["headline"] == "熵与信息"
    assert data["datePublished"] == "2020-12-02T10:00:00+08:00"
    assert datetime.fromisoformat(data["dateModified"]) >= datetime.fromisoformat(
        data["datePublished"]
    )
    assert data["author"] == {"@type": "Person", "name": SiteSettings.current().author_name}
    assert data["publisher"]["name"] == SiteSettings.current().site_name
    assert data["publisher"]["url"] == "http://testserver/"
    assert data["url"] == data["mainEntityOfPage"]["@id"] == url
    assert data["image"]["url"] == "http://testserver/media/site/share.png"
    assert data["inLanguage"] == "zh-Hans"
    assert data["articleSection"] == "信息论"
    assert data["keywords"] == ["熵"]


def test_a_title_cannot_close_the_json_ld_script(client):
    title = "</script><script>alert(1)</script> & <!--"
    post = PostFactory(title=title)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page
    assert linked_data(page)["headline"] == title


def test_og_image_is_the_first_image_of_the_post(client):
    set_share_image("https://cdn.example.org/share.png")
    post = PostFactory(
        body="Text.\n\n![A phase portrait](/media/attachments/2024/05/相图 1.png)\n\n"
        "![Second](https://img.example.org/second.png)"
    )
    page = client.get(post.get_absolute_url()).content.decode()
    meta = HeadTags(page).meta
    first = "http://testserver/media/attachments/2024/05/%E7%9B%B8%E5%9B%BE%201.png"
    assert meta["og:image"] == [first]
    assert meta["og:image:alt"] == ["A phase portrait"]
    assert meta["twitter:card"] == ["summary_large_image"]
    assert meta["twitter:image"] == [first]
    assert linked_data(page)["image"]["url"] == first


def test_without_an_image_the_site_image_then_none(client):
    post = PostFactory(body="No picture here.")
    meta = HeadTags(client.get(post.get_absolute_url()).content.decode()).meta
    assert "og:image" not in meta
    assert meta["twitter:card"] == ["summary"]
    assert "image" not in linked_data(client.get(post.get_absolute_url()).content.decode())

    set_share_image("https://cdn.example.org/share.png")
    page = client.get(post.get_absolute_url()).content.decode()
    assert HeadTags(page).meta["og:image"] == ["https://cdn.example.org/share.png"]
    assert linked_data(page)["image"]["url"] == "https://cdn.example.org/share.png"


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "//evil.example/x.png", "/\\evil.example/x.png", "x.png"]
)
def test_a_share_image_elsewhere_than_the_site_or_the_web_is_refused(address):
    with pytest.raises(ValidationError) as refused:
        set_share_image(address)
    (error,) = refused.value.error_dict["share_image"]
    assert error.code == "not_an_image_address"
    assert "本站以 / 开头的地址" in error.messages[0]  # the site's language
    assert SiteSettings.current().share_image == ""
