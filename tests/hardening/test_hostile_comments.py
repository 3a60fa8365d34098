"""Hostile text in every comment field: a clear form error or an inert page, never a 500."""

import feedparser
import pytest
from django.urls import reverse

from comments import services
from comments.models import Comment
from comments.thread import THREADS_PER_PAGE
from kexue.outbox.models import Message
from tests.comments.posting import guest_fields, send
from tests.factories import CommentFactory, MemberCommentFactory

from .checks import has_form_error, problems
from .vectors import hostile_strings, short

pytestmark = pytest.mark.django_db

HOSTILE = hostile_strings()
GUEST_FIELDS = ["body", "guest_name", "guest_email", "guest_website"]


def submit(client, post, field, value, n, parent=None):
    data = guest_fields(name=f"Guest {n}", email=f"guest{n}@example.net")
    data.update(body=f"Comment {n}", guest_website="", guest_wants_replies="on")
    data[field] = value
    body = data.pop("body")
    return send(client, post, body, parent=parent.pk if parent else "", **data)


def discussion_pages(client, post):
    """Every page of the post's discussion."""
    pages = Comment.objects.filter(post=post, parent=None).count() // THREADS_PER_PAGE + 1
    for number in range(1, pages + 1):
        url = f"{post.get_absolute_url()}?cpage={number}"
        yield url, client.get(url).content.decode()


@pytest.mark.parametrize("field", GUEST_FIELDS)
def test_a_guest_gets_a_form_error_or_an_inert_comment(client, post, field):
    parent = CommentFactory(post=post, guest_name="Host", guest_wants_replies=True)
    failures = []
    for n, value in enumerate(HOSTILE):
        response = submit(client, post, field, value, n, parent=parent if n % 2 else None)
        page = response.content.decode()
        if response.status_code == 400:
            if not has_form_error(page):
                failures.append((short(value), "refused without a form error"))
            failures += [(short(value), problem) for problem in problems(page)]
        elif response.status_code != 302:
            failures.append((short(value), f"status {response.status_code}"))
    services.moderate(Comment.objects.all(), Comment.Status.APPROVED, "http://testserver")

    for url, page in discussion_pages(client, post):
        failures += [(url, problem) for problem in problems(page)]
    for comment in Comment.objects.exclude(pk=parent.pk):
        reply_page = client.get(reverse("comments:reply", args=[comment.pk])).content.decode()
        failures += [(short(comment.body), problem) for problem in problems(reply_page)]
    for message in Message.objects.all():
        failures += [(message.subject, p) for p in problems(message.body_html)]
    for feed_url in [reverse("comments:feed"), reverse("comments:post_feed", args=[post.pk])]:
        feed = feedparser.parse(client.get(feed_url).content)
        assert not feed.bozo, feed_url
        for entry in feed.entries:
            failures += [(feed_url, p) for p in problems(entry.get("summary", ""))]
    assert failures == []
    if field in ("body", "guest_name"):  # most strings are fine as either
        assert Comment.objects.count() > len(HOSTILE) // 2


def test_hostile_text_in_the_comment_shows_as_text(client, post):
    """Template syntax in a comment is printed, not evaluated."""
    for n, value in enumerate(["{{ 7*7 }}", "{% debug %}", "<script>alert(1)</script>"]):
        submit(client, post, "body", value, n)
        submit(client, post, "guest_name", value, n + 10)
    services.moderate(Comment.objects.all(), Comment.Status.APPROVED, "http://testserver")
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count("<p>{{ 7*7 }}</p>") == 1
    assert '<span class="comment-author">{% debug %}</span>' in page
    assert "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert '<span class="comment-author">&lt;script&gt;alert(1)&lt;/script&gt;</span>' in page


def test_every_preview_is_inert(member_client):
    failures = []
    for value in HOSTILE:
        response = member_client.post(reverse("comments:preview"), {"body": value})
        assert response.status_code == 200, short(value)
        failures += [(short(value), p) for p in problems(response.json()["html"])]
    assert failures == []


def test_every_member_reply_answered_as_json_is_inert(member_client, post):
    parent = CommentFactory(post=post, guest_wants_replies=True)
    failures = []
    for value in HOSTILE:
        response = send(
            member_client, post, value, parent=parent.pk, HTTP_ACCEPT="application/json"
        )
        if response.status_code == 400:
            if not response.json()["errors"]:
                failures.append((short(value), "refused without an error"))
            continue
        assert response.status_code == 200, short(value)
        failures += [(short(value), p) for p in problems(response.json()["html"])]
    page = member_client.get(post.get_absolute_url()).content.decode()
    failures += [("post page", p) for p in problems(page)]
    assert failures == []


def test_every_edit_of_a_member_comment_is_refused_clearly_or_inert(member_client, member, post):
    comment = MemberCommentFactory(post=post, author=member)
    failures = []
    for value in HOSTILE:
        response = member_client.post(reverse("comments:edit", args=[comment.pk]), {"body": value})
        page = response.content.decode()
        if response.status_code == 200:
            if not has_form_error(page):
                failures.append((short(value), "refused without a form error"))
        elif response.status_code != 302:
            failures.append((short(value), f"status {response.status_code}"))
        else:
            page = member_client.get(post.get_absolute_url()).content.decode()
        failures += [(short(value), p) for p in problems(page)]
    assert failures == []
