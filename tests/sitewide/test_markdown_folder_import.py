"""`import_markdown DIR` with what an export keeps beside its posts: site.yaml, media, comments."""

import json
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from blog.models import Attachment, Category, Page, Post, Series, Tag
from comments.models import Comment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

POST = "---\ntitle: {title}\nauthor: writer\ncategory: math\ntags: [series]\n---\nText $x$.\n"
SITE = """\
categories:
  - {slug: math, name: 数学, description: 分析与级数。, order: 2}
  - {slug: notes, name: 随笔, description: '', order: 1}
tags:
  series: 级数
media:
  - {file: attachments/2024/05/plot.gif, title: Plot, kind: image}
"""


def comment(id, body, parent=None, **fields):
    return {"id": id, "parent": parent, "body": body, **fields}


THREAD = [
    comment(7, "First $a$.", name="晓青", member="reader", date="2024-05-01T20:30:00+08:00"),
    comment(
        9, "A guest replies.", 7, name="李雷", website="https://lilei.example.org/",
        email="lilei@example.org", wants_replies=True, ip_address="192.0.2.7",
        date="2024-05-02T08:00:00+08:00", status="pending",
    ),
    comment(8, "", name="Omar", deleted=True, date="2024-05-01T21:00:00+08:00"),
    comment(
        10, "Still here.", 8, name="Ada", member="gone", date="2024-05-03T08:00:00+08:00",
        edited="2024-05-03T09:00:00+08:00",
    ),
]  # fmt: skip


def folder(tmp_path, thread=THREAD, site=SITE, media=b"GIF89a plot"):
    """An export-shaped folder: one post with a discussion, labels and an image.
    (tmp_path/media is the site's storage in tests.)"""
    root = tmp_path / "export"
    (root / "posts").mkdir(parents=True)
    (root / "posts" / "first.md").write_text(POST.format(title="First"), encoding="utf-8")
    if thread is not None:
        (root / "comments").mkdir()
        text = thread if isinstance(thread, str) else json.dumps({"comments": thread})
        (root / "comments" / "first.json").write_text(text, encoding="utf-8")
    if site is not None:
        (root / "site.yaml").write_text(site, encoding="utf-8")
    if media is not None:
        (root / "media" / "attachments" / "2024" / "05").mkdir(parents=True)
        (root / "media" / "attachments" / "2024" / "05" / "plot.gif").write_bytes(media)
    return root


def command(*args):
    out = StringIO()
    call_command("import_markdown", *map(str, args), stdout=out)
    return out.getvalue()


def everything():
    return (
        Post.objects.count(),
        Comment.objects.count(),
        Category.objects.count(),
        Tag.objects.count(),
        Attachment.objects.count(),
    )


@pytest.fixture
def writers():
    UserFactory(username="writer")
    return UserFactory(username="reader", display_name="晓青")


def test_a_folder_brings_its_labels_media_and_threaded_discussion(tmp_path, writers):
    output = command(folder(tmp_path))

    post = Post.objects.get(slug="first")
    math = Category.objects.get(slug="math")
    assert (math.name, math.description, math.order) == ("数学", "分析与级数。", 2)
    assert post.category == math and list(post.tags.values_list("name", flat=True)) == ["级数"]
    assert list(Category.objects.values_list("slug", flat=True)) == ["notes", "math"]
    plot = Attachment.objects.get()
    assert (plot.file.name, plot.title, plot.kind) == (
        "attachments/2024/05/plot.gif",
        "Plot",
        "image",
    )
    assert default_storage.open(plot.file.name).read() == b"GIF89a plot"
    comments = list(post.comments.in_display_order())
    shape = [(c.source_id, c.parent.source_id if c.parent else None, c.level) for c in comments]
    assert shape == [("7", None, 0), ("9", "7", 1), ("8", None, 0), ("10", "8", 1)]
    first, guest, deleted, orphan = comments
    assert first.author == writers and first.status == Comment.Status.APPROVED
    assert (guest.guest_name, guest.guest_website, guest.guest_email) == (
        "李雷",
        "https://lilei.example.org/",
        "lilei@example.org",
    )
    assert guest.guest_wants_replies and guest.ip_address == "192.0.2.7"
    assert guest.status == Comment.Status.PENDING
    assert deleted.is_deleted and not orphan.is_deleted
    assert orphan.author is None and orphan.guest_name == "Ada" and orphan.edited_at is not None
    assert f"{tmp_path / 'export' / 'comments' / 'first.json'}: gone have no account" in output
    assert (
        "Posts: 1 (1 new, 0 already there). Categories: 2 (2 new). Tags: 1 (1 new). "
        "Comments: 4 in 1 discussions (4 new). Media files: 1 (1 new)."
    ) in output


def test_importing_the_folder_again_changes_nothing(tmp_path, writers):
    source = folder(tmp_path)
    command(source)
    before = everything()

    output = command(source)

    assert everything() == before
    assert "Posts: 1 (0 new, 1 already there)" in output and "(0 new)." in output


def test_a_dry_run_counts_what_it_would_add_and_writes_nothing(tmp_path, writers):
    output = command(folder(tmp_path), "--dry-run")

    assert everything() == (0, 0, 0, 0, 0)
    assert not default_storage.exists("attachments/2024/05/plot.gif")
    assert "Comments: 4 in 1 discussions (4 new). Media files: 1 (1 new). Dry run" in output


@pytest.mark.parametrize(
    ("thread", "site", "media", "problem"),
    [
        ("{not json", SITE, b"x", "comments/first.json: not valid JSON"),
        ('{"replies": []}', SITE, b"x", 'first.json: not a discussion: expected {"comments"'),
        ([comment(1, "x", 5, name="A")], SITE, b"x", "replies to '5', which is not an earlier"),
        ([comment(1, "x", name="A", status="lost")], SITE, b"x", "unknown status 'lost'"),
        ([comment(1, "", name="A")], SITE, b"x", "comment 1: no body"),
        ([comment(1, "x", name=" ")], SITE, b"x", "comment 1: no name"),
        ([comment("1", "x", name="A")], SITE, b"x", "comment 1: id is '1', not a comment number"),
        ([comment(1, "x", name="A", date="soon")], SITE, b"x", "cannot read the date 'soon'"),
        (None, "categories: {math: 数学}", b"x", "site.yaml: categories must be a list"),
        (None, "tags:\n  Not A Slug: x\n", b"x", "tag 'Not A Slug': 'Not A Slug' is no slug"),
        (None, SITE, None, "05/plot.gif is missing"),
        (None, SITE + "pages:\n  - {path: archives/x, title: X, body: b}\n", b"x",
         "site.yaml: pages 1: the path 'archives/x'"),
        (None, SITE + "pages:\n  - {path: about, title: X}\n", b"x", "pages 1: the body is not"),
        (None, SITE + "pages:\n  - {path: a, title: X, body: b, status: gone}\n", b"x",
         "pages 1: the status is 'gone'"),
        (None, SITE + "series:\n  - {slug: s, title: '', parts: []}\n", b"x",
         "series 1: the title '' is not text"),
        (None, SITE + "series:\n  - {slug: s, title: S, parts: first}\n", b"x",
         "series 1: parts must be a list of post slugs"),
        (None, SITE.replace("attachments/", "../"), b"x", "is not a file name inside media/"),
    ],
)  # fmt: skip
def test_a_bad_discussion_site_file_or_media_file_is_named_and_nothing_is_written(
    tmp_path, writers, thread, site, media, problem
):
    source = folder(tmp_path, thread=thread, site=site, media=media)

    with pytest.raises(CommandError) as raised:
        command(source)

    assert str(raised.value).startswith("Nothing imported.\n") and problem in str(raised.value)
    assert everything() == (0, 0, 0, 0, 0)
    assert not default_storage.exists("attachments/2024/05/plot.gif")


SERIES_AND_PAGES = """series:
  - {slug: first-steps, title: 第一步, description: Two parts., parts: [first, elsewhere]}
pages:
  - path: about
    title: 关于
    status: published
    in_menu: true
    menu_order: 1
    aliases: [/about-me/, "/?page_id=4"]
    body: |
      About $x$.
"""


def test_a_folder_brings_its_series_and_pages(tmp_path, writers, client):
    source = folder(tmp_path, site=SITE + SERIES_AND_PAGES)
    dry = command(source, "--dry-run")
    assert "Series: 1 (1 new, 0 parts placed). Pages: 1 (1 new). Dry run" in dry
    assert not Page.objects.exists() and not Series.objects.exists()

    output = command(source)

    assert "Series: 1 (1 new, 1 parts placed). Pages: 1 (1 new)." in output
    assert "series first-steps: no post has the slug 'elsewhere'" in output
    post = Post.objects.get(slug="first")
    assert (post.series.title, post.series_position) == ("第一步", 1)
    page = Page.objects.get()
    assert (page.title, page.in_menu, page.menu_order) == ("关于", True, 1)
    assert 'class="arithmatex"' in page.body_html
    for path, query in [("/about-me/", {}), ("/", {"page_id": "4"})]:
        response = client.get(path, query)
        assert (response.status_code, response["Location"]) == (301, "/about/")
    assert "Series: 1 (0 new, 0 parts placed). Pages: 1 (0 new)." in command(source)


def test_a_discussion_without_its_post_is_a_problem(tmp_path, writers):
    source = folder(tmp_path)
    (source / "comments" / "first.json").rename(source / "comments" / "elsewhere.json")

    with pytest.raises(CommandError, match="elsewhere.json: no post file has the slug 'elsewhere'"):
        command(source)
    assert everything() == (0, 0, 0, 0, 0)


def test_a_media_file_that_differs_from_the_sites_own_is_refused(tmp_path, writers):
    default_storage.save("attachments/2024/05/plot.gif", ContentFile(b"another picture"))

    with pytest.raises(CommandError, match="the site already has a different file named"):
        command(folder(tmp_path))

    assert everything() == (0, 0, 0, 0, 0)
    assert default_storage.open("attachments/2024/05/plot.gif").read() == b"another picture"


def test_a_post_that_was_there_keeps_its_own_discussion(tmp_path, writers):
    source = folder(tmp_path)
    (source / "comments" / "first.json").unlink()
    command(source)
    (source / "comments" / "first.json").write_text(json.dumps({"comments": THREAD}))

    output = command(source)

    assert not Comment.objects.exists()
    assert "Comments: 4 in 1 discussions (0 new)." in output


def test_post_numbers_are_kept_when_free_and_new_posts_never_meet_them(tmp_path, writers, client):
    taken = Post.objects.create(title="Here first", author=writers, body="x")
    number = taken.pk + 40
    (tmp_path / "a.md").write_text(f"---\ntitle: A\nauthor: writer\nnumber: {number}\n---\nA\n")
    (tmp_path / "b.md").write_text(f"---\ntitle: B\nauthor: writer\nnumber: {taken.pk}\n---\nB\n")
    (tmp_path / "c.md").write_text("---\ntitle: C\nauthor: writer\n---\nC.\n")

    command(tmp_path)

    numbers = dict(Post.objects.values_list("slug", "pk"))
    assert numbers["a"] == number and numbers["b"] > number and numbers["c"] > number
    assert '<h1 class="post-title">A</h1>' in client.get(f"/archives/{number}/").text
    later = Post.objects.create(title="Later", author=writers, body="x")
    assert later.pk > max(numbers.values())


def test_two_files_with_one_number_are_a_problem(tmp_path, writers):
    (tmp_path / "a.md").write_text("---\ntitle: A\nauthor: writer\nnumber: 40\n---\nA.\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\nauthor: writer\nnumber: 40\n---\nB.\n")

    with pytest.raises(CommandError, match="b.md: number 40 is also the number of .*a.md"):
        command(tmp_path)
    assert not Post.objects.exists()
