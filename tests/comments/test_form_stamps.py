"""The "form shown at" stamp is issued to one writer and posts one comment."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from comments import services, stamps
from comments.models import Comment, SpentStamp
from tests.comments.posting import english, guest_fields, send, started, textarea, ticket

pytestmark = pytest.mark.django_db

SPENT = "This form already posted a comment. Check your comment and post it again."
TOO_OLD = "This form was open too long. Check your comment and post it again."


def later(seconds):
    """The clock, `seconds` from now: past the minimum writing time, or a stamp's life."""
    return mock.patch("comments.stamps.time.time", return_value=time.time() + seconds)


def stamp_of(page):
    return page.split('name="started" value="', 1)[1].split('"', 1)[0]


def test_a_replayed_stamp_is_refused_with_the_forms_message_and_stores_nothing(client, post):
    stamp = started()
    assert send(client, post, "First", started=stamp, **guest_fields()).status_code == 302
    replay = send(client, post, "Second, same stamp", started=stamp, **guest_fields())
    assert replay.status_code == 400
    page = replay.content.decode()
    assert english(SPENT) in page
    assert textarea(page) == "Second, same stamp"
    assert list(Comment.objects.values_list("body", flat=True)) == ["First"]


def test_a_stamp_copied_to_another_browser_is_refused_once_spent(post):
    writer = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    copier = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    token, stamp = ticket(writer)
    copier_token, _ = ticket(copier)
    with later(10):
        ok = send(writer, post, "Mine", started=stamp, csrfmiddlewaretoken=token, **guest_fields())
        copied = send(
            copier, post, "Copied", started=stamp, csrfmiddlewaretoken=copier_token,
            HTTP_ACCEPT="application/json", REMOTE_ADDR="198.51.100.9", **guest_fields(),
        )  # fmt: skip
    assert ok.status_code == 302
    assert copied.status_code == 400
    assert copied.json()["errors"]["started"][0]["message"] == english(SPENT)
    assert Comment.objects.get().body == "Mine"


def test_an_expired_stamp_is_refused_and_stores_nothing(client, post):
    stamp = stamps.issue()
    with later(stamps.LIFETIME_SECONDS + 1):
        response = send(client, post, "Left open", started=stamp, **guest_fields())
    assert response.status_code == 400
    assert english(TOO_OLD) in response.content.decode()
    assert not Comment.objects.exists()
    # A day is the limit, and everything younger posts.
    shown = time.time() - stamps.LIFETIME_SECONDS + 60
    assert (
        send(client, post, "In time", started=stamps.issue(shown), **guest_fields()).status_code
        == 302
    )


def test_an_old_style_stamp_is_refused_as_damaged(client, post):
    """A page built before stamps carried a nonce holds a bare signed time."""
    from django.core import signing

    old = signing.dumps(time.time() - 60, salt="comments.form-started")
    response = send(client, post, "Old page", started=old, **guest_fields())
    assert response.status_code == 400
    assert english("This form was damaged. Check your comment and post it again.") in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


def test_a_refused_form_comes_back_with_a_fresh_stamp_that_posts(client, post):
    stamp = started()
    send(client, post, "First", started=stamp, **guest_fields())
    page = send(client, post, "Again", started=stamp, **guest_fields()).content.decode()
    fresh = stamp_of(page)
    assert fresh and fresh != stamp
    with later(10):
        response = send(client, post, "Again", started=fresh, **guest_fields())
    assert response.status_code == 302
    assert Comment.objects.count() == 2


def test_the_service_spends_the_stamp_with_the_comment(post):
    """The form checks for a spent stamp; the service decides, in the comment's
    transaction, for two posts racing with one stamp."""
    stamp = stamps.read(started())

    def submit(body):
        return services.submit_comment(
            post=post, author=AnonymousUser(), body=body, stamp=stamp,
            guest=services.Guest(name="Grace", email="grace@example.net"),
            address="192.0.2.7", user_agent="pytest", base_url="http://testserver",
        )  # fmt: skip

    submit("Wins the race")
    with override("en"), pytest.raises(stamps.StampRefused, match="already posted"):
        submit("Loses it")
    assert list(Comment.objects.values_list("body", flat=True)) == ["Wins the race"]


def test_a_comment_refused_after_its_stamp_was_checked_leaves_the_stamp_good(post):
    stamp = stamps.read(started())
    parent = Comment.objects.create(post=post, body="Gone soon", guest_name="Ann", status="spam")
    with override("en"), pytest.raises(services.CommentRefused):
        services.submit_comment(
            post=post, author=AnonymousUser(), body="Reply", parent=parent, stamp=stamp,
            guest=services.Guest(name="Grace", email="grace@example.net"),
            address="192.0.2.7", user_agent="pytest", base_url="http://testserver",
        )  # fmt: skip
    assert not SpentStamp.objects.exists()


def test_spent_stamps_are_kept_only_while_they_could_be_replayed(client, post):
    send(client, post, "Long ago", **guest_fields())
    SpentStamp.objects.update(spent_at=timezone.now() - timedelta(days=2))
    send(client, post, "Today", **guest_fields(email="other@example.net"))
    assert SpentStamp.objects.count() == 1
