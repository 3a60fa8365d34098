"""Render every stored text again after the pipeline or its allowlists changed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from kexue.caching import bump_content_version
from kexue.sitewide.rerender import STORED_TEXTS, changed_rows, store


class Command(BaseCommand):
    help = (
        "Render the Markdown of every post, comment and site-settings text again and store "
        "the HTML (after the pipeline or its allowlists changed). --dry-run only reports."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        verb = "would change" if dry_run else "changed"
        any_changed = False
        for stored in STORED_TEXTS:
            changed, total = changed_rows(stored)
            for row in changed:
                self.stdout.write(f"{verb}: {stored.describe(row)}")
            if changed and not dry_run:
                with transaction.atomic():
                    store(stored, changed)
                any_changed = True
            self.stdout.write(
                self.style.SUCCESS(f"{len(changed)} of {total} {stored.plural} {verb}.")
            )
        if any_changed:
            # Cached pages and fragments hold the old HTML.
            bump_content_version()
