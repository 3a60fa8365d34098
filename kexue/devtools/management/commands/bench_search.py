"""Time site search in-process: `manage.py bench_search`.

Each query runs the search page's work (segment, count, rank, fetch a page,
build snippets) `--repeat` times after one warm-up run; the template and the
sidebar are left out. Run it on PostgreSQL after `seed_demo`, `seed_bench_posts N`
and `reindex_search`.
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError

from kexue.search_db import Search
from kexue.sitewide.search import result_page

QUERIES = [
    "熵",
    "信息",
    "向量",
    "信息瓶颈",
    '"信息瓶颈"',
    "VAE 信息瓶颈",
    "GAN-QP",
    "entropy -softmax",
    "gradient descent",
    "随机游走 or 扩散",
]


def time_query(text, repeat):
    """(number of results, run times in seconds) for one query, after a warm-up."""
    found = result_page(Search(text), 1).paginator.count
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result_page(Search(text), 1)  # counts, ranks, fetches and builds the snippets
        times.append(time.perf_counter() - started)
    return found, times


class Command(BaseCommand):
    help = (
        "Time full-text search in-process: median and 95th percentile per query, "
        "then the median over all runs. Queries default to a mixed Chinese/English set."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--repeat", type=int, default=30, help="Timed runs per query (default 30)."
        )
        parser.add_argument(
            "--query",
            action="append",
            dest="queries",
            metavar="TEXT",
            help="A query to time instead of the built-in set; give it several times for more.",
        )

    def handle(self, *args, repeat=30, queries=None, **options):
        if repeat < 1:
            raise CommandError("--repeat takes a number of runs, one or more.")
        every_run = []
        self.stdout.write(f"{'query':<24} {'results':>8} {'median ms':>10} {'p95 ms':>8}")
        for text in queries or QUERIES:
            found, times = time_query(text, repeat)
            every_run += times
            self.stdout.write(
                f"{text:<24} {found:>8} {ms(statistics.median(times)):>10} {ms(p95(times)):>8}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Median over {len(every_run)} runs: {ms(statistics.median(every_run))} ms"
            )
        )


def p95(times):
    return sorted(times)[max(0, round(0.95 * len(times)) - 1)]


def ms(seconds):
    return f"{seconds * 1000:.1f}"
