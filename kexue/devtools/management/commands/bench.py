"""Load-test Kexue as it is deployed: `make bench` runs `manage.py bench`.

1. Drops and recreates a PostgreSQL database made for this (its name must
   contain "bench"), migrates it and fills it at scale: `seed_demo`, then
   `seed_bench_posts` and `seed_bench_discussions` (comments spread over the
   posts, and one post with a deep discussion of a thousand comments), then
   `reindex_search` and VACUUM ANALYZE, so queries run on the plans a live
   database would choose.
2. Collects static files into a temporary STATIC_ROOT and starts gunicorn with
   production settings (DJANGO_DEBUG=0, whitenoise's manifest storage, Redis
   or the database cache) on a free port of 127.0.0.1; SSL redirect is off
   because the load arrives over plain http on loopback.
3. Drives each page from a separate process, wrk or else
   `kexue.devtools.loadgen`, for a fixed time with a fixed number of
   connections: first a gunicorn with the page cache off, which also serves the
   floor (a trivial view, KEXUE_BENCH_FLOOR=1), then a gunicorn with the page
   cache on, warmed, for anonymous readers and then for a signed-in member
   (`bench_member`'s session: the shared page with their parts filled in).
4. Counts SQL queries per request in-process (`bench_queries`) with the same
   settings, and non-2xx responses from gunicorn's access log; notes the share
   of the CPU gunicorn and the whole machine used (another busy process makes
   every figure smaller); prints a table, writes the same figures as JSON and
   fails if any response was not 2xx.

Every child process gets its environment from here; nothing runs against the
database or cache the rest of the site uses, and nothing listens beyond loopback.
"""

import json
import os
import platform
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

import dj_database_url
import django
import psycopg
import redis
from django.conf import settings
from django.core.management import get_commands
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql

from kexue.devtools import loadgen
from kexue.devtools.processes import stop, wait_until_up

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kexue_bench"
# A Redis database of its own: the run empties it first.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/13"
SEARCH_QUERY = "信息瓶颈"
FLOOR_PATH = "/bench/floor/"
PAGE_CACHE_SECONDS = 600
# Environment variables of the calling shell that would change what is measured.
OWN_VARIABLES = (
    "DJANGO_",
    "DATABASE_",
    "REDIS_",
    "KEXUE_",
    "GUNICORN_",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
)


class Command(BaseCommand):
    help = (
        "Benchmark the site under load: build a database at scale, serve it with gunicorn "
        "and production settings on 127.0.0.1, and measure requests/s, p50/p99 latency and "
        "SQL queries per request for the main pages, uncached and cached, against a floor."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--database-url",
            default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
            help="PostgreSQL database to DROP and recreate; its name must contain 'bench' "
            f"(default $BENCH_DATABASE_URL or {DEFAULT_DATABASE_URL}).",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            help="Redis database to empty and use as the cache; '' for the database cache "
            f"(default $BENCH_REDIS_URL or {DEFAULT_REDIS_URL}).",
        )
        parser.add_argument("--posts", type=int, default=2000, help="Generated posts.")
        parser.add_argument(
            "--comments", type=int, default=50_000, help="Comments spread over the posts."
        )
        parser.add_argument(
            "--thread", type=int, default=1000, help="Comments on the one big discussion."
        )
        parser.add_argument("--seconds", type=int, default=10, help="Load time per row.")
        parser.add_argument(
            "--warmup", type=int, default=2, help="Unmeasured load before each row."
        )
        parser.add_argument("--connections", type=int, default=16, help="Concurrent connections.")
        parser.add_argument(
            "--max-requests", type=int, default=1_000_000, help="Most requests per row."
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=(os.cpu_count() or 1) * 2 + 1,
            help="gunicorn worker processes (default 2 x cores + 1).",
        )
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker.")
        parser.add_argument(
            "--python-load", action="store_true", help="Use the Python load generator, not wrk."
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "bench-results" / "bench.json"),
            help="Where the JSON goes (default bench-results/bench.json).",
        )
        parser.add_argument(
            "--drop", action="store_true", help="Drop the database again when done."
        )

    def handle(self, *args, **options):
        self.options = options
        self.started = time.monotonic()
        database = dj_database_url.parse(options["database_url"])
        if "postgresql" not in database["ENGINE"] or "bench" not in database["NAME"]:
            raise CommandError(
                "--database-url must name a PostgreSQL database whose name contains 'bench': "
                "it is dropped and recreated."
            )
        use_wrk = not options["python_load"] and loadgen.wrk_available()
        if not options["python_load"] and not use_wrk:
            self.stdout.write("wrk is not installed (apt-get install wrk): using Python load.")
        workdir = Path(tempfile.mkdtemp(prefix="kexue-bench-"))
        self.workdir = workdir
        try:
            report = self.run(database, workdir, use_wrk)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            if options["drop"]:
                recreate_database(database, create=False)
        self.print_table(report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"JSON: {output}")
        self.stdout.write(f"Total time: {time.monotonic() - self.started:.0f}s")
        failures = [row for row in report["rows"] if row["non_2xx"] or row["errors"]]
        if failures:
            names = ", ".join(f"{row['scenario']} ({row['cache']})" for row in failures)
            raise CommandError(f"Responses other than 2xx, or socket errors, in: {names}")

    # -- setting up ------------------------------------------------------

    def run(self, database, workdir, use_wrk):
        options = self.options
        redis_url = options["redis_url"] if redis_answers(options["redis_url"]) else ""
        cache = "redis" if redis_url else "database"
        if options["redis_url"] and not redis_url:
            self.stdout.write(f"Redis does not answer at {options['redis_url']}: database cache.")
        env = production_env(options["database_url"], workdir, redis_url)
        phases = {}
        with self.step("database", phases):
            server_version = recreate_database(database, create=True)
            self.manage(env, "migrate", "--noinput", "-v0")
            self.manage(env, "createcachetable")
            if cache == "redis":
                redis.Redis.from_url(redis_url).flushdb()
        with self.step("seed", phases):
            self.manage(env, "seed_demo")
            self.manage(env, "seed_bench_posts", str(options["posts"]))
            seeded = self.manage(
                env,
                "seed_bench_discussions",
                "--comments",
                str(options["comments"]),
                "--thread",
                str(options["thread"]),
            )
            thread_path = re.search(r"^Thread: (\S+)", seeded, re.MULTILINE).group(1)
            post_path = re.search(r"^Post: (\S+)", seeded, re.MULTILINE).group(1)
            member_cookie = self.manage(env, "bench_member").strip()
            if "reindex_search" in get_commands():
                self.manage(env, "reindex_search")
            # What autovacuum does on a live site: without statistics, and with
            # the dead rows bulk loading leaves, the planner picks bad plans.
            vacuum_analyze(database)
        with self.step("collectstatic", phases):
            self.manage(env, "collectstatic", "--noinput", "-v0")

        pages = [
            ("home", "/"),
            ("post", post_path),
            (f"post, {options['thread']:,} comments", thread_path),
            ("RSS feed", "/feed/"),
            ("archive", "/archives/"),
            ("search", f"/search/?q={quote(SEARCH_QUERY)}"),
        ]
        uncached_env = {**env, "KEXUE_PAGE_CACHE_SECONDS": "0"}
        cached_env = {**env, "KEXUE_PAGE_CACHE_SECONDS": str(PAGE_CACHE_SECONDS)}
        paths = [FLOOR_PATH] + [path for _, path in pages]
        with self.step("query counts", phases):
            queries = {
                "uncached": self.count_queries(uncached_env, paths),
                "cached": self.count_queries(cached_env, paths),
                "member": self.count_queries(cached_env, paths, member_cookie),
            }

        rows = []
        load_before = os.getloadavg()[0]
        with self.step("load", phases), self.gunicorn(uncached_env, "uncached") as server:
            rows.append(
                self.measure(server, "floor", FLOOR_PATH, "-", queries["uncached"], use_wrk)
            )
            for name, path in pages:
                rows.append(
                    self.measure(server, name, path, "uncached", queries["uncached"], use_wrk)
                )
        with self.step("load", phases), self.gunicorn(cached_env, "cached") as server:
            for name, path in pages:
                rows.append(self.measure(server, name, path, "cached", queries["cached"], use_wrk))
            for name, path in pages:
                rows.append(
                    self.measure(
                        server, name, path, "member", queries["member"], use_wrk, member_cookie
                    )
                )
        floor = rows[0]["requests_per_second"] or 1
        for row in rows:
            row["of_floor"] = round(row["requests_per_second"] / floor, 3)
        return {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            # Other work on the machine takes CPU from the server: compare these.
            "machine": {
                **machine(),
                "load_before": round(load_before, 2),
                "load_after": round(os.getloadavg()[0], 2),
            },
            "server": {
                "gunicorn_workers": options["workers"],
                "gunicorn_threads": options["threads"],
                "worker_class": "gthread",
                "cache": cache,
                "postgresql": server_version,
                "python": platform.python_version(),
                "django": django.get_version(),
            },
            "load": {
                "tool": "wrk" if use_wrk else "python (kexue.devtools.loadgen)",
                "version": wrk_version() if use_wrk else "",
                "connections": options["connections"],
                "seconds": options["seconds"],
                "warmup_seconds": options["warmup"],
                "max_requests": options["max_requests"],
            },
            "data": {
                "posts": options["posts"],
                "comments": options["comments"],
                "thread_comments": options["thread"],
                "post_path": post_path,
                "thread_path": thread_path,
                "search_query": SEARCH_QUERY,
            },
            "phase_seconds": phases,
            "rows": rows,
            "targets": targets(rows, post_path, thread_path),
        }

    @contextmanager
    def step(self, name, timings):
        self.stdout.write(f"[{time.monotonic() - self.started:4.0f}s] {name}")
        started = time.monotonic()
        yield
        timings[name] = round(timings.get(name, 0) + time.monotonic() - started, 1)

    def manage(self, env, *arguments):
        finished = subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", *arguments],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if finished.returncode:
            raise CommandError(
                f"manage.py {' '.join(arguments)} failed:\n{finished.stdout}\n{finished.stderr}"
            )
        return finished.stdout

    def count_queries(self, env, paths, cookie=""):
        cookie_option = ["--cookie", cookie] if cookie else []
        counts = json.loads(
            self.manage(env, "bench_queries", "--host", "127.0.0.1", *cookie_option, *paths)
        )
        bad = {path: c["status"] for path, c in counts.items() if c["status"] != 200}
        if bad:
            raise CommandError(f"In-process requests did not answer 200: {bad}")
        return counts

    # -- serving and measuring -------------------------------------------

    @contextmanager
    def gunicorn(self, env, label):
        """A production gunicorn on a free loopback port; yields its base URL."""
        port = free_port()
        log_path = self.workdir / f"gunicorn-{label}.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "-c",
                    "python:kexue.gunicorn_conf",
                    "kexue.wsgi",
                ],
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                env={
                    **env,
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "GUNICORN_WORKERS": str(self.options["workers"]),
                    "GUNICORN_THREADS": str(self.options["threads"]),
                },
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_until_up(base + "/healthz", process, log_path)
                yield Server(base, log_path, process.pid)
            finally:
                stop(process)

    def measure(self, server, name, path, cache, queries, use_wrk, cookie=""):
        """One row; `cookie`: the member's session, sent with every request."""
        options = self.options
        url = server.base + path
        self.stdout.write(f"  {name} ({cache})", ending="")
        self.stdout.flush()
        logged = server.log_path.stat().st_size
        if options["warmup"]:
            self.load(url, options["warmup"], use_wrk, cookie)
        probe(url, cookie)  # with no warm-up, this is the request that fills the cache
        status, size, x_cache = probe(url, cookie)
        machine_before, server_before = busy_cpu_seconds(), server.cpu_seconds()
        result = self.load(url, options["seconds"], use_wrk, cookie)
        cpu_seconds = result["seconds"] * (os.cpu_count() or 1)
        machine_busy = (busy_cpu_seconds() - machine_before) / cpu_seconds
        server_busy = (server.cpu_seconds() - server_before) / cpu_seconds
        served, not_2xx = server.statuses_since(logged)
        if served < result["requests"]:
            raise CommandError(
                f"gunicorn logged {served} requests, the load generator saw "
                f"{result['requests']}: the access log format must have changed."
            )
        self.stdout.write(f": {result['requests_per_second']:.0f} req/s")
        return {
            "scenario": name,
            "path": path,
            "cache": cache,
            "requests": result["requests"],
            "requests_per_second": round(result["requests_per_second"], 1),
            "p50_ms": round(result["p50_ms"], 1),
            "p99_ms": round(result["p99_ms"], 1),
            # Counted by the server, over the warm-up, the probe and the load.
            "non_2xx": max(not_2xx, result["non_2xx"] + (status != 200)),
            "errors": result["errors"],
            "hit_request_limit": result["requests"] >= options["max_requests"],
            # Shares of all cores during the load: gunicorn's own, and everything's
            # (gunicorn, PostgreSQL, Redis, the load generator, and anything else).
            "gunicorn_cpu": round(server_busy, 2),
            "machine_cpu": round(machine_busy, 2),
            "queries": queries[path]["queries"],
            "x_cache": x_cache,
            "kib": round(size / 1024, 1),
        }

    def load(self, url, seconds, use_wrk, cookie=""):
        options = self.options
        if use_wrk:
            return loadgen.run_wrk(
                url,
                seconds,
                options["connections"],
                options["max_requests"],
                self.workdir / "count.lua",
                cookie=cookie,
            )
        return loadgen.run_python(
            url, seconds, options["connections"], options["max_requests"], sys.executable, cookie
        )

    # -- reporting -------------------------------------------------------

    def print_table(self, report):
        server, load = report["server"], report["load"]
        self.stdout.write("")
        self.stdout.write(
            f"Kexue benchmark, {report['date']}: {report['machine']['cpus']} CPUs "
            f"({report['machine']['cpu_model']}); gunicorn {server['gunicorn_workers']} workers "
            f"x {server['gunicorn_threads']} threads, cache {server['cache']}; "
            f"{load['tool']}, {load['connections']} connections, {load['seconds']}s per row"
        )
        self.stdout.write(
            f"Load average (1 min) before the load: {report['machine']['load_before']}, "
            f"after: {report['machine']['load_after']}"
        )
        header = " ".join(f"{title:{align}{width}}" for title, _, width, align, _ in COLUMNS)
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in report["rows"]:
            self.stdout.write(
                " ".join(
                    f"{row[key] if row[key] != '' else '-':{align}{width}{style}}"
                    for _, key, width, align, style in COLUMNS
                )
            )
        self.stdout.write("")
        for target in report["targets"]:
            verdict = self.style.SUCCESS("met") if target["met"] else self.style.ERROR("MISSED")
            self.stdout.write(f"{target['target']}: {target['measured']} -> {verdict}")


def proc_stat(pid):
    """The fields of /proc/<pid>/stat, numbers from the fourth on; [] if it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # The command name in parentheses may hold spaces; what follows is numbers.
    rest = text[text.rindex(")") + 2 :].split()
    return [0, 0, rest[0], *map(int, rest[1:])]


def busy_cpu_seconds():
    """CPU time all cores have spent not idle since boot (Linux /proc/stat)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, idle, iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


# The table: (title, key in a row, width, alignment, number format).
COLUMNS = [
    ("page", "scenario", 22, "<", ""),
    ("cache", "cache", 8, "<", ""),
    ("req/s", "requests_per_second", 8, ">", ".1f"),
    ("p50 ms", "p50_ms", 7, ">", ".1f"),
    ("p99 ms", "p99_ms", 7, ">", ".1f"),
    ("non-2xx", "non_2xx", 7, ">", ""),
    ("errors", "errors", 6, ">", ""),
    ("SQL/req", "queries", 7, ">", ""),
    ("x floor", "of_floor", 7, ">", ".2f"),
    ("KiB", "kib", 6, ">", ".1f"),
    ("X-Cache", "x_cache", 7, ">", ""),
    ("gunicorn CPU", "gunicorn_cpu", 12, ">", ".0%"),
    ("all CPU", "machine_cpu", 7, ">", ".0%"),
]


class Server:
    """A running gunicorn: its address and its access log."""

    # kexue/gunicorn_conf.py's access_log_format: host "request" status ...
    ACCESS_LINE = re.compile(r'^\S+ "[^"]*" (\d{3}) ', re.MULTILINE)

    def __init__(self, base, log_path, pid):
        self.base = base
        self.log_path = log_path
        self.pid = pid

    def cpu_seconds(self):
        """CPU time of the arbiter, its live workers and the workers it has reaped."""
        master = proc_stat(self.pid)
        total = sum(master[13:17])  # utime, stime, and the reaped children's
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                fields = proc_stat(entry.name)
                if fields and int(fields[3]) == self.pid:
                    total += sum(fields[13:15])
        return total / os.sysconf("SC_CLK_TCK")

    def statuses_since(self, offset):
        """(requests logged, of which not 2xx) after byte `offset` of the log."""
        time.sleep(0.3)  # the last lines are written after their responses
        with self.log_path.open("rb") as log:
            log.seek(offset)
            text = log.read().decode(errors="replace")
        statuses = self.ACCESS_LINE.findall(text)
        return len(statuses), sum(not status.startswith("2") for status in statuses)


def targets(rows, post_path, thread_path):
    """The issue's goals for a 2-core machine, each with what was measured."""
    by_key = {(row["path"], row["cache"]): row for row in rows}
    home = by_key[("/", "uncached")]["requests_per_second"]
    post = by_key[(post_path, "uncached")]["requests_per_second"]
    thread = by_key[(thread_path, "uncached")]
    member_post = by_key[(post_path, "member")]["requests_per_second"]
    cached_post = by_key[(post_path, "cached")]["requests_per_second"]
    # Pages the cache leaves out on purpose (search) are not cached pages.
    cached = [row for row in rows if row["cache"] == "cached" and row["x_cache"] == "hit"]
    weakest = min(cached, key=lambda row: row["of_floor"])
    failures = sum(row["non_2xx"] + row["errors"] for row in rows)
    return [
        {
            "target": "cached pages >= 0.5 x floor",
            "measured": f"lowest {weakest['of_floor']:.2f} ({weakest['scenario']})",
            "met": weakest["of_floor"] >= 0.5,
        },
        {
            "target": "uncached home >= 250 req/s",
            "measured": f"{home:.0f} req/s",
            "met": home >= 250,
        },
        {
            "target": "uncached post >= uncached home",
            "measured": f"{post:.0f} vs {home:.0f} req/s",
            "met": post >= home,
        },
        {
            "target": f"{thread['scenario']} uncached >= 50 req/s",
            "measured": f"{thread['requests_per_second']:.0f} req/s",
            "met": thread["requests_per_second"] >= 50,
        },
        {
            "target": "member post >= 0.5 x anonymous cached post",
            "measured": f"{member_post / max(cached_post, 1e-9):.2f} "
            f"({member_post:.0f} vs {cached_post:.0f} req/s)",
            "met": member_post >= 0.5 * cached_post,
        },
        {"target": "zero non-2xx responses", "measured": str(failures), "met": failures == 0},
    ]


def production_env(database_url, workdir, redis_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith(OWN_VARIABLES)}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        # Plain http on loopback: nothing in front terminates TLS.
        DJANGO_SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        KEXUE_DATA_DIR=str(workdir),
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
        # Production settings leave the development app out; the floor and the
        # seeding and counting commands live in it.
        KEXUE_DEVTOOLS="1",
        KEXUE_BENCH_FLOOR="1",
    )
    if redis_url:
        # Pages in the same Redis database, as a production pages instance
        # would hold them: the figures include its round trips.
        env["REDIS_URL"] = env["REDIS_PAGES_URL"] = redis_url
    return env


def connect(database, name):
    return psycopg.connect(
        dbname=name,
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def recreate_database(database, create):
    """Drop the database (and create it afresh); returns the server's version."""
    with connect(database, "postgres") as connection:
        name = sql.Identifier(database["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
        return connection.execute("SHOW server_version").fetchone()[0]


def vacuum_analyze(database):
    with connect(database, database["NAME"]) as connection:
        connection.execute("VACUUM ANALYZE")


def redis_answers(url):
    if not url:
        return False
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def probe(url, cookie=""):
    """(status, bytes on the wire, X-Cache) of one request as the load generator sends it."""
    headers = {"Accept-Encoding": loadgen.ACCEPT_ENCODING, **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback
            return response.status, len(response.read()), response.headers.get("X-Cache", "")
    except urllib.error.HTTPError as error:
        return error.code, 0, ""


def machine():
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.processor(),
        "system": platform.platform(),
    }


def wrk_version():
    finished = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    lines = (finished.stdout + finished.stderr).splitlines()
    return lines[0] if lines else ""
