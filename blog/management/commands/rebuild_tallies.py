"""Count the published posts per category, tag and month afresh: `manage.py rebuild_tallies`."""

from django.core.management.base import BaseCommand, CommandError

from blog import tallies


class Command(BaseCommand):
    help = (
        "Rewrite the kept post counts (per category, tag and month) from the posts "
        "themselves and name those that were wrong. Needed after writing posts "
        "behind the site's back (SQL, bulk inserts) or changing TIME_ZONE; "
        "--check only compares. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Compare only; change nothing.")

    def handle(self, *args, check=False, **options):
        wrong = tallies.wrong(tallies.fresh(), tallies.kept()) if check else tallies.rebuild()
        for kind, key in wrong:
            self.stdout.write(f"Wrong: {kind} {key}")
        if check and wrong:
            raise CommandError(
                f"{len(wrong)} counts are wrong: run rebuild_tallies to rewrite them."
            )
        if wrong:
            self.stdout.write(f"{len(wrong)} counts were wrong and are rewritten.")
        else:
            self.stdout.write("Every count is right.")
