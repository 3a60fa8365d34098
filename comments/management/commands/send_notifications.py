"""Deliver queued reply notifications (run every minute from cron or a systemd timer)."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand

from comments.outbox import send_due


class Command(BaseCommand):
    help = "Send due reply notifications from the outbox; failed ones are retried with backoff."

    def handle(self, *args, **options):
        sent, failed = send_due(get_connection())
        self.stdout.write(f"{sent} sent, {failed} failed (will be retried).")
