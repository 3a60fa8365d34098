"""A page's query count is fixed, however much it shows (pinned here)."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from blog.models import Category, Post, Tag
from blog.tallies import count_new_posts
from kexue.caching import bump_content_version
from tests.factories import CategoryFactory, PostFactory, StaffFactory, TagFactory

pytestmark = pytest.mark.django_db

# Site settings come from the cache after the first request. The sidebar's four
# widgets cost one query each; a list page adds count, page and comment counts;
# a post page adds the post, tags, neighbours, related posts and the thread.
HOME_QUERIES = 7
POST_QUERIES = 10
ARCHIVE_QUERIES = 5


def bulk_posts(count, author, category):
    """Many published posts fast: render one body, reuse its HTML."""
    template = Post(title="t", body="Inline $x_1$ math.\n\n<!--more-->\n\nRest.")
    template.render()
    start = datetime(2015, 1, 1, tzinfo=UTC)
    bump_content_version()  # bulk_create sends no signals (seed_demo bumps too)
    posts = Post.objects.bulk_create(
        Post(
            title=f"Bulk post {n}",
            slug=f"bulk-{n}",
            author=author,
            category=category,
            body=template.body,
            body_html=template.body_html,
            excerpt_html=template.excerpt_html,
            has_math=True,
            status=Post.Status.PUBLISHED,
            published_at=start + timedelta(hours=37 * n),
        )
        for n in range(count)
    )
    count_new_posts([post.pk for post in posts])
    return posts


def warm(client, url):
    client.get(url)  # fills the site-settings cache, as on a running site


def test_home_with_ten_posts_and_with_one_post_costs_the_same(
    client, django_assert_max_num_queries
):
    PostFactory()
    warm(client, "/")
    with django_assert_max_num_queries(HOME_QUERIES):
        client.get("/")
    author, category = StaffFactory(), CategoryFactory()
    bulk_posts(30, author, category)
    for tag in TagFactory.create_batch(5):
        tag.posts.set(Post.objects.all())
    with django_assert_max_num_queries(HOME_QUERIES):
        body = client.get("/").content.decode()
    assert body.count('<article class="entry') == 10


def test_post_page_with_ten_tags_and_eight_related_posts(client, django_assert_max_num_queries):
    tags = TagFactory.create_batch(10)
    post = PostFactory(tags=tags)
    for _ in range(12):
        PostFactory(tags=tags[:3])
    warm(client, post.get_absolute_url())
    with django_assert_max_num_queries(POST_QUERIES):
        body = client.get(post.get_absolute_url()).content.decode()
    assert body.count('rel="tag"') == 10
    related = body[body.index('class="related-posts"') :]
    assert related[: related.index("</section>")].count("<li>") == 8


def test_archive_with_a_thousand_posts(client, django_assert_max_num_queries):
    posts = bulk_posts(1000, StaffFactory(), CategoryFactory())
    newest = timezone.localtime(posts[-1].published_at).year
    for path, year in [("/archives/", newest), ("/archives/?year=2016", 2016)]:
        warm(client, path)
        with django_assert_max_num_queries(ARCHIVE_QUERIES):
            body = client.get(path).content.decode()
        in_year = [post for post in posts if timezone.localtime(post.published_at).year == year]
        assert 0 < len(in_year) < 1000
        assert body.count("<li><time datetime=") == len(in_year)
        assert body.count('<a href="/archives/?year=') == newest - 2015 + 1
    assert Category.objects.count() == 1 and Tag.objects.count() == 0


# The sitemap counts each of its five sections from the database (posts,
# categories, tags, series, static pages) and reads those that have rows:
# here posts and categories.
@pytest.mark.parametrize("url, queries", [("/feed/", 5), ("/feed/atom/", 5), ("/sitemap.xml", 7)])
def test_feeds_and_sitemap_do_not_grow_with_content(
    client, django_assert_max_num_queries, url, queries
):
    bulk_posts(50, StaffFactory(), CategoryFactory())
    warm(client, url)
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
