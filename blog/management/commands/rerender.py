"""Render every post's Markdown again, after the pipeline changed."""

from django.core.management.base import BaseCommand

from blog.models import Post
from blog.search_index import index_posts

RENDERED_FIELDS = ["body_html", "excerpt_html", "toc_html", "description", "has_math"]
BATCH = 200


class Command(BaseCommand):
    help = "Render every post's Markdown again and store the HTML (after the pipeline changed)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        verb = "would change" if dry_run else "changed"
        changed, total = [], 0
        for post in Post.objects.order_by("pk").iterator(chunk_size=BATCH):
            total += 1
            before = [getattr(post, name) for name in RENDERED_FIELDS]
            post.render()
            if [getattr(post, name) for name in RENDERED_FIELDS] != before:
                changed.append(post)
                self.stdout.write(f"{verb}: #{post.pk} {post.title}")
        if not dry_run:
            Post.objects.bulk_update(changed, RENDERED_FIELDS, batch_size=BATCH)
            # bulk_update sends no signals: the search index follows the new text here.
            index_posts([post.pk for post in changed])
        self.stdout.write(self.style.SUCCESS(f"{len(changed)} of {total} posts {verb}."))
