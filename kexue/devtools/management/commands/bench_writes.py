"""Comments per second through the real form: `make bench-writes` runs `manage.py bench_writes`.

1. Drops and recreates a PostgreSQL database made for this (its name must
   contain "bench"), migrates it and fills it at scale: `seed_demo`,
   `seed_bench_posts`, then `seed_bench_discussions` with --comments approved
   comments (100,000 by default) written in bulk, then VACUUM ANALYZE.
2. Makes members with verified addresses and logged-in sessions: enough that
   none of them posts more than four comments in a run, so the site's rate
   limit (five a minute per member) stays as it is and is never met.
3. Serves the site with gunicorn and the repository's config (--workers x 4
   threads), production settings (DJANGO_DEBUG=0), Redis for the caches and
   rate limits when it answers, on a free port of 127.0.0.1. Requests say
   they came through a TLS proxy, as nginx would say.
4. Runs each scenario with --writers concurrent writers, each on one
   keep-alive connection, posting --each comments as fast as answers come,
   through POST /comments/post/<id>/ with the form the page would send
   (stamp, CSRF token, honeypot) and `Accept: application/json`, as the
   page's script posts:
   - "a thread each": every writer replies in a thread (comment tree) of its own,
     each on another post;
   - "one thread": every writer replies in the same thread, the largest;
   - "new threads": every writer starts threads (top-level comments).
   Parents are chosen at random among the thread's comments, the writer's
   new ones included, so replies land at every depth.
5. Checks that every comment that got a success answer is stored exactly
   once, under the id it was given, that nothing else was stored, and that
   every comment tree is valid (`check_comment_trees`); prints comments per
   second, p50/p99 latency, the load average and the CPU one comment cost in
   gunicorn and in PostgreSQL, writes the figures as JSON, and fails if a
   check failed or an answer was not a success.

--keep and --reuse let two checkouts take turns on one seeded database (new
members, and threads no earlier run wrote into, for every run).
"""

import http.client
import json
import math
import os
import random
import secrets
import shutil
import tempfile
import threading
import time
from datetime import datetime
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count

from blog.models import Post
from comments import stamps
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from kexue.devtools import drills
from kexue.devtools.management.commands.bench import busy_cpu_seconds, machine, proc_stat
from members.models import User

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kexue_bench_writes"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"  # a Redis database of its own, emptied first
PER_MEMBER = 4  # comments a member posts in a run: under the limit of five a minute
BODY_PREFIX = "bw-"
SCENARIOS = ("a thread each", "one thread", "new threads")
WARM_UP = 2  # comments per gunicorn thread before the measured scenarios


class Writer:
    """One browser: a keep-alive connection, posting as one member after another."""

    def __init__(self, base, sessions, csrf):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{self.host}:{self.port}"
        self.sessions = sessions
        self.csrf = csrf
        self.connection = None

    def post(self, number, post_id, body, parent):
        """(status, comment id or None, seconds) of one comment, the `number`th of this writer."""
        session = self.sessions[number // PER_MEMBER]
        form = {
            "body": body,
            "parent": parent or "",
            "started": stamps.issue(shown_at=time.time() - 30),  # as if read first
            "homepage": "",
            "csrfmiddlewaretoken": self.csrf,
        }
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "Origin": self.origin,
            "Referer": f"{self.origin}/archives/{post_id}/",
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={self.csrf}",
        }
        started = time.perf_counter()
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            self.connection.request("POST", f"/comments/post/{post_id}/", urlencode(form), headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            return None, None, time.perf_counter() - started
        seconds = time.perf_counter() - started
        if response.status != 200:
            return response.status, None, seconds
        return response.status, json.loads(content)["id"], seconds

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Command(BaseCommand):
    help = (
        "Benchmark comment writes: concurrent writers through the real comment form on "
        "gunicorn with production settings, on a database that holds 100,000 comments; "
        "comments per second into fifty threads, into one thread and as new threads, "
        "every accepted comment checked to be stored once and every tree valid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=50, help="Concurrent writers.")
        parser.add_argument("--each", type=int, default=40, help="Comments per writer.")
        parser.add_argument(
            "--comments", type=int, default=100_000, help="Comments in the database first."
        )
        parser.add_argument("--posts", type=int, default=300, help="Generated posts.")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
        parser.add_argument(
            "--scenario",
            action="append",
            choices=SCENARIOS,
            help="Run only this scenario (repeatable); all by default, in the order listed.",
        )
        parser.add_argument(
            "--redis-url",
            default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            help="Redis database to empty and use as the caches ('' for the database cache).",
        )
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "bench-results" / "bench-writes.json"),
            help="Where the JSON goes (default bench-results/bench-writes.json).",
        )
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Run on the database a --keep run left (seeded already) and keep it: runs of "
            "two checkouts can take turns on the same data.",
        )

    def handle(self, *args, **options):
        if settings.DEBUG:
            raise CommandError("Run with production settings: DJANGO_DEBUG=0 (make does).")
        if options["writers"] < 1 or options["each"] < 1:
            raise CommandError("--writers and --each take one or more.")
        database = drills.throwaway_database(os.environ.get("DATABASE_URL", ""), "bench")
        self.options = options
        workdir = Path(tempfile.mkdtemp(prefix="kexue-bench-writes-"))
        try:
            report = self.run(database, workdir)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            connection.close()
            if not (options["keep"] or options["reuse"]):
                drills.recreate_database(database, create=False)
        self.print_report(report)
        output = Path(options["output"])
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(f"JSON: {output}")
        failed = [check["check"] for check in report["checks"] if not check["ok"]]
        if failed:
            raise CommandError(f"{len(failed)} check(s) failed: {'; '.join(failed)}")

    # -- setting up ------------------------------------------------------

    def run(self, database, workdir):
        options = self.options
        env = {
            **os.environ,
            "KEXUE_DATA_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_WORKERS": str(options["workers"]),
            "GUNICORN_THREADS": "4",
            # Nothing listens there: a request that sent mail itself would fail.
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(drills.free_port()),
        }
        cache = "database"
        if options["redis_url"] and redis_answers(options["redis_url"]):
            redis.Redis.from_url(options["redis_url"]).flushdb()
            env["REDIS_URL"] = env["REDIS_PAGES_URL"] = options["redis_url"]
            cache = "redis"
        scenarios = options["scenario"] or list(SCENARIOS)
        started = time.monotonic()
        if options["reuse"]:
            self.say(f"Reusing {database['NAME']} (cache: {cache})…")
        else:
            self.say(f"Setting up {database['NAME']} (cache: {cache})…")
            drills.recreate_database(database)
            drills.manage(env, "migrate", "--noinput", "-v0")
            drills.manage(env, "createcachetable")
            drills.manage(env, "seed_demo")
            drills.manage(env, "seed_bench_posts", str(options["posts"]))
            drills.manage(
                env, "seed_bench_discussions", "--comments", str(options["comments"]),
                "--thread", "1000",
            )  # fmt: skip
            with drills.connect(database) as admin:
                admin.execute("VACUUM ANALYZE")
            connection.close()
        drills.manage(env, "collectstatic", "--noinput", "-v0")
        writers, each = options["writers"], options["each"]
        members_each = math.ceil(each / PER_MEMBER)
        run = secrets.token_hex(3)  # new members for every run, also of a reused database
        # One member for each warm-up writer (WARM_UP comments each), then the scenarios'.
        warm_up_writers = options["workers"] * 4
        sessions = make_sessions(run, warm_up_writers + len(scenarios) * writers * members_each)
        stored_before = Comment.objects.count()
        self.say(
            f"Ready in {time.monotonic() - started:.0f}s: {stored_before:,} comments on "
            f"{Post.objects.count():,} posts, {len(sessions):,} members signed in."
        )
        rows = []
        with drills.gunicorn(env, workdir / "gunicorn.log", {"X-Forwarded-Proto": "https"}) as base:
            # Every worker thread answers a few first (each gunicorn worker
            # starts its MathJax worker on its first formula): not measured.
            warm_up = sessions[:warm_up_writers]
            plan = plan_for("new threads", 1) * warm_up_writers
            self.scenario(base, run, "warm-up", plan, warm_up, 1, WARM_UP)
            sessions = sessions[warm_up_writers:]
            for number, name in enumerate(scenarios):
                first = number * writers * members_each
                mine = sessions[first : first + writers * members_each]
                plan = plan_for(name, writers)
                rows.append(self.scenario(base, run, name, plan, mine, members_each, each))
        connection.close()
        return {
            "date": datetime.now().astimezone().isoformat(timespec="seconds"),
            "machine": machine(),
            "server": {
                "gunicorn_workers": options["workers"],
                "gunicorn_threads": 4,
                "cache": cache,
                "settings": "production (DJANGO_DEBUG=0)",
            },
            "data": {"comments_before": stored_before, "posts": options["posts"]},
            "writers": writers,
            "comments_per_writer": options["each"],
            "rows": rows,
            "checks": checks(rows, stored_before, warm_up_writers * WARM_UP),
        }

    def say(self, text):
        self.stdout.write(text)
        self.stdout.flush()

    # -- measuring -------------------------------------------------------

    def scenario(self, base, run, name, plan, sessions, members_each, each):
        """Every writer (one per entry of `plan`) posts `each` comments as fast as
        answers come; the figures."""
        writers = len(plan)
        self.say(f"  {name}: {writers} writers x {each} comments")
        lock = threading.Lock()
        results = []  # (token, status, comment id, seconds)
        start = threading.Barrier(writers + 1)

        def write(n):
            rng = random.Random(n)  # noqa: S311 - a load pattern, no secret
            post_id, parents = plan[n]
            writer = Writer(base, sessions[n * members_each : (n + 1) * members_each],
                            secrets.token_hex(16))  # fmt: skip
            start.wait()
            for k in range(each):
                token = f"{BODY_PREFIX}{run}-{name.replace(' ', '')}-{n}-{k}"
                body = f"{token}: so $\\sum_{{i=1}}^{{{k + 2}}} i = {(k + 2) * (k + 3) // 2}$."
                parent = rng.choice(parents) if parents is not None else None
                status, comment_id, seconds = writer.post(k, post_id, body, parent)
                if comment_id is not None and parents is not None:
                    parents.append(comment_id)  # this writer's list: no lock needed
                with lock:
                    results.append((token, status, comment_id, seconds))
            writer.close()

        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        load_before = os.getloadavg()[0]
        busy_before, own_before = busy_cpu_seconds(), own_cpu_seconds()
        start.wait()
        began = time.monotonic()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - began
        busy = (busy_cpu_seconds() - busy_before) / (elapsed * (os.cpu_count() or 1))
        own = {key: value - own_before.get(key, 0) for key, value in own_cpu_seconds().items()}
        accepted = [(token, cid) for token, status, cid, _ in results if cid is not None]
        latencies = sorted(seconds * 1000 for *_, seconds in results)
        row = {
            "scenario": name,
            "attempts": len(results),
            "accepted": len(accepted),
            "not_accepted": {
                str(s): sum(r[1] == s for r in results)
                for s in {r[1] for r in results if r[2] is None}
            },  # fmt: skip
            "seconds": round(elapsed, 2),
            "comments_per_second": round(len(accepted) / elapsed, 1),
            "p50_ms": round(percentile(latencies, 0.5), 1),
            "p99_ms": round(percentile(latencies, 0.99), 1),
            "load_before": round(load_before, 2),
            "load_after": round(os.getloadavg()[0], 2),
            "machine_cpu": round(busy, 2),
            # What one comment cost, whatever else the machine was doing.
            "gunicorn_cpu_ms_per_comment": per_comment(own, "gunicorn", accepted),
            "postgresql_cpu_ms_per_comment": per_comment(own, "postgresql", accepted),
            **stored_once(accepted, f"{run}-{name}"),
        }
        self.say(
            f"    {row['comments_per_second']} comments/s ({row['accepted']} in "
            f"{row['seconds']}s), p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms"
        )
        return row

    # -- reporting -------------------------------------------------------

    def print_report(self, report):
        self.stdout.write("")
        server = report["server"]
        self.stdout.write(
            f"Kexue comment writes, {report['date']}: {report['machine']['cpus']} CPUs; gunicorn "
            f"{server['gunicorn_workers']} workers x {server['gunicorn_threads']} threads, "
            f"{server['settings']}, cache {server['cache']}; {report['writers']} writers x "
            f"{report['comments_per_writer']} comments; "
            f"{report['data']['comments_before']:,} comments before"
        )
        header = (
            f"{'scenario':<13} {'comments/s':>10} {'accepted':>8} {'seconds':>7} "
            f"{'p50 ms':>7} {'p99 ms':>7} {'all CPU':>7} {'load':>11} "
            f"{'CPU ms/comment: gunicorn':>24} {'PostgreSQL':>10}"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in report["rows"]:
            self.stdout.write(
                f"{row['scenario']:<13} {row['comments_per_second']:>10.1f} "
                f"{row['accepted']:>8} {row['seconds']:>7.1f} {row['p50_ms']:>7.1f} "
                f"{row['p99_ms']:>7.1f} {row['machine_cpu']:>7.0%} "
                f"{row['load_before']:>5.2f}-{row['load_after']:<5.2f} "
                f"{row['gunicorn_cpu_ms_per_comment']:>24.1f} "
                f"{row['postgresql_cpu_ms_per_comment']:>10.1f}"
            )
        self.stdout.write("Checks:")
        for check in report["checks"]:
            verdict = self.style.SUCCESS("ok  ") if check["ok"] else self.style.ERROR("FAIL")
            self.stdout.write(f"  {verdict} {check['check']}")


def own_cpu_seconds():
    """CPU seconds so far of the gunicorn this process started (its arbiter, live
    workers and the workers it reaped) and, per backend, of the PostgreSQL
    backends connected to this database (a backend that exits during a run
    takes its share with it; gunicorn's threads keep theirs open)."""
    me, ticks = str(os.getpid()), os.sysconf("SC_CLK_TCK")
    stats = {entry.name: proc_stat(entry.name) for entry in Path("/proc").iterdir()
             if entry.name.isdigit()}  # fmt: skip
    arbiters = [pid for pid, fields in stats.items() if fields and str(fields[3]) == me]
    total = 0
    for arbiter in arbiters:
        total += sum(stats[arbiter][13:17])
        total += sum(sum(f[13:15]) for f in stats.values() if f and str(f[3]) == arbiter)
    seconds = {"gunicorn": total / ticks}
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        for (pid,) in cursor.fetchall():
            fields = stats.get(str(pid))
            if fields:
                seconds[f"postgresql {pid}"] = sum(fields[13:15]) / ticks
    return seconds


def per_comment(seconds, kind, accepted):
    spent = sum(value for key, value in seconds.items() if key.startswith(kind))
    return round(spent * 1000 / max(len(accepted), 1), 1)


def redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def make_sessions(run, count):
    """Session keys of `count` new members with verified addresses, signed in."""
    engine = import_module(settings.SESSION_ENGINE)
    unusable = make_password(None)  # nobody logs in as a writer: the session is all
    users = User.objects.bulk_create(
        User(
            username=f"writer-{run}-{n}",
            email=f"writer-{run}-{n}@example.org",
            display_name=f"写者 {n}",
            password=unusable,
        )  # fmt: skip
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
    )
    keys = []
    for user in users:
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def plan_for(name, writers):
    """Each writer's (post id, the comment ids it may answer, or None for new threads)."""
    # Threads as seeded: a run on a reused database never writes into what an
    # earlier run grew (a reply rewrites lft/rght of half its tree, on average).
    written = Comment.objects.filter(body__startswith=BODY_PREFIX).values("tree_id")
    trees = (
        Comment.objects.filter(status=Comment.Status.APPROVED, is_deleted=False)
        .exclude(tree_id__in=written)
        .values("tree_id", "post_id")
        .annotate(size=Count("pk"))
        .order_by("-size", "tree_id")
    )
    if name == "one thread":
        biggest = trees.first()
        ids = tree_comments(biggest["tree_id"])
        return [(biggest["post_id"], list(ids)) for _ in range(writers)]
    chosen, posts = [], set()
    for tree in trees.iterator():
        if tree["post_id"] not in posts:
            posts.add(tree["post_id"])
            chosen.append(tree)
        if len(chosen) == writers:
            break
    if len(chosen) < writers:
        raise CommandError(f"Only {len(chosen)} posts have comments; {writers} are needed.")
    if name == "new threads":
        return [(tree["post_id"], None) for tree in chosen]
    return [(tree["post_id"], tree_comments(tree["tree_id"])) for tree in chosen]


def tree_comments(tree_id):
    return list(Comment.objects.filter(tree_id=tree_id).values_list("pk", flat=True))


def stored_once(accepted, name):
    """How many accepted comments are stored exactly once under their id, and
    how many stored comments of this scenario nobody was told about."""
    prefix = f"{BODY_PREFIX}{name.replace(' ', '')}-"
    stored = {}
    for pk, body in Comment.objects.filter(body__startswith=prefix).values_list("pk", "body"):
        stored.setdefault(body.split(":", 1)[0], []).append(pk)
    once = sum(stored.get(token) == [cid] for token, cid in accepted)
    told = {token for token, _ in accepted}
    return {"stored_once": once, "stored_unannounced": sum(t not in told for t in stored)}


def checks(rows, stored_before, warm_up):
    broken = broken_trees()
    trees = Comment.objects.values("tree_id").distinct().count()
    attempts = sum(row["attempts"] for row in rows)
    accepted = sum(row["accepted"] for row in rows)
    total = Comment.objects.count()
    return [
        {
            "check": f"every answer a success ({accepted} of {attempts})",
            "ok": accepted == attempts,
        },
        {
            "check": "every accepted comment stored exactly once, under its id "
            f"({sum(row['stored_once'] for row in rows)} of {accepted})",
            "ok": all(row["stored_once"] == row["accepted"] for row in rows),
        },
        {
            "check": f"nothing else stored ({total - stored_before - warm_up} new rows after "
            f"{warm_up} to warm up, {sum(row['stored_unannounced'] for row in rows)} never "
            "announced)",
            "ok": total - stored_before - warm_up == accepted
            and not any(row["stored_unannounced"] for row in rows),
        },
        {"check": f"all {trees:,} comment trees valid (broken: {broken[:10]})", "ok": not broken},
    ]


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(fraction * len(sorted_values)))]
