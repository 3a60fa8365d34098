"""The shared outbox: what it accepts, how it delivers, retries and shares the work."""

from datetime import timedelta

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import connections
from django.utils import timezone

from kexue.outbox.delivery import MAX_ATTEMPTS, backoff, send_due
from kexue.outbox.models import Message
from kexue.outbox.queueing import Unqueueable, queue, queue_email
from tests.outbox import FAILING_BACKEND, LOCMEM_BACKEND, deliver

pytestmark = pytest.mark.django_db


def draft(**fields):
    values = {"recipient": "emmy@example.org", "subject": "Hello", "body_text": "Hi."}
    return Message(**(values | fields))


def test_a_queued_message_is_sent_by_the_command_with_its_parts_and_headers(mailoutbox):
    (message,) = queue(
        [draft(body_html="<p>Hi.</p>", headers={"List-Unsubscribe": "<https://x.example/u>"})]
    )
    assert mailoutbox == []
    assert "1 sent, 0 failed" in deliver()
    (mail,) = mailoutbox
    assert mail.to == ["emmy@example.org"] and mail.subject == "Hello" and mail.body == "Hi."
    assert mail.alternatives[0] == ("<p>Hi.</p>", "text/html")
    assert mail.extra_headers["List-Unsubscribe"] == "<https://x.example/u>"
    assert mail.extra_headers["Auto-Submitted"] == "auto-generated"
    message.refresh_from_db()
    assert message.sent_at is not None and message.attempts == 1
    assert "0 sent, 0 failed" in deliver()
    assert len(mailoutbox) == 1


def test_a_message_without_sender_gets_the_default_from_address(settings, mailoutbox):
    settings.DEFAULT_FROM_EMAIL = "Kexue <noreply@blog.example.org>"
    queue([draft()])
    deliver()
    assert mailoutbox[0].from_email == "Kexue <noreply@blog.example.org>"


def test_a_rendered_django_message_is_queued_once_per_recipient(mailoutbox):
    email = EmailMultiAlternatives(
        "Confirm",
        "Click.",
        '"Noether Notes" <noreply@example.org>',
        ["a@example.org", "b@example.org"],
    )
    email.attach_alternative("<p>Click.</p>", "text/html")
    queued = queue_email(email)
    assert mailoutbox == []  # queued, not sent
    assert sorted(message.recipient for message in queued) == ["a@example.org", "b@example.org"]
    deliver()
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert {m.from_email for m in mailoutbox} == {'"Noether Notes" <noreply@example.org>'}
    assert all(m.alternatives[0][0] == "<p>Click.</p>" for m in mailoutbox)


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"recipient": "not an address"}, "Not an e-mail address"),
        ({"subject": "  "}, "no subject"),
        ({"subject": "Hi\nBcc: victim@example.org"}, "single lines"),
        ({"headers": {"X-Note": "one\r\nBcc: victim@example.org"}}, "single lines"),
        ({"headers": ["List-Unsubscribe"]}, "mapping"),
    ],
)
def test_a_bad_message_is_refused_and_nothing_is_queued(fields, error):
    with pytest.raises(Unqueueable, match=error):
        queue([draft(recipient="first@example.org"), draft(**fields)])
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("email", "error"),
    [
        (EmailMessage("S", "B", to=["a@example.org"], cc=["b@example.org"]), "cc"),
        (EmailMessage("S", "B", to=["a@example.org"], reply_to=["b@example.org"]), "reply_to"),
        (EmailMessage("S", "B", to=[]), "no recipient"),
    ],
)
def test_a_django_message_the_outbox_cannot_carry_is_refused(email, error):
    with pytest.raises(Unqueueable, match=error):
        queue_email(email)
    assert not Message.objects.exists()


def test_an_html_only_or_attached_message_is_refused():
    html_only = EmailMessage("S", "<p>B</p>", to=["a@example.org"])
    html_only.content_subtype = "html"
    with pytest.raises(Unqueueable, match="plain-text body"):
        queue_email(html_only)
    attached = EmailMessage("S", "B", to=["a@example.org"])
    attached.attach("notes.txt", "secret", "text/plain")
    with pytest.raises(Unqueueable, match="attachments"):
        queue_email(attached)
    assert not Message.objects.exists()


def test_a_failure_backs_off_and_the_retry_succeeds(settings, mailoutbox):
    (message,) = queue([draft()])
    settings.EMAIL_BACKEND = FAILING_BACKEND
    before = timezone.now()
    assert "0 sent, 1 failed" in deliver()
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error == "ConnectionRefusedError: SMTP server unreachable"
    assert message.next_attempt_at >= before + backoff(1)

    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    assert "0 sent, 0 failed" in deliver()  # not due yet
    Message.objects.update(next_attempt_at=timezone.now())
    assert "1 sent, 0 failed" in deliver()
    message.refresh_from_db()
    assert message.attempts == 2 and message.last_error == "" and len(mailoutbox) == 1


def test_backoff_doubles_up_to_six_hours_and_gives_up_after_the_last_attempt(settings):
    assert [backoff(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert backoff(MAX_ATTEMPTS) == timedelta(hours=6)
    queue([draft()])
    Message.objects.update(attempts=MAX_ATTEMPTS)
    assert "0 sent, 0 failed" in deliver()


@pytest.mark.django_db(transaction=True)
def test_a_message_another_sender_holds_is_skipped_not_sent_twice(mailoutbox):
    held, _free = queue([draft(recipient="held@example.org"), draft(recipient="free@example.org")])
    locmem = get_connection(LOCMEM_BACKEND)
    other = connections.create_connection("default")
    try:
        other.set_autocommit(False)
        with other.cursor() as cursor:
            # Another sender's batch: claimed, not yet committed.
            cursor.execute("SELECT id FROM outbox_message WHERE id = %s FOR UPDATE", [held.pk])
            assert send_due(locmem) == (1, 0)
            assert [m.to for m in mailoutbox] == [["free@example.org"]]
        other.rollback()
    finally:
        other.close()
    assert send_due(locmem) == (1, 0)
    assert sorted(m.to[0] for m in mailoutbox) == ["free@example.org", "held@example.org"]
    assert not Message.objects.unsent().exists()
