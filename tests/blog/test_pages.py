from datetime import timedelta

import pytest
from django.utils import timezone

from blog.models import Post
from tests.factories import CategoryFactory, PostFactory, StaffFactory, TagFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/archives/", "/feed/", "/feed/atom/", "/sitemap.xml"]


def test_home_lists_newest_first_with_date_badge_category_excerpt_and_read_more(client):
    older = PostFactory(title="Older", published_at=timezone.now() - timedelta(days=3))
    newer = PostFactory(title="Newer", published_at=timezone.now() - timedelta(days=1))
    body = client.get("/").content.decode()
    assert body.index("Newer") < body.index("Older")
    day = timezone.localtime(newer.published_at)
    assert f'<span class="date-day">{day.day}</span>' in body
    assert newer.category.name in body
    assert "Euler" in body and "More text." not in body  # the excerpt stops at <!--more-->
    assert f'href="{older.get_absolute_url()}"' in body
    assert "阅读全文" in body


def test_home_puts_pinned_posts_first_and_pages_by_ten(client):
    pinned = PostFactory(title="Pinned classic", published_at=timezone.now() - timedelta(days=400))
    pinned.pinned = True
    pinned.save()
    for _ in range(12):
        PostFactory()
    first = client.get("/").content.decode()
    assert first.count('<article class="entry') == 10
    assert first.index("Pinned classic") < first.index("Post number")
    second = client.get("/?page=2").content.decode()
    assert second.count('<article class="entry') == 3
    assert client.get("/?page=99").status_code == 404
    assert client.get("/?page=abc").status_code == 404


def test_post_page_shows_meta_body_toc_neighbours_and_related(client):
    tag = TagFactory(name="熵")
    previous = PostFactory(title="Before", published_at=timezone.now() - timedelta(days=9))
    post = PostFactory(
        title="信息与熵",
        published_at=timezone.now() - timedelta(days=5),
        body="Intro $H$.\n\n## 第一节\n\na\n\n## 第二节\n\nb\n\n## 第三节\n\nc",
        tags=[tag],
    )
    following = PostFactory(
        title="After", published_at=timezone.now() - timedelta(days=1), tags=[tag]
    )
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<h1 class="post-title">信息与熵</h1>' in body
    assert 'href="/tag/' in body and "熵" in body
    assert 'class="post-toc math-scope tex2jax_ignore"' in body and 'href="#第一节"' in body
    assert f'href="{previous.get_absolute_url()}" rel="prev"' in body
    assert f'href="{following.get_absolute_url()}" rel="next"' in body
    related = body[body.index('class="related-posts"') :]
    assert "After" in related
    assert "vendor/mathjax/tex-chtml.js" in body


def test_every_page_loads_mathjax_once_since_the_sidebar_shows_formulas_anywhere(client):
    # A post without math still has the recent comments, and search results
    # and archives show excerpts and snippets with formulas.
    post = PostFactory(body="Plain prose, no formulas at all.")
    for path in [post.get_absolute_url(), "/", "/search/?q=prose", "/archives/"]:
        assert client.get(path).content.decode().count('id="MathJax-script"') == 1, path


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_drafts_and_scheduled_posts_are_invisible_to_the_public(client, state):
    visible = PostFactory(title="Visible post")
    hidden = PostFactory(title="Hidden post", tags=[TagFactory(slug="secret")])
    if state == "draft":
        hidden.status = Post.Status.DRAFT
    else:
        hidden.published_at = timezone.now() + timedelta(days=2)
    hidden.save()
    year = timezone.localtime(hidden.published_at).year
    month = timezone.localtime(hidden.published_at).month
    pages = [
        *PUBLIC_PAGES,
        f"/date/{year}/",
        f"/date/{year}/{month:02d}/",
        hidden.category.get_absolute_url(),
        f"/category/{hidden.category.slug}/feed/",
        f"/author/{hidden.author.username}/",
        f"/archives/{visible.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200, url
        assert "Hidden post" not in response.content.decode(), url
        assert f"/archives/{hidden.pk}/" not in response.content.decode(), url
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/tag/secret/").status_code == 200
    assert "Hidden post" not in client.get("/tag/secret/").content.decode()


def test_staff_see_drafts_with_a_banner(client):
    draft = PostFactory(title="Work in progress", status="draft")
    client.force_login(StaffFactory())
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "Work in progress" in body
    assert 'class="draft-banner"' in body


def test_archive_groups_every_post_by_year_and_month_with_counts(client):
    tz = timezone.get_current_timezone()
    for when in ["2023-03-02", "2023-03-20", "2024-07-09"]:
        PostFactory(published_at=timezone.datetime.fromisoformat(when).replace(tzinfo=tz))
    body = client.get("/archives/").content.decode()
    assert body.index(">2024</a>") < body.index(">2023</a>")
    # Every year with its count; the newest year's posts.
    assert '<a href="/archives/?year=2023">2023</a> <span class="count">(2)</span>' in body
    assert '<a href="/archives/?year=2024" aria-current="page">2024</a>' in body
    shown = archive_year(body)
    assert '<a href="/date/2024/07/">' in shown and '<a href="/date/2023/03/">' not in shown
    assert "共 3 篇文章" in body
    shown = archive_year(client.get("/archives/?year=2023").content.decode())
    assert '<a href="/date/2023/">2023</a> <span class="count">(2)</span>' in shown
    assert '<a href="/date/2023/03/">' in shown and '<a href="/date/2024/07/">' not in shown
    assert shown.count("<li><time datetime=") == 2


def archive_year(body):
    """The year of posts an archive page shows (the sidebar links to months too)."""
    shown = body[body.index('<section class="archive-year">') :]
    return shown[: shown.index("</section>")]


@pytest.mark.parametrize("year", ["1999", "abc", "", "2023.0"])
def test_archive_of_a_year_without_posts_is_404(client, year):
    PostFactory(published_at=timezone.datetime(2023, 3, 2, tzinfo=timezone.get_current_timezone()))
    assert client.get(f"/archives/?year={year}").status_code == 404


def test_year_month_category_tag_and_author_pages_list_posts(client):
    tz = timezone.get_current_timezone()
    tag = TagFactory(name="Fourier", slug="fourier")
    post = PostFactory(
        title="Fourier series",
        published_at=timezone.datetime(2022, 5, 4, 12, tzinfo=tz),
        tags=[tag],
    )
    PostFactory(title="Elsewhere", published_at=timezone.datetime(2021, 1, 4, 12, tzinfo=tz))
    for url in [
        "/date/2022/",
        "/date/2022/05/",
        post.category.get_absolute_url(),
        "/tag/fourier/",
        f"/author/{post.author.username}/",
    ]:
        body = client.get(url).content.decode()
        assert "Fourier series" in body, url
        if url != f"/author/{post.author.username}/":
            assert "Elsewhere" not in body, url


def test_unknown_things_are_404_not_500(client):
    for url in ["/archives/999999/", "/category/nope/", "/tag/nope/", "/author/nobody/",
                "/date/2022/13/", "/category/nope/feed/"]:  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_sidebar_widgets_show_categories_tags_and_years_with_public_counts(client):
    category = CategoryFactory(name="Physics", slug="physics")
    tag = TagFactory(name="Noether", slug="noether")
    tz = timezone.get_current_timezone()
    in_2023 = timezone.datetime(2023, 3, 2, tzinfo=tz)
    PostFactory(category=category, tags=[tag], published_at=in_2023)
    PostFactory(category=category, tags=[tag], status="draft")
    PostFactory(published_at=timezone.datetime(2021, 5, 2, tzinfo=tz))
    PostFactory(published_at=timezone.datetime(2021, 6, 2, tzinfo=tz))
    PostFactory(category=category, tags=[tag], published_at=timezone.now() + timedelta(days=1))
    body = client.get("/", headers={"accept-language": "en"}).content.decode()
    assert '<a href="/category/physics/">Physics</a> <span class="count">(1)</span>' in body
    assert '<a href="/tag/noether/">Noether</a> <span class="count">1</span>' in body
    # Years with counts, each opening on its months without script; the newest open.
    widget = body[body.index('class="widget widget-years"') :]
    widget = widget[: widget.index("</section>")]
    assert '<details class="archive-year-months" open>' in widget
    assert '<summary>2023 <span class="count">(1)</span></summary>' in widget
    assert '<summary>2021 <span class="count">(2)</span></summary>' in widget
    assert widget.count("<details") == 2 and widget.count(" open>") == 1
    assert '<a href="/date/2021/">All of 2021</a>' in widget
    assert '<a href="/date/2021/06/">June 2021</a> <span class="count">(1)</span>' in widget


def test_post_has_open_graph_and_description_meta(client):
    post = PostFactory(title="Meta test")
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Meta test">' in body
    assert '<meta name="description" content="Euler' in body


def test_cached_list_fragments_follow_new_posts_and_comments_at_once(client):
    from comments.services import submit_comment
    from tests.factories import VerifiedMemberFactory

    PostFactory(title="First post")
    english = {"accept-language": "en"}
    assert "First post" in client.get("/", headers=english).content.decode()
    second = PostFactory(title="Second post")
    body = client.get("/", headers=english).content.decode()
    assert "Second post" in body and "0 comments" in body
    submit_comment(post=second, author=VerifiedMemberFactory(), body="Nice",
                   address="192.0.2.1", user_agent="", base_url="")  # fmt: skip
    assert "1 comment<" in client.get("/", headers=english).content.decode()


def test_neighbours_are_public_posts_and_posts_of_the_same_moment_go_by_number(client):
    moment = timezone.now() - timedelta(days=2)
    first = PostFactory(title="First", published_at=moment)
    second = PostFactory(title="Second", published_at=moment)
    PostFactory(title="Draft after", published_at=moment + timedelta(hours=1), status="draft")
    PostFactory(title="Scheduled", published_at=timezone.now() + timedelta(days=1))
    body = client.get(second.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}" rel="prev"' in body
    assert 'rel="next"' not in body
    body = client.get(first.get_absolute_url()).content.decode()
    assert f'href="{second.get_absolute_url()}" rel="next"' in body
    assert 'rel="prev"' not in body
