"""`manage.py generate_wxr FILE`: a WordPress export at benchmark scale."""

import re
from datetime import datetime
from io import StringIO

import pytest
from defusedxml import ElementTree
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Max

from blog.models import Post
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
MATH_FORMS = ["$$", "\\(", "\\[", "\\begin{align}", "\\begin{equation}", "[latex]", "$latex "]


def generate(path, *args):
    out = StringIO()
    call_command("generate_wxr", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    path = tmp_path_factory.mktemp("wxr") / "export.xml"
    summary = generate(path, "--posts", "30", "--comments", "600")
    return path, summary, ElementTree.parse(path).getroot().find("channel")


def comments_by_item(channel):
    for item in channel.iter("item"):
        yield (
            item,
            [
                {field.tag.removeprefix(WP): field.text or "" for field in comment}
                for comment in item.iter(f"{WP}comment")
            ],
        )


def test_the_export_has_that_many_posts_and_comments(export):
    path, summary, channel = export

    assert channel.findtext(f"{WP}wxr_version") == "1.2"
    items = channel.findall("item")
    assert len(items) == 30
    assert {item.findtext(f"{WP}post_type") for item in items} == {"post"}
    ids = [c["comment_id"] for _, comments in comments_by_item(channel) for c in comments]
    assert len(ids) == len(set(ids)) == 600
    assert summary.startswith(f"Wrote {path}: 30 posts, 600 comments in ")


def test_replies_answer_earlier_approved_comments_of_their_post_up_to_ten_deep(export):
    _, summary, channel = export
    deepest = 0
    for _, comments in comments_by_item(channel):
        level = {}
        for comment in comments:
            parent = comment["comment_parent"]
            if parent == "0":
                level[comment["comment_id"]] = 1
                continue
            answered = next(c for c in comments if c["comment_id"] == parent)
            assert answered["comment_approved"] == "1"
            assert answered["comment_date_gmt"] < comment["comment_date_gmt"]
            level[comment["comment_id"]] = level[parent] + 1
        deepest = max([deepest, *level.values()])
    assert deepest == 10
    assert "(deepest 10 levels)" in summary


def test_comments_mix_states_and_writers_and_posts_carry_every_math_form(export):
    _, _, channel = export
    comments = [c for _, cs in comments_by_item(channel) for c in cs]

    assert {c["comment_approved"] for c in comments} == {"1", "0", "spam"}
    guests = [c for c in comments if c["comment_user_id"] == "0"]
    assert all("@" in c["comment_author_email"] for c in guests)
    assert any(c["comment_author_url"].startswith("https://") for c in guests)
    assert any(c["comment_user_id"] != "0" for c in comments)
    bodies = "".join(item.findtext(CONTENT) for item in channel.iter("item"))
    assert all(form in bodies for form in MATH_FORMS)
    dates = [datetime.fromisoformat(c["comment_date_gmt"]) for c in comments]
    assert len(set(dates)) > 500


def test_the_same_seed_writes_the_same_file(tmp_path):
    generate(tmp_path / "a.xml", "--posts", "5", "--comments", "40", "--seed", "7")
    generate(tmp_path / "b.xml", "--posts", "5", "--comments", "40", "--seed", "7")
    generate(tmp_path / "c.xml", "--posts", "5", "--comments", "40", "--seed", "8")

    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()
    assert (tmp_path / "a.xml").read_bytes() != (tmp_path / "c.xml").read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--posts", "0"], "--posts takes one or more, --comments zero or more."),
        (["--comments", "-1"], "--posts takes one or more, --comments zero or more."),
    ],
)
def test_bad_counts_are_refused(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        generate(tmp_path / "export.xml", *args)

    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_left_alone(tmp_path):
    existing = tmp_path / "export.xml"
    existing.write_text("mine")

    with pytest.raises(CommandError, match="exists already; remove it or name another file"):
        generate(existing, "--posts", "1")

    assert existing.read_text() == "mine"


@pytest.mark.django_db
def test_the_export_imports_whole_once_with_sound_trees(tmp_path):
    path = tmp_path / "export.xml"
    summary = generate(path, "--posts", "10", "--comments", "150")
    deepest = int(re.search(r"deepest (\d+) levels", summary)[1])

    call_command("import_wxr", str(path), stdout=StringIO())
    call_command("import_wxr", str(path), stdout=StringIO())

    assert Post.objects.count() == 10
    assert Comment.objects.count() == 150
    assert Comment.objects.aggregate(Max("level"))["level__max"] == deepest - 1
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved", "pending", "spam"}
    assert broken_trees() == []
