"""Export, then import into an emptied site: the public site reads the same (Acceptance 5)."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from blog.models import Attachment, Category, LegacyPath, Page, Post, Series, Tag
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

OLD_PATH = "/2015/06/moving-in/"
# Tree numbers are the database's bookkeeping: a page never shows one to a reader.
TREE_NUMBER = re.compile(r'data-tree="\d+"')


def moved_in_post():
    """A post with an image, an old address and a deep thread of every kind of comment."""
    User = get_user_model()
    editor, xiaoqing, ada = (
        User.objects.get(username=name) for name in ("lintian", "xiaoqing", "ada_park")
    )
    plot = Attachment.objects.create(
        title="Plot", file=ContentFile(b"GIF89a plot", name="plot.gif"), kind="image"
    )
    post = Post.objects.create(
        title="搬家：一场很深的讨论",
        slug="moving-in",
        author=editor,
        category=Category.objects.get(slug="math"),
        body=(
            f"欧拉恒等式 $e^{{i\\pi}} + 1 = 0$。\n\n{plot.markdown}\n\n<!--more-->\n\n"
            "$$\\int_0^1 x\\,dx = \\tfrac12$$"
        ),
        status=Post.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=2),
    )
    post.tags.set(Tag.objects.filter(slug__in=["series", "integrals"]))
    LegacyPath.objects.create(path="/2015/06/moving-in", post=post)
    started = post.published_at
    writers = [
        {"author": xiaoqing, "guest_name": "", "guest_email": ""},
        {"guest_name": "李雷", "guest_website": "https://lilei.example.org/"},
        {"author": ada, "guest_name": "", "guest_email": ""},
    ]
    parent = None
    for depth in range(9):
        parent = CommentFactory(
            post=post,
            parent=parent,
            body=f"第 {depth} 层：$x_{{{depth}}}^2 < \\infty$",
            created_at=started + timedelta(hours=depth + 1),
            **writers[depth % 3],
        )
    root = Comment.objects.get(post=post, level=0)
    CommentFactory(
        post=post, parent=root, guest_name="韩梅梅", status=Comment.Status.PENDING,
        body="还在审核中。", created_at=started + timedelta(hours=20),
    )  # fmt: skip
    withdrawn = CommentFactory(
        post=post,
        guest_name="Omar",
        body="I take it back.",
        created_at=started + timedelta(hours=21),
    )
    CommentFactory(
        post=post, parent=withdrawn, author=ada, guest_name="", guest_email="",
        body="The reply stays.", created_at=started + timedelta(hours=22),
        edited_at=started + timedelta(hours=23),
    )  # fmt: skip
    Comment.objects.filter(pk=withdrawn.pk).update(is_deleted=True)
    CommentFactory(
        post=post, guest_name="spammer", status=Comment.Status.SPAM, body="buy now",
        created_at=started + timedelta(hours=24),
    )  # fmt: skip
    return post


def thread(post):
    """The whole discussion as the database holds it, in display order, without ids:
    depth, the parent's place, writer, text, state and dates."""
    comments = list(Comment.objects.filter(post=post).in_display_order().select_related("author"))
    position = {comment.pk: number for number, comment in enumerate(comments)}
    return [
        (
            comment.level,
            position.get(comment.parent_id),
            str(comment.author_name),
            comment.author.username if comment.author else comment.guest_website,
            # Readers never see a deleted comment's text; an export leaves it out.
            None if comment.is_deleted else (comment.body, comment.body_html),
            comment.status,
            comment.is_deleted,
            comment.created_at,
            comment.edited_at,
        )
        for comment in comments
    ]


def public_site(client):
    """Every post by slug: a public one's page as a reader sees it, the others as stored."""
    site = {}
    for post in Post.objects.order_by("slug"):
        entry = {
            "url": post.get_absolute_url(),
            "status": post.status,
            "published_at": post.published_at,
            "pinned": post.pinned,
            "labels": (post.category.slug, sorted(post.tags.values_list("slug", flat=True))),
            "thread": thread(post),
        }
        if post.is_public:
            page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
            entry["title"] = page.select_one("h1.post-title").get_text()
            entry["body"] = str(page.select_one("div.post-body"))
            heading, comments = (
                page.select_one("#comments-heading"),
                page.select_one(".comment-list"),
            )
            entry["discussion"] = heading.get_text(), TREE_NUMBER.sub("", str(comments))
            entry["series"] = str(page.select_one(".series-box"))
        site[post.slug] = entry
    return site


def static_pages(client):
    """Every static page as readers see it, with the header's menu; the series pages."""
    found = {}
    for page in Page.objects.order_by("path"):
        html = BeautifulSoup(client.get(page.get_absolute_url()).content, "html.parser")
        found[page.path] = (page.status, str(html.main), str(html.select_one(".site-nav")))
    for series in Series.objects.all():
        html = BeautifulSoup(client.get(series.get_absolute_url()).content, "html.parser")
        found[series.get_absolute_url()] = str(html.main)
    return found


def list_pages(client):
    """The home page, the archive and each category's page: the posts' order and excerpts."""
    paths = ["/", "/archives/"] + [
        category.get_absolute_url() for category in Category.objects.all()
    ]
    return {
        path: str(BeautifulSoup(client.get(path).content, "html.parser").main) for path in paths
    }


def empty_the_site():
    """Everything the export holds goes; the members stay, as on a new site they sign up."""
    for attachment in Attachment.objects.all():
        default_storage.delete(attachment.file.name)
    Attachment.objects.all().delete()
    Post.objects.all().delete()  # their comments and old addresses with them
    Category.objects.all().delete()
    Tag.objects.all().delete()
    Series.objects.all().delete()
    Page.objects.all().delete()


def test_an_export_imported_into_an_emptied_site_reads_the_same(tmp_path, client):
    call_command("seed_demo", stdout=StringIO())
    moved = moved_in_post()
    image = moved.body.split("](", 1)[1].split(")", 1)[0]
    before, lists_before = public_site(client), list_pages(client)
    pages_before = static_pages(client)
    assert len(pages_before) == 3 and "series-box" in str(before)
    assert default_storage.exists(image.removeprefix("/media/"))
    folder = tmp_path / "export"
    call_command("export_markdown", str(folder), stdout=StringIO())

    empty_the_site()
    assert not Post.objects.exists() and not Comment.objects.exists()
    output = StringIO()
    call_command("import_markdown", str(folder), stdout=output)

    after = public_site(client)
    assert sorted(after) == sorted(before)
    for slug, page in before.items():
        assert after[slug] == page, slug
    assert list_pages(client) == lists_before
    assert static_pages(client) == pages_before
    assert default_storage.exists(image.removeprefix("/media/"))
    moved = Post.objects.get(slug="moving-in")
    response = client.get(OLD_PATH)
    assert response.status_code == 301 and response["Location"] == moved.get_absolute_url()
    assert "Comments:" in output.getvalue() and "Media files: 1 (1 new)." in output.getvalue()
    assert "Series: 1 (1 new, 3 parts placed). Pages: 2 (2 new)." in output.getvalue()
