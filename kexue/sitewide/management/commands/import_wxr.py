"""`manage.py import_wxr FILE`: a WordPress export (WXR) moves in, with its discussions.

What is kept and how is described in kexue/sitewide/wxr/importer.py; the file
is read twice, the first time to refuse a bad one before anything is written
(kexue/sitewide/wxr/reader.py).
"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kexue.sitewide.wxr import reader
from kexue.sitewide.wxr.importer import ImportStopped, WxrImport


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR 1.1 or 1.2, also as Typecho writes it): authors, posts "
        "and pages, categories, tags, threaded comments and old addresses. Importing the "
        "same file again adds nothing new; a bad file is refused before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help="The export, an .xml file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do the whole import and roll it back: say what would be created and skipped.",
        )
        parser.add_argument(
            "--author",
            action="append",
            default=[],
            metavar="LOGIN=USERNAME",
            help="Credit the export's author LOGIN to the member USERNAME (repeatable).",
        )
        parser.add_argument(
            "--default-author",
            metavar="USERNAME",
            help="Credit authors no --author or e-mail matches to this member "
            "instead of making members for them.",
        )
        parser.add_argument(
            "--fetch-media",
            metavar="DIR",
            help="A local copy of wp-content/uploads: files posts link to are copied "
            "into the media library and the links rewritten. Nothing is downloaded.",
        )

    def handle(self, *args, file, dry_run, author, default_author, fetch_media, **options):
        mapping = dict(_mapping(value) for value in author)
        if fetch_media is not None and not Path(fetch_media).is_dir():
            raise CommandError(f"Nothing imported: --fetch-media {fetch_media} is not a folder.")
        try:
            export = reader.survey(file)
            run = WxrImport(
                export,
                authors=mapping,
                default_author=default_author,
                uploads=fetch_media,
                dry_run=dry_run,
            )
        except reader.WxrError as error:
            raise CommandError(f"Nothing imported: {error}.") from error

        total = export.types["post"] + export.types["page"]
        with tqdm(
            total=total, unit="post", file=sys.stderr, disable=not sys.stderr.isatty()
        ) as bar:

            def advance(summary):
                bar.update()
                bar.set_postfix(comments=summary.comments, refresh=False)

            try:
                summary = run.run(on_post=advance)
            except ImportStopped as stopped:
                raise CommandError(_stopped(stopped, dry_run)) from stopped
        for line in summary_lines(summary):
            self.stdout.write(line)
        if dry_run:
            self.stdout.write(
                "Dry run: nothing was written; the counts say what an import would do."
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {export.name}."))


def _mapping(value):
    login, sep, username = value.partition("=")
    if not sep or not login.strip() or not username.strip():
        raise CommandError(f"Nothing imported: --author takes LOGIN=USERNAME, not {value!r}.")
    return login.strip(), username.strip()


def _stopped(stopped, dry_run):
    where = f"at {stopped.item}" if stopped.item is not None else "before the first item"
    if dry_run:
        return f"The dry run stopped {where}: {stopped.error} (nothing was written)."
    done = sum(stopped.summary.created.values())
    return (
        f"Stopped {where}: {stopped.error}; that item was not written, the {done} posts and "
        "pages created before it were, and importing again continues after them."
    )


def summary_lines(summary):
    """The end-of-import report, one line per kind of thing."""
    created, existing = summary.created, summary.existing
    yield (
        f"Posts: {created['post']} new, {existing['post']} imported before; "
        f"pages: {created['page']} new, {existing['page']} imported before "
        f"({summary.kept_numbers} kept their old number; {summary.updated} updated)."
    )
    yield (
        f"Comments: {summary.comments} new in {summary.threads} new threads, "
        f"{summary.comments_existing} imported before."
    )
    for name, counts in (("Categories", summary.categories), ("Tags", summary.tags)):
        yield f"{name}: {counts['new']} new, {counts['matched']} found."
    authors = ", ".join(f"{count} {how}" for how, count in sorted(summary.authors.items()))
    yield f"Authors: {authors or 'none needed'}."
    yield f"Old addresses: {summary.legacy_paths} new, each answered with a 301."
    if summary.media:
        media = ", ".join(f"{count} {what}" for what, count in sorted(summary.media.items()))
        yield f"Media files: {media}."
    if summary.image_hosts:
        hosts = ", ".join(host for host, _ in summary.image_hosts.most_common(5))
        yield (
            f"Images: {summary.remote_image_posts} posts show images from {hosts}, which "
            "the site's Content-Security-Policy (img-src) refuses; bring the files in with "
            "--fetch-media or list those hosts in KEXUE_IMAGE_HOSTS."
        )
    for reason, count in sorted(summary.skipped.items()):
        yield f"Skipped: {count} {reason}."
    for note, count in sorted(summary.notes.items()):
        yield f"Note: {count} {note}."
