"""`manage.py export_markdown DIR [--include-private] [--force]`: the blog as files.

What DIR receives is described in kexue/sitewide/export.py; `import_markdown DIR`
reads it back.
"""

from django.core.management.base import BaseCommand, CommandError

from kexue.sitewide.export import ExportError, export_site


class Command(BaseCommand):
    help = (
        "Write every post (drafts and scheduled ones too) as Markdown with front matter, "
        "its discussion as JSON, the categories, tags and media files into DIR, which "
        "import_markdown reads back. Writers appear by their public names only."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="An empty or new folder.")
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="Also write guests' e-mail addresses, IP addresses and deleted comments' text.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Export into a folder that is not empty, replacing an earlier export there.",
        )

    def handle(self, *args, directory, include_private=False, force=False, **options):
        try:
            exported = export_site(directory, include_private=include_private, force=force)
        except ExportError as error:
            raise CommandError(f"Nothing exported: {error}") from error
        except OSError as error:
            # A full disk, say: what was written stays for --force to replace.
            raise CommandError(f"The export stopped, unfinished: {error}") from error
        for warning in exported.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported to {directory}: {exported.posts} posts, {exported.pages} pages, "
                f"{exported.comments} comments in {exported.discussions} discussions, "
                f"{exported.media} media files."
            )
        )
