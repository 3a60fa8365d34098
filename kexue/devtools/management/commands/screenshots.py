"""`manage.py screenshots`: the design's reference pages, captured for docs/design.md."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kexue.devtools import screenshots


class Command(BaseCommand):
    help = (
        "Capture the home page, a post with math and comments (and any other reference "
        "page of kexue/devtools/screenshots.py) at 1280 and 360 px, light and dark, in "
        "Chromium, as PNGs in docs/screenshots/. Serves the site itself from the "
        "configured database: run seed_demo first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=screenshots.OUTPUT, help="folder for the PNGs"
        )

    def handle(self, *args, **options):
        pages = screenshots.reference_pages()
        if "post" not in pages:
            raise CommandError(
                "No published post with a display formula and comments: run seed_demo first."
            )
        output = options["output"]
        output.mkdir(parents=True, exist_ok=True)
        with screenshots.serving() as base_url, screenshots.chromium() as browser:
            written = screenshots.capture(browser, base_url, output, pages)
        total = sum(path.stat().st_size for path in written)
        self.stdout.write(f"{len(written)} screenshots in {output} ({total // 1024} KiB).")
