"""import_wxr refuses a file it cannot import whole: one sentence, and the database as it was."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import Category, LegacyPath, Post, Tag
from comments.models import Comment
from tests.factories import PostFactory

from .wxr_files import THEME_UNIT_TEST, comment, item, wxr

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Post, Comment, Category, Tag, LegacyPath, get_user_model())
    }


def refusal(path, *options):
    """The command's message for a file it refuses, checked to leave the database as it was."""
    PostFactory()  # something already there must stay as it is
    before = row_counts()
    with pytest.raises(CommandError) as refused:
        call_command("import_wxr", str(path), *options, stdout=io.StringIO())
    assert row_counts() == before
    message = str(refused.value)
    # One sentence: it starts with "Nothing imported" and ends at its only full stop.
    assert message.startswith("Nothing imported: ")
    assert message.endswith(".") and "\n" not in message
    assert ". " not in message.removesuffix(".")
    return message


def test_a_truncated_export_is_refused_whole(tmp_path):
    path = tmp_path / "cut.xml"
    data = THEME_UNIT_TEST.read_bytes()
    # Cut after several whole items, so the items before the cut could have been written.
    path.write_bytes(data[: len(data) * 2 // 3])
    message = refusal(path)
    assert "cut.xml ends at line" in message
    assert "the file is truncated" in message


@pytest.mark.parametrize(
    "content",
    [b"", b"just some words\n", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b'{"posts": []}'],
    ids=["empty", "text", "png", "json"],
)
def test_a_file_that_is_not_xml_is_refused(tmp_path, content):
    path = tmp_path / "export.xml"
    path.write_bytes(content)
    message = refusal(path)
    assert "export.xml is" in message
    assert "not an XML file" in message or "is empty" in message


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("<html><body><p>Hi</p></body></html>", "its root element is <html>, not <rss>"),
        (
            '<rss version="2.0"><channel><title>A feed</title><item><title>x</title></item>'
            "</channel></rss>",
            "declares no WordPress export namespace",
        ),
        ('<rss xmlns:wp="http://wordpress.org/export/1.2/"></rss>', "it has no <channel>"),
    ],
    ids=["html", "plain-rss", "no-channel"],
)
def test_xml_that_is_not_a_wordpress_export_is_refused(tmp_path, content, says):
    path = tmp_path / "feed.xml"
    path.write_text(content)
    message = refusal(path)
    assert "feed.xml is" in message and "not a WordPress export" in message
    assert says in message


def test_malformed_xml_after_good_items_is_refused_whole(tmp_path):
    path = tmp_path / "export.xml"
    good = wxr(item(1), item(2, comments=[comment(21)]))
    path.write_text(good.replace("</channel>", "<item></wrong></channel>"))
    message = refusal(path)
    assert "export.xml is not well-formed XML: mismatched tag at line" in message


def test_entity_declarations_are_refused(tmp_path):
    path = tmp_path / "export.xml"
    text = wxr(item(1, content="&big;"))
    text = text.replace("&amp;big;", "&big;").replace(
        "<rss", '<!DOCTYPE rss [<!ENTITY big "lots">]>\n<rss', 1
    )
    path.write_text(text)
    assert "declares XML entities" in refusal(path)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        (wxr(item(1), item(2).replace("<wp:post_id>2<", "<wp:post_id>two<")), "'two'"),
        (wxr(item(1, date_gmt="17/03/2019")), "post_date_gmt '17/03/2019', not a date"),
        (
            wxr(item(1, comments=[comment(5).replace("<wp:comment_id>5<", "<wp:comment_id><")])),
            "a comment without a wp:comment_id",
        ),
    ],
    ids=["post-id", "date", "comment-id"],
)
def test_a_bad_value_anywhere_in_the_file_is_refused_before_any_post(tmp_path, text, says):
    path = tmp_path / "export.xml"
    path.write_text(text)
    assert says in refusal(path)


def test_posts_without_an_author_need_a_default_author(tmp_path):
    path = tmp_path / "export.xml"
    path.write_text(wxr(item(1, creator="")))
    assert "name no author (dc:creator); say who wrote them with --default-author" in (
        refusal(path)
    )


def test_a_missing_file_and_a_media_folder_that_is_not_one_are_refused(tmp_path):
    assert "there is no file" in refusal(tmp_path / "nowhere.xml")
    path = tmp_path / "export.xml"
    path.write_text(wxr(item(1)))
    assert "--fetch-media" in refusal(path, "--fetch-media", str(tmp_path / "nowhere"))
