"""Delivering the outbox, with retries that back off."""

from datetime import timedelta

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Message

MAX_ATTEMPTS = 12
LONGEST_WAIT = timedelta(hours=6)
BATCH = 50


def backoff(attempts):
    """1, 2, 4 … minutes after each failure, never more than six hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), LONGEST_WAIT)


def due():
    return (
        Message.objects.unsent()
        .filter(attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
    )


def deliver(message, connection):
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.body_text,
        from_email=message.from_email,
        to=[message.recipient],
        # Every message here is written by the site, not by a person: no
        # vacation responder should answer it (RFC 3834).
        headers={**message.headers, "Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    if message.body_html:
        email.attach_alternative(message.body_html, "text/html")
    email.send()


def send_due(connection):
    """Sends what is due, one batch at a time; returns (sent, failed).

    Rows are claimed with SKIP LOCKED, so two senders running at once never
    send the same mail twice."""
    sent = failed = 0
    while True:
        with transaction.atomic():
            batch = list(due().select_for_update(skip_locked=True)[:BATCH])
            if not batch:
                return sent, failed
            for message in batch:
                message.attempts += 1
                try:
                    deliver(message, connection)
                except Exception as error:  # noqa: BLE001 - any mail failure is retried later
                    message.last_error = f"{type(error).__name__}: {error}"[:1000]
                    message.next_attempt_at = timezone.now() + backoff(message.attempts)
                    failed += 1
                else:
                    message.sent_at = timezone.now()
                    message.last_error = ""
                    sent += 1
                message.save(update_fields=["attempts", "last_error", "next_attempt_at", "sent_at"])
            if failed:
                # Stop at the first failing batch: the server is likely down,
                # and the rest will be tried on the next run.
                return sent, failed
