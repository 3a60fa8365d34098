import pytest
from django.urls import reverse

from comments.models import Comment, Notification
from tests.factories import PostFactory, StaffFactory, VerifiedMemberFactory

pytestmark = pytest.mark.django_db


def pending_replies(count):
    post = PostFactory()
    parent = Comment(post=post, author=VerifiedMemberFactory(), body="Parent", status="approved")
    parent.save()
    replies = []
    for number in range(count):
        reply = Comment(
            post=post, parent=parent, guest_name=f"Guest {number}",
            guest_email=f"g{number}@example.org", body=f"Reply {number}", status="pending",
        )  # fmt: skip
        reply.save()
        replies.append(reply)
    return parent, replies


def test_moderation_page_lists_pending_comments_oldest_first_with_context(client):
    parent, replies = pending_replies(3)
    client.force_login(StaffFactory())
    body = client.get(reverse("admin:comments_moderation")).content.decode()
    assert body.index("Reply 0") < body.index("Reply 1") < body.index("Reply 2")
    assert parent.post.title in body
    assert "Parent" in body


def test_bulk_approval_of_ten_comments_queues_their_notifications(client):
    parent, replies = pending_replies(10)
    client.force_login(StaffFactory())
    response = client.post(
        reverse("admin:comments_moderation"),
        {"action": "approve", "ids": [reply.pk for reply in replies]},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(status="approved").count() == 11
    # Each approved reply tells the parent's author (and the post's author).
    to_parent = Notification.objects.filter(message__recipient=parent.author.email)
    assert to_parent.count() == 10
    assert {n.comment_id for n in to_parent} == {reply.pk for reply in replies}


def test_the_admin_index_shows_what_waits_for_editors(client):
    pending_replies(2)
    PostFactory(status="draft")
    client.force_login(StaffFactory())
    body = client.get(reverse("admin:index")).content.decode()
    assert "?state=draft" in body
    assert reverse("admin:comments_moderation") in body


def test_members_cannot_reach_the_moderation_page(client):
    client.force_login(VerifiedMemberFactory())
    response = client.get(reverse("admin:comments_moderation"))
    assert response.status_code == 302 and "/admin/login/" in response.url
