"""`manage.py replica start|stop`: the local streaming replica of make test-replica."""

from django.core.management.base import BaseCommand

from kexue.devtools.replica import Replica, drop_database, recreate_database


class Command(BaseCommand):
    help = (
        "Start a streaming replica of the settings' PostgreSQL on another port "
        "(pg_basebackup -R into --dir, started with pg_ctl), after making --database "
        "anew on the primary and migrating it; or stop the replica, delete its files "
        "and drop --database."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["start", "stop"])
        parser.add_argument(
            "--dir",
            default="/tmp/kexue-replica",  # noqa: S108 - a harness, as root, on a test machine
            help="the replica's files",
        )
        parser.add_argument("--port", type=int, default=5433)
        parser.add_argument(
            "--database", help="made anew and migrated on the primary; dropped by stop"
        )

    def handle(self, *args, action, dir, port, database, **options):
        replica = Replica(dir, port)
        if action == "stop":
            replica.destroy()
            if database:
                drop_database(database)
            self.stdout.write(f"Replica in {dir} stopped and removed.")
            return
        if database:
            recreate_database(database)
        replica.create()
        replica.wait_until_caught_up()
        self.stdout.write(f"Replica streaming on 127.0.0.1:{port} ({dir}).")
