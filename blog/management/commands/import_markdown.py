"""`manage.py import_markdown PATH...`: posts from Markdown files with YAML front matter.

The fields the front matter may hold are described in blog/importing/markdown.py.
"""

from django.core.management.base import BaseCommand, CommandError

from blog.importing.markdown import MarkdownImportError, import_posts


class Command(BaseCommand):
    help = (
        "Create posts from Markdown files with YAML front matter (files, or folders of .md "
        "files). Posts whose slug exists are left as they are; any bad file stops the "
        "import before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="A .md file or a folder.")
        parser.add_argument(
            "--author",
            metavar="USERNAME",
            help="Who wrote the posts whose front matter names no author.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check every file and say what would be imported, writing nothing.",
        )

    def handle(self, *args, paths, author=None, dry_run=False, verbosity=1, **options):
        try:
            imported = import_posts(paths, default_author=author, dry_run=dry_run)
        except MarkdownImportError as error:
            raise CommandError(f"Nothing imported.\n{error}") from error
        if verbosity > 1:
            for post in imported.new:
                self.stdout.write(f"{post.slug}: {post.title} ({post.path})")
        kept = len(imported.posts) - len(imported.new)
        summary = f"Posts: {len(imported.posts)} ({len(imported.new)} new, {kept} already there)."
        if dry_run:
            self.stdout.write(f"{summary} Dry run: nothing written.")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
