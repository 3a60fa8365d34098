"""Helpers for the follow-a-thread tests: comments written as the site writes
them (so they get their approval time), digests run as the timer runs them."""

import io

from django.core.management import call_command

from comments import services
from kexue.outbox.models import Message

BASE_URL = "http://testserver"


def comment_by(post, author=None, body="A remark on $\\sum 1/n^2$.", parent=None, guest=None):
    return services.submit_comment(
        post=post,
        author=author,
        body=body,
        parent=parent,
        guest=guest,
        address="203.0.113.9",
        user_agent="pytest",
        base_url=BASE_URL,
    )


def run_digests():
    """`manage.py send_follow_digests` once; what it printed."""
    out = io.StringIO()
    call_command("send_follow_digests", stdout=out)
    return out.getvalue()


def digests_to(address):
    """The digests queued for `address`, oldest first: the mails whose
    List-Unsubscribe link stops following (confirmation mails carry none,
    reply notices one that stops reply notices)."""
    return [
        message
        for message in Message.objects.filter(recipient=address).order_by("pk")
        if "/comments/unfollow/" in (message.headers or {}).get("List-Unsubscribe", "")
    ]
