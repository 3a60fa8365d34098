"""Deliver the outbox (run every minute from cron or a systemd timer)."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand

from kexue.outbox.delivery import send_due


class Command(BaseCommand):
    help = (
        "Send the due e-mails of the outbox (account mail and reply notifications); "
        "failed ones are retried with backoff."
    )

    def handle(self, *args, **options):
        sent, failed = send_due(get_connection())
        self.stdout.write(f"{sent} sent, {failed} failed (will be retried).")
