"""Queue the digests due to followers of discussions (run by the timer, before send_mail)."""

from django.core.management.base import BaseCommand

from comments.digests import queue_due_digests
from comments.follows import forget_unconfirmed


class Command(BaseCommand):
    help = (
        "Queue in the outbox one digest of new comments for each follower of a "
        "discussion whose interval has passed (KEXUE_FOLLOW_DIGEST_MINUTES); "
        "safe to run twice at once. send_mail delivers them."
    )

    def handle(self, *args, **options):
        queued = queue_due_digests()
        forgotten = forget_unconfirmed()
        self.stdout.write(
            f"{queued} digests queued, {forgotten} unconfirmed requests to follow forgotten."
        )
