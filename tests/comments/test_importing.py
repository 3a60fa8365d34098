"""Loading a discussion from plain values (seed_demo now, blog imports later)."""

from datetime import UTC, datetime, timedelta

import pytest

from comments.importing import DiscussionImportError, ImportedComment, import_discussion
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def hour(number):
    return START + timedelta(hours=number)


def thread():
    """a ← b ← c, a ← d, and a second top-level comment e; members and guests mixed."""
    return [
        ImportedComment(key="a", body="Why $n^2$?", member="ada", created_at=hour(0)),
        ImportedComment(
            key="b",
            parent="a",
            body="Because $\\sum_{k<n} (2k+1) = n^2$.",
            guest_name="Omar",
            guest_email="omar@example.org",
            guest_wants_replies=True,
            created_at=hour(1),
        ),
        ImportedComment(key="c", parent="b", body="Nice.", member="ada", created_at=hour(2)),
        ImportedComment(key="d", parent="a", body="Or by dots.", member="bo", created_at=hour(3)),
        ImportedComment(
            key="e",
            body="Held back.",
            guest_name="Li",
            status=Comment.Status.PENDING,
            created_at=hour(4),
        ),
    ]


@pytest.fixture
def writers():
    return {"ada": UserFactory(username="ada"), "bo": UserFactory(username="bo")}


def test_the_discussion_keeps_its_tree_writers_dates_and_states(post, writers):
    assert import_discussion(post, thread()) == 5

    comments = list(Comment.objects.filter(post=post).order_by("tree_id", "lft"))
    by_body = {comment.body[:5]: comment for comment in comments}
    a, b, c, d, e = (by_body[key] for key in ("Why $", "Becau", "Nice.", "Or by", "Held "))
    assert comments == [a, b, c, d, e]
    assert (b.parent, c.parent, d.parent, e.parent) == (a, b, a, None)
    assert [comment.level for comment in comments] == [0, 1, 2, 1, 0]
    assert broken_trees() == []
    assert a.author == writers["ada"] and d.author == writers["bo"]
    assert b.author is None and (b.guest_name, b.guest_email) == ("Omar", "omar@example.org")
    assert b.guest_wants_replies and not e.guest_wants_replies
    assert [comment.created_at for comment in comments] == [hour(n) for n in range(5)]
    assert e.status == Comment.Status.PENDING and a.status == Comment.Status.APPROVED
    assert 'class="arithmatex"' in b.body_html


def test_a_post_with_comments_gets_none_added(post, writers):
    import_discussion(post, thread())

    assert import_discussion(post, thread()) == 0
    assert Comment.objects.filter(post=post).count() == 5


def test_discussions_on_different_posts_are_separate_trees(post, writers):
    other = PostFactory()
    import_discussion(post, thread())
    import_discussion(other, thread())

    assert other.comments.count() == 5
    assert not set(post.comments.values_list("tree_id", flat=True)) & set(
        other.comments.values_list("tree_id", flat=True)
    )
    assert broken_trees() == []


def test_a_comment_without_a_date_is_dated_when_loaded(post):
    before = datetime.now(UTC)
    import_discussion(post, [ImportedComment(key="a", body="Hello.", guest_name="Li")])

    assert Comment.objects.get().created_at >= before


@pytest.mark.parametrize(
    ("comments", "message"),
    [
        (
            [ImportedComment(key="a", body="x", guest_name="G")] * 2,
            "comment 'a': another comment has this key",
        ),
        (
            [ImportedComment(key="a", parent="z", body="x", guest_name="G")],
            "comment 'a': replies to 'z', which is not an earlier comment",
        ),
        (
            [ImportedComment(key="a", body="x", member="nobody")],
            "comment 'a': no member named 'nobody'",
        ),
        ([ImportedComment(key="a", body="x")], "comment 'a': neither a member nor a guest's name"),
        (
            [ImportedComment(key="a", body="x", guest_name="G", status="hidden")],
            "comment 'a': unknown status 'hidden'",
        ),
        ([ImportedComment(key="a", body=" ", guest_name="G")], "comment 'a': no text"),
    ],
)
def test_a_bad_discussion_is_refused_whole(post, comments, message):
    fine = ImportedComment(key="first", body="Fine.", guest_name="G")

    with pytest.raises(DiscussionImportError) as raised:
        import_discussion(post, [fine, *comments])

    assert str(raised.value) == f"{post.slug}, {message}"
    assert not Comment.objects.exists()
