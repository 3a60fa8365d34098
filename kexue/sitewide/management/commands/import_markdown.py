"""`manage.py import_markdown PATH...`: posts from Markdown files with front matter
(Kexue's, Hugo's or Jekyll's), and from a folder that export_markdown wrote also
its categories, tags, media files and discussions.

The fields the front matter may hold are described in blog/importing/markdown.py;
what a folder may hold beside the posts in kexue/sitewide/folder_import.py.
"""

from django.core.management.base import BaseCommand, CommandError

from blog.importing.markdown import MarkdownImportError
from kexue.sitewide.folder_import import import_folders


class Command(BaseCommand):
    help = (
        "Create posts from Markdown files with YAML or TOML front matter (files, or folders "
        "of .md files, as Kexue's export, Hugo and Jekyll keep them), with the discussions, "
        "labels and media files of an export. Posts whose slug exists are left as they are; "
        "any bad file stops the import before anything is written."
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
            imported = import_folders(paths, default_author=author, dry_run=dry_run)
        except MarkdownImportError as error:
            raise CommandError(f"Nothing imported.\n{error}") from error
        posts = imported.posts
        if verbosity > 1:
            for post in posts.new:
                self.stdout.write(f"{post.slug}: {post.title} ({post.path})")
        for warning in imported.warnings:
            self.stdout.write(self.style.WARNING(warning))
        ignored = posts.ignored_fields
        if ignored:
            fields = ", ".join(
                f"{name} ({count} file{'s' if count > 1 else ''})"
                for name, count in sorted(ignored.items())
            )
            self.stdout.write(f"Front-matter fields Kexue does not use, ignored: {fields}.")
        kept = len(posts.posts) - len(posts.new)
        lines = [f"Posts: {len(posts.posts)} ({len(posts.new)} new, {kept} already there)."]
        if imported.categories:
            lines.append(f"Categories: {imported.categories} ({imported.categories_new} new).")
        if imported.tags:
            lines.append(f"Tags: {imported.tags} ({imported.tags_new} new).")
        if imported.discussions:
            lines.append(
                f"Comments: {imported.comments} in {imported.discussions} discussions "
                f"({imported.comments_new} new)."
            )
        if imported.media:
            lines.append(f"Media files: {imported.media} ({imported.media_new} new).")
        if imported.series:
            lines.append(
                f"Series: {imported.series} ({imported.series_new} new, "
                f"{imported.parts_placed} parts placed)."
            )
        if imported.pages:
            lines.append(f"Pages: {imported.pages} ({imported.pages_new} new).")
        summary = " ".join(lines)
        if dry_run:
            self.stdout.write(f"{summary} Dry run: nothing written.")
        else:
            self.stdout.write(self.style.SUCCESS(summary))
