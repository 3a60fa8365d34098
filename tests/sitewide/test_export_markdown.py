"""`manage.py export_markdown DIR`: every post, discussion, label and media file as files."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import yaml
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from blog.importing.markdown import read_post
from blog.models import Attachment, LegacyPath, Post
from comments.models import Comment
from members.services import delete_account
from tests.factories import (
    CategoryFactory,
    CommentFactory,
    MemberCommentFactory,
    PostFactory,
    TagFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

BODY = "Take $\\theta=\\pi$ in $e^{i\\theta}$.\n\n<!--more-->\n\n```python\nprint('$x$')\n```"


def export(folder, *args):
    out = StringIO()
    call_command("export_markdown", str(folder), *args, stdout=out)
    return out.getvalue()


def files(folder):
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def site():
    """A published post with an old address and a discussion, a draft and a scheduled post."""
    writer = UserFactory(username="writer")
    math = CategoryFactory(slug="math", name="数学")
    math.description, math.order = "分析与级数。", 3
    math.save()
    post = PostFactory(
        slug="euler",
        title="Euler: a first look",
        author=writer,
        category=math,
        body=BODY,
        pinned=True,
        published_at=datetime(2021, 4, 11, 8, 0, 0, 250000, tzinfo=UTC),
        tags=[TagFactory(slug="series", name="级数")],
    )
    LegacyPath.objects.create(path="/2021/04/euler", post=post)
    LegacyPath.objects.create(path="/?p=12", post=post)
    PostFactory(slug="unfinished", author=writer, status=Post.Status.DRAFT, category=None)
    PostFactory(
        slug="soon", author=writer, category=math, published_at=timezone.now() + timedelta(days=3)
    )
    member = MemberCommentFactory(
        post=post, author__username="ada", author__display_name="Ada L.", body="Nice $x$."
    )
    guest = CommentFactory(
        post=post, parent=member, guest_name="李雷", guest_email="lilei@example.org",
        guest_website="https://lilei.example.org/", guest_wants_replies=True,
        ip_address="192.0.2.7", status=Comment.Status.PENDING, body="A reply.",
    )  # fmt: skip
    withdrawn = CommentFactory(post=post, guest_name="Omar", body="I take it back.")
    Comment.objects.filter(pk=withdrawn.pk).update(is_deleted=True)
    return post, member, guest, withdrawn


def test_every_post_is_written_with_front_matter_the_importer_reads_back(tmp_path, site):
    post = site[0]

    export(tmp_path / "out")

    written = tmp_path / "out" / "posts"
    assert sorted(path.name for path in written.iterdir()) == [
        "euler.md",
        "soon.md",
        "unfinished.md",
    ]
    text = (written / "euler.md").read_text(encoding="utf-8")
    assert text.endswith(f"---\n{BODY}\n")
    back = read_post(written / "euler.md")
    assert (back.title, back.slug, back.author, back.category) == (
        post.title,
        "euler",
        "writer",
        "math",
    )
    assert back.published_at == post.published_at and "+08:00" in text
    assert back.tags == ("series",) and back.pinned and back.status == Post.Status.PUBLISHED
    assert back.number == post.pk and back.aliases == ("/2021/04/euler", "/?p=12")
    assert back.body == BODY and back.ignored == ()
    assert read_post(written / "unfinished.md").status == Post.Status.DRAFT
    soon = read_post(written / "soon.md")
    assert soon.status == Post.Status.PUBLISHED and soon.published_at > timezone.now()


def test_a_discussion_names_writers_as_readers_see_them_and_keeps_private_things_in(tmp_path, site):
    post, member, guest, withdrawn = site

    export(tmp_path / "out")

    text = (tmp_path / "out" / "comments" / "euler.json").read_text(encoding="utf-8")
    entries = json.loads(text)["comments"]
    assert [(entry["id"], entry["parent"]) for entry in entries] == [
        (member.pk, None),
        (guest.pk, member.pk),
        (withdrawn.pk, None),
    ]
    first, reply, deleted = entries
    assert (first["name"], first["member"], first["body"]) == ("Ada L.", "ada", "Nice $x$.")
    assert reply["name"] == "李雷" and reply["website"] == "https://lilei.example.org/"
    assert reply["status"] == "pending" and "member" not in reply
    assert deleted["deleted"] is True and "body" not in deleted
    for private in ("lilei@example.org", "192.0.2.7", "I take it back", "ada@", "wants_replies"):
        assert private not in text
    assert not (tmp_path / "out" / "comments" / "soon.json").exists()


def test_private_details_are_written_only_when_asked_for(tmp_path, site):
    export(tmp_path / "out", "--include-private")

    entries = json.loads((tmp_path / "out" / "comments" / "euler.json").read_text())["comments"]
    reply, deleted = entries[1], entries[2]
    assert reply["email"] == "lilei@example.org" and reply["wants_replies"] is True
    assert reply["ip_address"] == "192.0.2.7"
    assert deleted["body"] == "I take it back."


def test_a_member_who_left_is_named_as_readers_see_them_without_the_username(tmp_path, site):
    member = site[1]
    delete_account(member.author)

    export(tmp_path / "out")

    [first] = [
        entry
        for entry in json.loads((tmp_path / "out" / "comments" / "euler.json").read_text())[
            "comments"
        ]
        if entry["id"] == member.pk
    ]
    assert "member" not in first
    assert first["name"] == str(Comment.objects.get(pk=member.pk).author_name)


def test_labels_and_media_files_go_into_site_yaml_and_media(tmp_path, site):
    plot = Attachment.objects.create(
        title="Plot", file=ContentFile(b"GIF89a plot", name="plot.gif"), kind="image"
    )
    Attachment.objects.create(title="Lost", file="attachments/2020/01/lost.pdf", kind="file")

    output = export(tmp_path / "out")

    described = yaml.safe_load((tmp_path / "out" / "site.yaml").read_text(encoding="utf-8"))
    assert described["categories"] == [
        {"slug": "math", "name": "数学", "description": "分析与级数。", "order": 3}
    ]
    assert described["tags"] == {"series": "级数"}
    assert described["media"] == [{"file": plot.file.name, "title": "Plot", "kind": "image"}]
    assert (tmp_path / "out" / "media" / plot.file.name).read_bytes() == b"GIF89a plot"
    assert "attachments/2020/01/lost.pdf is not in the site's storage; 'Lost' is left out" in output
    assert "3 posts, 0 pages, 3 comments in 1 discussions, 1 media files." in output


def test_a_folder_with_something_in_it_is_refused_unless_forced(tmp_path, site):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")

    with pytest.raises(CommandError, match="out is not empty: export into an empty or new folder"):
        export(folder)
    assert files(folder) == {"notes.txt": b"mine"}

    export(folder, "--force")
    assert "posts/euler.md" in files(folder) and files(folder)["notes.txt"] == b"mine"


def test_exporting_again_writes_the_same_files_and_drops_what_is_gone(tmp_path, site):
    folder = tmp_path / "out"
    export(folder)
    first = files(folder)

    export(folder, "--force")
    assert files(folder) == first

    Post.objects.filter(slug="unfinished").delete()
    export(folder, "--force")
    assert set(first) - set(files(folder)) == {"posts/unfinished.md"}


def test_a_file_in_place_of_the_folder_is_refused(tmp_path):
    (tmp_path / "out").write_text("x")

    with pytest.raises(CommandError, match="Nothing exported: .*out is a file, not a folder."):
        export(tmp_path / "out")
