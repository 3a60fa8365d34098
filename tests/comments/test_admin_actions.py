"""Moderation through the admin changelist actions; approving notifies as if just posted."""

import pytest
from django.urls import reverse

from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment, Notification
from kexue.outbox.models import Message
from tests.factories import CommentFactory, MemberCommentFactory, StaffFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:comments_comment_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(username="editor"))
    return client


def act(client, action, comments):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [c.pk for c in comments], "index": 0},
        follow=True,
    )


def test_bulk_approve_of_ten_pending_comments_queues_their_notifications(editor_client, post):
    parent = MemberCommentFactory(post=post, author__email="emmy@example.org")
    pending = [CommentFactory(parent=parent, status="pending") for _ in range(10)]
    assert not Notification.objects.exists()

    response = act(editor_client, "approve", pending)
    assert response.status_code == 200
    assert "10 comments approved." in response.content.decode()
    assert Comment.objects.filter(status="approved").count() == 11
    for comment in pending:
        assert sorted(
            Message.objects.filter(notification__comment=comment).values_list(
                "recipient", flat=True
            )
        ) == sorted(["emmy@example.org", post.author.email])


def test_approving_twice_does_not_notify_twice(editor_client, post):
    pending = CommentFactory(post=post, status="pending")
    act(editor_client, "approve", [pending])
    act(editor_client, "approve", [pending])
    assert Notification.objects.filter(comment=pending).count() == 1


@pytest.mark.parametrize(("action", "status"), [("mark_spam", "spam"), ("remove", "removed")])
def test_spam_and_remove_hide_comments_without_notifying(
    client, editor_client, post, action, status
):
    comments = CommentFactory.create_batch(3, post=post, status="pending")
    act(editor_client, action, comments)
    assert set(Comment.objects.values_list("status", flat=True)) == {status}
    assert not Notification.objects.exists()
    client.logout()
    assert 'class="comment ' not in client.get(post.get_absolute_url()).content.decode()


def test_the_queue_shows_pending_comments_with_post_writer_and_address(editor_client, post):
    CommentFactory(
        post=post, status="pending", guest_name="Pat", body="Spammy?", ip_address="203.0.113.5"
    )
    page = editor_client.get(CHANGELIST, {"status__exact": "pending"}).content.decode()
    assert "Spammy?" in page and "Pat" in page and "203.0.113.5" in page
    assert post.title in page


def test_changing_the_status_in_the_edit_form_notifies_too(editor_client, post):
    pending = CommentFactory(post=post, status="pending", body="Hold me")
    url = reverse("admin:comments_comment_change", args=[pending.pk])
    response = editor_client.post(
        url,
        {
            "body": "Hold me",
            "status": "approved",
            "guest_name": pending.guest_name,
            "guest_email": pending.guest_email,
            "guest_website": "",
        },
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == "approved"
    assert Notification.objects.filter(comment=pending).count() == 1


def test_members_who_are_not_editors_cannot_moderate(member_client, post):
    pending = CommentFactory(post=post, status="pending")
    response = act(member_client, "approve", [pending])
    assert "admin/login" in response.redirect_chain[0][0]
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_deleting_a_reply_and_its_ancestor_at_once_leaves_every_tree_whole(editor_client, post):
    # A queryset's own delete() would leave holes in lft/rght that
    # check_comment_trees reports; the admin deletes through mptt instead.
    root = CommentFactory(post=post)
    reply = CommentFactory(parent=root)
    deeper = CommentFactory(parent=reply)
    kept = CommentFactory(parent=root)
    CommentFactory(parent=kept)
    other = CommentFactory(post=post)
    CommentFactory(parent=other)

    response = editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [deeper.pk, reply.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        root.pk, kept.pk, kept.get_children()[0].pk, other.pk, other.get_children()[0].pk
    }  # fmt: skip
    assert broken_trees() == []
    root.refresh_from_db()
    assert (root.lft, root.rght) == (1, 6)
