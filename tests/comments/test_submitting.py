"""Posting through the service, as any caller may: plain values in, the same rules."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import override

from comments import services
from comments.models import Comment
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db


def submit(post, **values):
    values = {"author": AnonymousUser(), "body": "On $\\zeta(3)$, nobody knows.", **values}
    if values["author"].is_anonymous:
        values.setdefault("guest", services.Guest(name="Grace", email="grace@example.net"))
    return services.submit_comment(
        post=post, address="192.0.2.7", user_agent="pytest", base_url="http://testserver", **values
    )


def test_a_guest_comment_is_signed_as_the_guest_asked(post):
    guest = services.Guest(
        name="Grace", email="grace@example.net", website="https://grace.example", wants_replies=True
    )
    comment = submit(post, guest=guest)
    assert comment.author is None
    assert comment.author_name == "Grace"
    assert comment.notify_address == "grace@example.net"
    assert comment.guest_website == "https://grace.example"


def test_a_member_comment_is_the_members(post, member):
    comment = submit(post, author=member)
    assert comment.author == member
    assert comment.guest_name == comment.guest_email == ""


@pytest.mark.parametrize("change", [{"status": "spam"}, {"is_deleted": True}])
def test_a_reply_to_a_comment_moderated_or_deleted_meanwhile_is_refused(post, change):
    parent = CommentFactory(post=post)  # as the writer saw it when the form was checked
    Comment.objects.filter(pk=parent.pk).update(**change)
    with override("en"), pytest.raises(services.CommentRefused, match="no longer there"):
        submit(post, parent=parent)
    assert list(Comment.objects.all()) == [parent]


def test_a_reply_cannot_join_another_posts_discussion(post):
    elsewhere = CommentFactory()
    with override("en"), pytest.raises(services.CommentRefused, match="no longer there"):
        submit(post, parent=elsewhere)
    assert not post.comments.exists()
