"""Authors edit within fifteen minutes and delete any time; threads stay whole."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comments.forms import MAX_LENGTH, MAX_LINKS
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from tests.comments.posting import comment_ids, discussion, english
from tests.factories import CommentFactory, MemberCommentFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(post, member):
    return MemberCommentFactory(post=post, author=member, body="First draft, $x^2$.")


def edit(client, comment, body):
    return client.post(reverse("comments:edit", args=[comment.pk]), {"body": body})


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_the_author_edits_within_fifteen_minutes(member_client, post, own):
    age(own, 14)
    assert member_client.get(reverse("comments:edit", args=[own.pk])).status_code == 200
    response = edit(member_client, own, "Second thought: **$x^3$**.")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.body == "Second thought: **$x^3$**."
    assert "<strong>" in own.body_html and 'class="arithmatex"' in own.body_html
    assert own.edited_at is not None
    section = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert "Second thought" in section and "First draft" not in section
    assert f'<span class="edited">{english("edited")}</span>' in section


def test_no_edit_after_fifteen_minutes(member_client, own):
    age(own, 16)
    assert member_client.get(reverse("comments:edit", args=[own.pk])).status_code == 403
    assert edit(member_client, own, "Too late").status_code == 403
    own.refresh_from_db()
    assert own.body == "First draft, $x^2$." and own.edited_at is None


def test_nobody_else_edits(client, own):
    assert edit(client, own, "Anonymous edit").status_code == 403
    client.force_login(VerifiedMemberFactory())
    assert edit(client, own, "Someone else's edit").status_code == 403
    own.refresh_from_db()
    assert own.body == "First draft, $x^2$."


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("   ", "Write something before posting."),
        ("https://a.example " * (MAX_LINKS + 1), "At most 5 links per comment, please."),
        ("x" * (MAX_LENGTH + 1), "Ensure this value has at most 10000 characters (it has 10001)."),
    ],
    ids=["empty", "links", "length"],
)
def test_an_edit_keeps_the_limits_of_posting(member_client, own, body, message):
    response = edit(member_client, own, body)
    assert response.status_code == 200
    assert english(message) in response.content.decode()
    own.refresh_from_db()
    assert own.body == "First draft, $x^2$." and own.edited_at is None


def test_an_unedited_comment_is_not_marked_edited(client, post, own):
    assert 'class="edited"' not in discussion(client.get(post.get_absolute_url()).content.decode())


def test_deleting_a_comment_with_replies_leaves_a_placeholder(member_client, post, own):
    reply = CommentFactory(parent=own, body="A reply that must stay.")
    age(own, 60 * 24)  # deleting has no time limit
    response = member_client.post(reverse("comments:delete", args=[own.pk]))
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.is_deleted and own.body == "" and own.body_html == ""

    section = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert comment_ids(section) == [own.pk, reply.pk]
    assert english("This comment was deleted.") in section
    assert "First draft" not in section
    assert "A reply that must stay." in section
    assert 'data-depth="1"' in section
    assert broken_trees() == []


def test_deleting_a_leaf_removes_it_and_the_tree_stays_valid(member_client, post, member):
    root = CommentFactory(post=post)
    first = MemberCommentFactory(parent=root, author=member)
    later = CommentFactory(parent=root)
    response = member_client.post(reverse("comments:delete", args=[first.pk]))
    assert response.status_code == 302
    assert not Comment.objects.filter(pk=first.pk).exists()
    assert broken_trees() == []
    section = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert comment_ids(section) == [root.pk, later.pk]


def test_a_placeholder_goes_once_its_last_reply_goes(member_client, post, own, member):
    reply = MemberCommentFactory(parent=own, author=member)
    member_client.post(reverse("comments:delete", args=[own.pk]))
    member_client.post(reverse("comments:delete", args=[reply.pk]))
    section = discussion(member_client.get(post.get_absolute_url()).content.decode())
    assert comment_ids(section) == []
    assert broken_trees() == []


def test_the_delete_page_asks_first_and_only_the_author_may_delete(client, member_client, own):
    url = reverse("comments:delete", args=[own.pk])
    assert member_client.get(url).status_code == 200
    assert Comment.objects.filter(pk=own.pk).exists()
    other = type(client)(HTTP_ACCEPT_LANGUAGE="en")
    assert other.post(url).status_code == 403
    other.force_login(VerifiedMemberFactory())
    assert other.post(url).status_code == 403
    assert Comment.objects.filter(pk=own.pk, is_deleted=False).exists()


def test_a_deleted_comment_cannot_be_edited(member_client, own):
    CommentFactory(parent=own)
    member_client.post(reverse("comments:delete", args=[own.pk]))
    assert edit(member_client, own, "Back from the dead").status_code == 403
