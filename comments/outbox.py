"""Delivering the notification outbox, with retries that back off."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Notification

MAX_ATTEMPTS = 12
LONGEST_WAIT = timedelta(hours=6)
BATCH = 50


def backoff(attempts):
    """1, 2, 4 … minutes after each failure, never more than six hours."""
    return min(timedelta(minutes=2 ** (attempts - 1)), LONGEST_WAIT)


def due():
    return Notification.objects.filter(
        sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=timezone.now()
    ).order_by("next_attempt_at", "pk")


def deliver(notification, connection):
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        headers={
            "List-Unsubscribe": f"<{notification.unsubscribe_url}>",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(notification.body_html, "text/html")
    message.send()


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
            for notification in batch:
                notification.attempts += 1
                try:
                    deliver(notification, connection)
                except Exception as error:  # noqa: BLE001 - any mail failure is retried later
                    notification.last_error = f"{type(error).__name__}: {error}"[:1000]
                    notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
                    failed += 1
                else:
                    notification.sent_at = timezone.now()
                    notification.last_error = ""
                    sent += 1
                notification.save(
                    update_fields=["attempts", "last_error", "next_attempt_at", "sent_at"]
                )
            if failed:
                # Stop at the first failing batch: the server is likely down,
                # and the rest will be tried on the next run.
                return sent, failed
