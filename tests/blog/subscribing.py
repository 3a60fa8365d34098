"""Helpers for the subscription tests: a guest's request, the links in mail."""

import re

from django.urls import reverse

from kexue.outbox.models import Message

LINK = re.compile(r"https?://[^/\s]+(/subscribe/[a-z]+/[^\s/]+/)")


def ask(client, email, **headers):
    return client.post(reverse("blog:subscribe"), {"email": email}, **headers)


def link_in(message, kind):
    """The path of the first /subscribe/<kind>/<token>/ link in a queued message."""
    for path in LINK.findall(message.body_text):
        if path.startswith(f"/subscribe/{kind}/"):
            return path
    raise AssertionError(f"no {kind} link in {message.body_text!r}")


def confirmations_to(email):
    return Message.objects.filter(recipient=email, body_text__contains="/subscribe/confirm/")
