"""`manage.py seed_demo`: demo content that shows the site off, safe to run twice."""

import re
from io import StringIO

import pytest
import yaml
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone

from blog.importing.markdown import read_posts
from blog.models import Category, Page, Post, Series, Tag
from comments.models import Comment
from kexue.sitewide.management.commands.seed_demo import DEMO

LABEL = re.compile(r"\\label\{([^{}]+)\}")
EQREF = re.compile(r"\\eqref\{([^{}]+)\}")
IMAGE = re.compile(r"!\[[^\]]*\]\((\S+)")
DEMO_POSTS = read_posts(DEMO / "posts")
SITE = yaml.safe_load((DEMO / "site.yaml").read_text(encoding="utf-8"))


def seed(*args):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def counts():
    User = get_user_model()
    return {
        "posts": Post.objects.count(),
        "public": Post.objects.published().count(),
        "categories": Category.objects.count(),
        "tags": Tag.objects.count(),
        "users": User.objects.count(),
        "post tags": Post.tags.through.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "comments": Comment.objects.count(),
        "series": Series.objects.count(),
        "pages": Page.objects.count(),
    }


@pytest.mark.django_db
def test_seeding_creates_about_twenty_posts_with_the_draft_and_scheduled_ones_hidden():
    output = seed()

    assert 18 <= Post.objects.count() <= 25
    public = set(Post.objects.published().values_list("slug", flat=True))
    draft = Post.objects.get(status=Post.Status.DRAFT)
    scheduled = [post for post in Post.objects.all() if post.is_scheduled]
    assert len(scheduled) == 1
    assert draft.slug not in public and scheduled[0].slug not in public
    assert len(public) == Post.objects.count() - 2
    assert Post.objects.filter(pinned=True).count() == 1
    assert Category.objects.count() == 5
    assert Tag.objects.count() >= 12
    assert not Post.objects.filter(tags=None).exists()
    assert "Users: 3 (3 new)" in output
    assert "Categories: 5 (5 new)" in output
    assert "Demo posts: 25 (25 new; 1 draft, 1 scheduled)" in output
    assert "Series: 1 (1 new)" in output and "Pages: 2 (2 new)" in output
    assert "Demo comments: 20 in 4 discussions (20 new)" in output


@pytest.mark.django_db
def test_the_scheduled_post_goes_public_three_days_after_seeding_on_the_hour():
    before = timezone.now()
    seed()

    scheduled = next(post for post in Post.objects.all() if post.is_scheduled)
    assert scheduled.published_at.minute == scheduled.published_at.second == 0
    ahead = scheduled.published_at - before
    assert 3 * 24 - 1 <= ahead.total_seconds() / 3600 <= 3 * 24


@pytest.mark.django_db
def test_posts_span_several_years_and_mostly_chinese():
    seed()

    years = {post.published_at.year for post in Post.objects.published()}
    assert len(years) >= 6
    chinese = [post for post in DEMO_POSTS if re.search(r"[\u4e00-\u9fff]", post.title)]
    assert len(DEMO_POSTS) / 2 < len(chinese) < len(DEMO_POSTS)


@pytest.mark.django_db
def test_posts_are_labelled_only_with_the_categories_and_tags_of_site_yaml():
    seed()

    assert list(Category.objects.values_list("slug", flat=True)) == [
        category["slug"] for category in SITE["categories"]
    ]
    assert dict(Tag.objects.values_list("slug", "name")) == SITE["tags"]


@pytest.mark.django_db
def test_users_are_an_editor_and_two_members_who_cannot_log_in_yet():
    Group.objects.get_or_create(name="Editors")
    seed()

    editor = get_user_model().objects.get(username=SITE["editor"]["username"])
    assert editor.is_staff
    assert editor.groups.filter(name="Editors").exists()
    assert set(Post.objects.values_list("author", flat=True)) == {editor.pk}
    members = get_user_model().objects.filter(is_staff=False)
    assert members.count() == 2
    for user in get_user_model().objects.all():
        assert not user.has_usable_password()
        address = EmailAddress.objects.get(user=user)
        assert address.verified and address.primary and address.email == user.email


@pytest.mark.django_db
def test_discussions_are_threads_of_members_and_guests_with_math_after_their_posts():
    seed()

    comments = Comment.objects.select_related("post", "author")
    assert comments.count() == 20
    assert {comment.status for comment in comments} == {Comment.Status.APPROVED}
    assert max(comment.level for comment in comments) == 7  # replies seven deep
    members = [comment for comment in comments if comment.author is not None]
    guests = [comment for comment in comments if comment.author is None]
    assert {comment.author.username for comment in members} == {"lintian", "xiaoqing", "ada_park"}
    assert {comment.guest_name for comment in guests} == {"李雷", "韩梅梅", "Omar"}
    assert all(comment.guest_email.endswith("@example.org") for comment in guests)
    for comment in comments:
        assert 'class="arithmatex"' in comment.body_html, comment.body
        assert comment.created_at > comment.post.published_at
        assert comment.post.is_public


@pytest.mark.django_db
def test_the_demo_has_a_three_part_series_and_two_pages_in_the_menu(client):
    seed()

    series = Series.objects.get()
    parts = list(series.parts.order_by("series_position"))
    assert [part.series_position for part in parts] == [1, 2, 3]
    assert [part.slug for part in parts] == SITE["series"][0]["parts"]
    assert all(part.is_public for part in parts)
    assert client.get(series.get_absolute_url()).status_code == 200
    header = client.get("/").content.decode().split('class="site-nav"')[1].split("</nav>")[0]
    assert header.index('href="/about/"') < header.index('href="/about/licence/"')
    for page in Page.objects.all():
        assert client.get(page.get_absolute_url()).status_code == 200
        assert re.search(r"[\u4e00-\u9fff]", page.body) and page.body_html
    assert 'class="arithmatex"' in Page.objects.get(path="about").body_html


@pytest.mark.django_db
def test_running_twice_creates_nothing_new():
    seed()
    first = counts()
    output = seed()

    assert counts() == first
    new_counts = re.findall(r"\((\d+) new", output)
    assert new_counts == ["0"] * 7
    assert len(set(Post.objects.values_list("slug", flat=True))) == first["posts"]


@pytest.mark.django_db
def test_demo_posts_render_math_code_tables_footnotes_and_an_image():
    seed()
    posts = Post.objects.filter(slug__in=[post.slug for post in DEMO_POSTS])

    for post in posts:
        assert 'class="arithmatex"' in post.body_html, post.slug
        assert post.has_math
    html = "".join(posts.values_list("body_html", flat=True))
    assert "\\eqref{" in html
    assert "\\begin{align}" in html
    assert 'class="highlight"' in html
    assert "<table>" in html
    assert 'class="footnote"' in html
    assert '<img alt="' in html and 'src="/static/img/demo/' in html
    assert posts.exclude(toc_html="").exists()
    assert posts.filter(excerpt_html__contains="arithmatex").exists()
    assert sum(post.excerpt_html != post.body_html for post in posts) >= len(DEMO_POSTS) - 2


def test_every_eqref_refers_to_a_label_in_the_same_post():
    for post in DEMO_POSTS:
        labels = LABEL.findall(post.body)
        assert len(labels) == len(set(labels)), f"{post.slug}: duplicate label"
        missing = set(EQREF.findall(post.body)) - set(labels)
        assert not missing, f"{post.slug}: \\eqref without \\label: {missing}"
    assert any(EQREF.search(post.body) for post in DEMO_POSTS)


def test_an_excerpt_only_refers_to_equations_inside_it():
    # The home page typesets each excerpt on its own, without the rest of the post.
    for post in DEMO_POSTS:
        head = post.body.partition("<!--more-->")[0]
        assert set(EQREF.findall(head)) <= set(LABEL.findall(head)), head[:60]


def test_every_demo_image_is_a_static_file():
    images = [path for post in DEMO_POSTS for path in IMAGE.findall(post.body)]
    assert images
    for path in images:
        assert finders.find(path.removeprefix(settings.STATIC_URL)), path
