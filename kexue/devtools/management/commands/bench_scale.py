"""What a cold page costs as the archive grows: `make bench-scale` runs `manage.py bench_scale`.

1. Drops and recreates the database the settings point at (its name must
   contain "scale"), migrates it and runs `seed_demo`.
2. For each size (1,000, 10,000 and 50,000 posts by default) adds generated
   posts up to that number with `seed_bench_posts --tex-only` (bulk inserts of
   pre-rendered HTML, no MathJax), then VACUUM ANALYZE, so queries run on the
   plans a live database would choose.
3. Requests the home page, a category, a post and the full archive in this
   process through Django's test client, each one cold: every cache is emptied
   before the request (in-memory caches of this process, never the site's
   Redis) and the page cache is off, as for the first reader after a content
   change. Total time, SQL time and queries are the median of --repeat runs;
   the archive (its first page, and the year with the most posts) also gives
   its size.
4. Prints the table and the ratio of the largest size to the smallest, and
   writes the figures as JSON (bench-results/bench_scale.json).
"""

import json
import statistics
import time
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from psycopg import sql

from blog import tallies
from blog.archive import years_of_months
from blog.models import Post
from kexue.devtools import generated_posts

SIZES = (1000, 10_000, 50_000)
# A generated post and its category that exist at every size.
SAMPLE_POST = 500
PAGES = ("home", "category", "post", "archive", "fullest_year")
LOCMEM = "django.core.cache.backends.locmem.LocMemCache"
COLD_CACHES = {
    alias: {"BACKEND": LOCMEM, "LOCATION": f"scale-{alias}"} for alias in ("default", "pages")
}


class Command(BaseCommand):
    help = (
        "Measure cold pages (no cache at all) at 1,000, 10,000 and 50,000 posts: drops and "
        "rebuilds the settings' database (its name must contain 'scale'), seeds it and "
        "prints time, SQL time and queries of home, category, post and archive per size."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--sizes",
            default=",".join(map(str, SIZES)),
            help="Comma-separated numbers of generated posts, smallest first.",
        )
        parser.add_argument("--repeat", type=int, default=7, help="Cold requests per figure.")
        parser.add_argument(
            "--output", default="bench-results/bench_scale.json", help="Where the JSON goes."
        )

    def handle(self, *args, sizes, repeat, output, **options):
        sizes = parse_sizes(sizes)
        if repeat < 1:
            raise CommandError("--repeat is a number of requests, one or more.")
        name = settings.DATABASES["default"]["NAME"]
        if connection.vendor != "postgresql" or "scale" not in str(name):
            raise CommandError(
                f"The database {name!r} would be dropped: point DATABASE_URL at a PostgreSQL "
                "database whose name contains 'scale' (make bench-scale does)."
            )
        fresh_database()
        self.stdout.write(f"Database {name}: migrated and seeded with the demo site.")
        rows = []
        for size in sizes:
            started = time.monotonic()
            call_command("seed_bench_posts", str(size), "--tex-only", stdout=StringIO())
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            seeded = time.monotonic() - started
            figures = measure(repeat)
            rows.append({"posts": Post.objects.count(), "generated": size, **figures})
            self.stdout.write(f"{size:,} generated posts (seeded in {seeded:.0f} s): measured.")
        self.stdout.write(table(rows))
        path = Path(output)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"repeat": repeat, "rows": rows}, indent=2) + "\n")
        self.stdout.write(f"Figures written to {path}.")


def parse_sizes(text):
    try:
        sizes = [int(part) for part in text.split(",")]
    except ValueError:
        raise CommandError(f"--sizes takes numbers separated by commas, not {text!r}.") from None
    if not sizes or sizes != sorted(sizes) or sizes[0] < SAMPLE_POST:
        raise CommandError(f"--sizes must grow from at least {SAMPLE_POST} posts.")
    return sizes


def fresh_database():
    """The settings' database dropped, created again, migrated and given the demo site."""
    database = settings.DATABASES["default"]
    connection.close()
    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        name = sql.Identifier(database["NAME"])
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(name))
    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=StringIO())


def paths():
    post = Post.objects.select_related("category").get(slug=generated_posts.slug(SAMPLE_POST))
    fullest = max(years_of_months(tallies.months()), key=lambda year: year.count)
    return {
        "home": "/",
        "category": post.category.get_absolute_url(),
        "post": post.get_absolute_url(),
        "archive": "/archives/",
        "fullest_year": f"/archives/?year={fullest.year}",
    }


def measure(repeat):
    """Median time, SQL time and queries of a cold request to each page, interleaved."""
    host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost").lstrip(".")
    runs = {page: [] for page in PAGES}
    with override_settings(CACHES=COLD_CACHES, KEXUE_PAGE_CACHE_SECONDS=0):
        client = Client(HTTP_HOST=host)
        targets = paths()
        for page in PAGES:
            # Unmeasured: the process's own first use (imports, compiled
            # templates), which the smallest size would otherwise pay alone.
            cold_request(client, targets[page])
        for _ in range(repeat):
            for page in PAGES:
                runs[page].append(cold_request(client, targets[page]))
    return {page: summary(samples) for page, samples in runs.items()}


def cold_request(client, path):
    for alias in COLD_CACHES:
        caches[alias].clear()
    client.cookies.clear()
    with timed_queries() as queries:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}.")
    return {"ms": elapsed * 1000, "sql_ms": queries.seconds * 1000,
            "queries": queries.count, "bytes": len(response.content)}  # fmt: skip


class QueryTimer:
    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql_text, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql_text, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


@contextmanager
def timed_queries():
    timer = QueryTimer()
    with connection.execute_wrapper(timer):
        yield timer


def summary(samples):
    return {
        key: statistics.median(sample[key] for sample in samples)
        for key in ("ms", "sql_ms", "queries", "bytes")
    }


def table(rows):
    lines = [
        "| generated posts | home | category | post page | full archive (page) "
        "| archive, fullest year |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        cells = [f"{row['generated']:,}"]
        for page in PAGES:
            figures = row[page]
            cell = f"{figures['ms']:.0f} ms, {figures['sql_ms']:.0f} ms SQL"
            cell += f", {figures['queries']:.0f} q"
            if page in ("archive", "fullest_year"):
                cell += f", {figures['bytes'] / 1000:.0f} KB"
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    first, last = rows[0], rows[-1]
    ratios = ", ".join(f"{page} {last[page]['ms'] / first[page]['ms']:.2f}x" for page in PAGES)
    lines.append(f"{last['generated']:,} posts against {first['generated']:,}: {ratios}")
    return "\n".join(lines)
