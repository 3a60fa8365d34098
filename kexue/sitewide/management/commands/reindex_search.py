"""Rebuild every search vector: after an upgrade, a bulk import, a new segmenter."""

from django.core.management.base import BaseCommand
from django.db import connection

from blog.search_index import index_posts
from comments.search_index import index_comments


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search vectors of all posts and comments, in batches, "
        "on PostgreSQL. Safe to run at any time; shows progress on a terminal."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Search vectors live in PostgreSQL; this database has none.")
            return
        progress = self.show_progress if self.stdout.isatty() else None
        done = index_posts(progress=progress)
        if progress:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Indexed {done} posts."))
        self.stdout.write(self.style.SUCCESS(f"Indexed {index_comments()} comments."))

    def show_progress(self, done, total):
        width = 30
        filled = width * done // max(total, 1)
        bar = "#" * filled + "-" * (width - filled)
        self.stdout.write(f"\r[{bar}] {done}/{total}", ending="")
        self.stdout.flush()
