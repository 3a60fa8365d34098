"""Count the SQL queries one anonymous request costs: `manage.py bench_queries PATH…`.

Requests run in this process through Django's test client, with the settings in
force, so the page cache is on or off as KEXUE_PAGE_CACHE_SECONDS says. Each
path is requested once to warm the caches a live site keeps warm (sidebar
fragments, and the page itself when the page cache is on), then counted on the
second request, without cookies, as a load generator sends it (or with only
the session `--cookie` names, as a member's). `manage.py bench` runs it with
the same environment as the gunicorn it measures.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = (
        "Count the SQL queries of one warm GET for each path, in-process, anonymous or "
        "with --cookie; "
        "prints one JSON object: path -> queries, status and X-Cache."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--host", help="Host header (default: the first allowed host).")
        parser.add_argument("--cookie", default="", help="NAME=VALUE sent with every request.")

    def handle(self, *args, paths, host=None, cookie="", **options):
        host = host or next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost")
        extra = {"HTTP_COOKIE": cookie} if cookie else {}
        client = Client(HTTP_HOST=host.lstrip("."))
        counts = {}
        for path in paths:
            client.get(path, **extra)
            client.cookies.clear()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path, **extra)
            client.cookies.clear()
            counts[path] = {
                "queries": len(queries),
                "status": response.status_code,
                "x_cache": response.get("X-Cache", ""),
            }
        self.stdout.write(json.dumps(counts))
