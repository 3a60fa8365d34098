"""Helpers for posting comments the way a browser does."""

import re
import time
from html import unescape

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext, override

from comments import stamps


def started(seconds_ago=60):
    """A fresh signed "shown at" stamp, as if the form had been shown this long ago."""
    return stamps.issue(shown_at=time.time() - seconds_ago)


def ticket(client):
    """What the comment script fetches when its reader starts writing: a CSRF
    token (the client gets the cookie) and a stamp."""
    answer = client.get(reverse("comments:form_ticket"), HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    data = answer.json()
    return data["csrf_token"], data["started"]


def guest_fields(name="Grace", email="grace@example.net", **extra):
    return {"guest_name": name, "guest_email": email, **extra}


def send(client, post, body="Nice proof of $\\zeta(2) = \\pi^2/6$.", **fields):
    """POST the comment form for `post`. Lower-case fields override the form data a
    browser sends; upper-case ones (REMOTE_ADDR, HTTP_ACCEPT) are request headers."""
    meta = {name: value for name, value in fields.items() if name.isupper()}
    data = {"body": body, "parent": "", "started": started(), "homepage": ""}
    data.update((name, value) for name, value in fields.items() if not name.isupper())
    return client.post(reverse("comments:post", args=[post.pk]), data, **meta)


def english(text, **values):
    """A message as an English-speaking writer sees it in the page (HTML-escaped)."""
    with override("en"):
        message = gettext(text)
    return escape(message % values if values else message)


def discussion(page_html):
    """The comments section of a post page."""
    start = page_html.index('<section id="comments"')
    return page_html[start : page_html.index("</section>", start) + len("</section>")]


def comment_ids(page_html):
    """The ids of the comments shown, in page order."""
    return [int(pk) for pk in re.findall(r'<article id="comment-(\d+)"', page_html)]


def textarea(page_html, name="body"):
    """What a textarea of the page holds, unescaped."""
    match = re.search(rf'<textarea name="{name}"[^>]*>\n?(.*?)</textarea>', page_html, re.S)
    return unescape(match.group(1))
