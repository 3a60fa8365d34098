"""`manage.py seed_demo`: demo content that shows the site off, safe to run twice."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.staticfiles import finders
from django.core.management import call_command

from blog import demo
from blog.models import Category, Post, Tag

LABEL = re.compile(r"\\label\{([^{}]+)\}")
EQREF = re.compile(r"\\eqref\{([^{}]+)\}")
IMAGE = re.compile(r"!\[[^\]]*\]\((\S+)")


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
    assert "Demo posts: 22 (22 new" in output


@pytest.mark.django_db
def test_posts_span_several_years_and_mostly_chinese():
    seed()

    years = {post.published_at.year for post in Post.objects.published()}
    assert len(years) >= 6
    chinese = [p for p in demo.POSTS if re.search(r"[\u4e00-\u9fff]", p.title)]
    assert len(demo.POSTS) / 2 < len(chinese) < len(demo.POSTS)


@pytest.mark.django_db
def test_users_are_an_editor_and_two_members_who_cannot_log_in_yet():
    Group.objects.get_or_create(name="Editors")
    seed()

    editor = get_user_model().objects.get(username=demo.EDITOR["username"])
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
def test_running_twice_creates_nothing_new():
    seed()
    first = counts()
    output = seed()

    assert counts() == first
    assert "(0 new" in output
    assert len(set(Post.objects.values_list("slug", flat=True))) == first["posts"]


@pytest.mark.django_db
def test_demo_posts_render_math_code_tables_footnotes_and_an_image():
    seed()
    posts = Post.objects.filter(slug__in=[p.slug for p in demo.POSTS])

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
    assert sum(post.has_more for post in posts) >= len(demo.POSTS) - 2


def test_every_eqref_refers_to_a_label_in_the_same_post():
    for post in demo.POSTS:
        labels = LABEL.findall(post.body)
        assert len(labels) == len(set(labels)), f"{post.slug}: duplicate label"
        missing = set(EQREF.findall(post.body)) - set(labels)
        assert not missing, f"{post.slug}: \\eqref without \\label: {missing}"
    assert any(EQREF.search(post.body) for post in demo.POSTS)


def test_an_excerpt_only_refers_to_equations_inside_it():
    # The home page typesets each excerpt on its own, without the rest of the post.
    for post in demo.POSTS:
        head = post.body.partition("<!--more-->")[0]
        assert set(EQREF.findall(head)) <= set(LABEL.findall(head)), head[:60]


def test_every_demo_image_is_a_static_file():
    images = [path for post in demo.POSTS for path in IMAGE.findall(post.body)]
    assert images
    for path in images:
        assert finders.find(path.removeprefix(settings.STATIC_URL)), path
