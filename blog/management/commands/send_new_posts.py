"""Queue the new-post mail for posts that went public (run by the mail timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from blog.announcements import announce_due_posts


class Command(BaseCommand):
    help = (
        "Queue one e-mail per confirmed subscriber for each post that became public "
        "(published, or scheduled and its time has come) and was not announced yet; "
        "send_mail delivers them. Safe to run often and concurrently."
    )

    def handle(self, *args, **options):
        # Mail is read far from any request, so links need the site's address.
        base_url = settings.KEXUE_SITE_URL.rstrip("/")
        if not base_url:
            raise CommandError(
                "Set KEXUE_SITE_URL (e.g. https://blog.example.org): the mails link to posts."
            )
        done = announce_due_posts(base_url)
        for post, queued in done:
            self.stdout.write(f"Post {post.pk} ({post.title}): {queued} e-mails queued.")
        self.stdout.write(f"{len(done)} posts announced.")
