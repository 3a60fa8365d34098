from datetime import timedelta

import feedparser
import pytest
from django.urls import resolve
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

BODY = (
    "Energy $E=mc^2$ and a [link](/archives/1/) with a note[^n].\n\n"
    "![plot](/static/img/favicon.svg)\n\n[^n]: The note."
)


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/"])
def test_feeds_parse_cleanly_with_full_content_math_and_absolute_links(client, url):
    post = PostFactory(title="Mass and energy", body=BODY)
    PostFactory(title="Draft one", status=Post.Status.DRAFT)
    PostFactory(title="Future one", published_at=timezone.now() + timedelta(hours=1))
    response = client.get(url)
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert [entry.title for entry in feed.entries] == ["Mass and energy"]
    entry = feed.entries[0]
    content = entry.content[0].value if "content" in entry else entry.summary
    assert r"\(E=mc^2\)" in content  # math kept as TeX inside its delimiters
    assert 'href="http://testserver/archives/1/"' in content
    assert 'src="http://testserver/static/img/favicon.svg"' in content
    assert f'href="http://testserver{post.get_absolute_url()}#fn:n"' in content
    assert entry.link == f"http://testserver{post.get_absolute_url()}"


def test_category_feed_lists_only_its_category(client):
    physics = CategoryFactory(slug="physics")
    PostFactory(title="In physics", category=physics)
    PostFactory(title="Elsewhere")
    feed = feedparser.parse(client.get("/category/physics/feed/").content)
    assert feed.bozo == 0
    assert [entry.title for entry in feed.entries] == ["In physics"]


def test_one_feed_instance_serves_requests_in_turn_and_keeps_nothing_of_them(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "physics.example", "maths.example"]
    PostFactory(title="In physics", category=CategoryFactory(slug="physics"))
    PostFactory(title="In maths", category=CategoryFactory(slug="maths"))
    feed = resolve("/category/physics/feed/").func
    assert resolve("/category/maths/feed/").func is feed
    attributes = dict(vars(feed))
    for host, slug, title in [
        ("physics.example", "physics", "In physics"),
        ("maths.example", "maths", "In maths"),
    ]:
        parsed = feedparser.parse(client.get(f"/category/{slug}/feed/", HTTP_HOST=host).content)
        assert [entry.title for entry in parsed.entries] == [title]
        assert parsed.entries[0].link.startswith(f"http://{host}/archives/")
        assert vars(feed) == attributes
    for url in ["/feed/", "/feed/atom/"]:
        feed = resolve(url).func
        attributes = dict(vars(feed))
        assert client.get(url).status_code == 200
        assert vars(feed) == attributes


def test_pages_advertise_the_feeds(client):
    body = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in body
    assert 'href="/feed/atom/"' in body


def test_sitemap_lists_every_published_post_and_no_draft(client):
    public = PostFactory.create_batch(3)
    draft = PostFactory(status=Post.Status.DRAFT)
    future = PostFactory(published_at=timezone.now() + timedelta(days=1))
    body = client.get("/sitemap.xml").content.decode()
    for post in public:
        assert f"<loc>http://testserver{post.get_absolute_url()}</loc>" in body
    assert f"{draft.get_absolute_url()}<" not in body
    assert f"{future.get_absolute_url()}<" not in body
    assert "<loc>http://testserver/archives/</loc>" in body
    assert f"<loc>http://testserver{public[0].category.get_absolute_url()}</loc>" in body


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
