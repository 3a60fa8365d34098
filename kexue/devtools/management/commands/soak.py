"""Load with faults: `make soak` runs `manage.py soak` (not part of `make test`).

1. Drops and recreates a PostgreSQL database made for this (its name must
   contain "soak"), migrates it, seeds the demo site, adds members with
   verified addresses and logged-in sessions, and collects static files.
2. Serves it with gunicorn and the repository's gunicorn config, production
   settings (DJANGO_DEBUG=0: manifest static files, secure cookies, SSL
   redirect, page cache in Redis or the database) on a free port of 127.0.0.1.
   Every request says it came through a TLS proxy (X-Forwarded-Proto, and
   X-Forwarded-For with one address per member), as nginx would.
3. For --seconds: readers load pages (home, archive, posts, feeds, search,
   profiles) without pause; members each post a comment or a reply every 13-16
   seconds (under the per-member limit of 5 a minute), after reading the post;
   a sender delivers the outbox every 3 seconds, as cron would.
   From 30% to 60% of the time mail fails (SMTP to a closed port); meanwhile
   newcomers sign up and members ask for password resets. At 45% PostgreSQL
   is restarted (--restart-command).
4. Then the sender runs on until the outbox is empty (failed mail is retried
   after a minute's backoff), each newcomer follows the verification link in
   the mail that reached them, and the checks run: every comment that got a
   success response exists exactly once and no comment exists twice; every
   comment tree is valid; no response other than 2xx/3xx, and no connection
   error, outside the restart window (the restart itself plus a few seconds
   for the workers to reconnect); after the restart reads and posts succeed
   and every page answers 200; sign-ups and resets during the outage answered
   at once and their mail arrived after it, and the verification links work;
   every queued mail was delivered exactly once, including those that failed
   during the outage.

Mail goes, when it works, to Django's in-memory backend of this process, so
every delivery is counted; gunicorn's own mail settings point at a closed port,
so a request that sent mail itself would fail. Requests go to loopback only,
bounded in time.
"""

import contextlib
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import redis
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.core import mail
from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.utils.crypto import get_random_string

from blog.models import Category, Post, Tag
from comments import stamps
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment
from kexue.devtools import drills
from kexue.outbox.delivery import send_due
from kexue.outbox.models import Message

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/12"  # a Redis database of its own, emptied first
RECONNECT_GRACE = 5.0  # seconds after the restart in which workers may still fail
DISCUSSED_POSTS = 4
SENDER_INTERVAL = 3.0
NEWCOMER_INTERVAL = 2.5
NEWCOMER_PASSWORD = "Noether-Symmetry-1918"  # noqa: S105 - a throwaway site's test account
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/accounts/confirm-email/\S+)")


@dataclass
class Outcome:
    started: float
    finished: float
    who: str
    method: str
    path: str
    status: int | None  # None: no response (connection refused, reset, timed out)
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 400


class Client:
    """One keep-alive HTTP connection, as one browser behind the proxy."""

    def __init__(self, base, address, cookies=None):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
            "Accept-Language": "zh-hans",
        }
        if cookies:
            self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        self.origin = f"https://{self.host}:{self.port}"
        self.connection = None

    def request(self, method, path, body=None, headers=None):
        """(status, body); raises OSError or HTTPException when no answer came."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=20)
        try:
            self.connection.request(method, path, body, {**self.headers, **(headers or {})})
            response = self.connection.getresponse()
            return response.status, response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Soak:
    def __init__(self, command, base, plan, rng):
        self.command = command
        self.base = base
        self.plan = plan
        self.rng = rng
        self.t0 = time.monotonic()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.outcomes = []
        self.attempts = []  # (token, Outcome, comment id or None)
        self.accounts = []  # ("signup" or "reset", address, Outcome)
        self.confirmed = {}  # a newcomer's address: verified through the mailed link
        self.mail_fails = threading.Event()
        self.sender_errors = Counter()
        self.events = []

    def now(self):
        return time.monotonic() - self.t0

    def event(self, text):
        self.events.append((self.now(), text))
        self.command.stdout.write(f"[{self.now():5.1f}s] {text}")

    def timed(self, client, who, method, path, body=None, headers=None):
        started = self.now()
        try:
            status, content = client.request(method, path, body, headers)
            outcome = Outcome(started, self.now(), who, method, path, status)
        except (OSError, http.client.HTTPException) as error:
            status, content = None, b""
            outcome = Outcome(started, self.now(), who, method, path, None, type(error).__name__)
        with self.lock:
            self.outcomes.append(outcome)
        return outcome, content

    # -- the actors ------------------------------------------------------

    def reader(self, n, rng):
        client = Client(self.base, f"127.0.2.{n + 1}")
        while not self.stop.is_set():
            self.timed(client, f"reader {n}", "GET", rng.choice(self.plan["pages"]))
            time.sleep(0.02)

    def writer(self, member, rng):
        n, session_key = member
        csrf = get_random_string(32)
        cookies = {settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: csrf}
        client = Client(self.base, f"127.0.1.{n + 1}", cookies)
        if self.stop.wait(rng.uniform(0, 14)):
            return
        for sequence in range(10**6):
            post_id = rng.choice(self.plan["posts"])
            post_path = f"/archives/{post_id}/"
            self.timed(client, f"member {n}", "GET", post_path)
            with self.lock:
                known = list(self.plan["comments"][post_id])
            parent = rng.choice(known) if known and rng.random() < 0.6 else ""
            token = f"soak-{n}-{sequence}-{uuid.uuid4().hex[:10]}"
            form = {
                "body": f"{token}: the sum $\\sum_{{k=1}}^{{{sequence + 2}}} k$ checks out.",
                "parent": parent,
                "started": stamps.issue(shown_at=time.time() - 30),  # as if read first
                "homepage": "",
                "csrfmiddlewaretoken": csrf,
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "Origin": client.origin,
                "Referer": client.origin + post_path,
            }
            outcome, content = self.timed(
                client, f"member {n}", "POST", f"/comments/post/{post_id}/",
                urlencode(form), headers,
            )  # fmt: skip
            comment_id = None
            if outcome.status == 200:
                comment_id = json.loads(content)["id"]
                with self.lock:
                    self.plan["comments"][post_id].append(comment_id)
            with self.lock:
                self.attempts.append((token, outcome, comment_id))
            # Idle longer than gunicorn keeps a connection alive, as a browser
            # would: the next visit opens a fresh one.
            client.close()
            # 13-16 s apart: never more than the 5 a minute a member may post.
            if self.stop.wait(rng.uniform(13, 16)):
                return

    def newcomer(self, resettable):
        """While mail fails: sign-ups and password resets, each from its own address."""
        while not self.mail_fails.wait(0.5):
            if self.stop.is_set():
                return
        for n in range(10**6):
            if self.stop.is_set() or not self.mail_fails.is_set():
                return
            self.ask("signup", n, f"newcomer{n}@example.org")
            if n < len(resettable):
                self.ask("reset", n, resettable[n])
            self.stop.wait(NEWCOMER_INTERVAL)

    def ask(self, kind, n, address):
        csrf = get_random_string(32)
        client = Client(self.base, f"127.0.4.{n + 1}", {settings.CSRF_COOKIE_NAME: csrf})
        if kind == "signup":
            path = "/accounts/signup/"
            form = {"username": f"newcomer{n}", "email": address,
                    "password1": NEWCOMER_PASSWORD, "password2": NEWCOMER_PASSWORD}  # fmt: skip
        else:
            path, form = "/accounts/password/reset/", {"email": address}
        outcome, _ = self.post_form(client, f"newcomer {n}", path, form, csrf)
        with self.lock:
            self.accounts.append((kind, address, outcome))

    def post_form(self, client, who, path, form, csrf):
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": client.origin,
            "Referer": client.origin + path,
        }
        body = urlencode({**form, "csrfmiddlewaretoken": csrf})
        try:
            return self.timed(client, who, "POST", path, body, headers)
        finally:
            client.close()

    def confirm_sign_ups(self):
        """Each newcomer follows the link in the verification mail that reached them."""
        for kind, address, outcome in self.accounts:
            if kind != "signup" or not outcome.ok:
                continue
            bodies = [m.body for m in mail.outbox if m.to == [address]]
            link = CONFIRM_LINK.search(bodies[0]) if bodies else None
            if link is not None:
                csrf = get_random_string(32)
                client = Client(self.base, "127.0.3.2", {settings.CSRF_COOKIE_NAME: csrf})
                self.post_form(client, "newcomer", link.group(1), {}, csrf)
            self.confirmed[address] = EmailAddress.objects.filter(
                email=address, verified=True
            ).exists()

    def sender(self):
        closed_port = drills.free_port()  # nothing listens there
        failing = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=closed_port,
            timeout=2,
        )
        working = get_connection("django.core.mail.backends.locmem.EmailBackend")
        while not self.stop.is_set():
            self.send_once(failing if self.mail_fails.is_set() else working)
            self.stop.wait(SENDER_INTERVAL)
        connection.close()

    def send_once(self, mail_connection):
        try:
            sent, failed = send_due(mail_connection)
        except DatabaseError as error:
            # What cron would see while PostgreSQL restarts; the next run retries.
            self.sender_errors[type(error).__name__] += 1
            connection.close()
            return 0, 0
        self.sender_errors["mail sent"] += sent
        self.sender_errors["mail failed"] += failed
        return sent, failed

    # -- the run ---------------------------------------------------------

    def run(self, seconds, readers, members, restart_command, resettable):
        def rng():
            return random.Random(self.rng.random())  # noqa: S311 - a load pattern, no secret

        threads = [threading.Thread(target=self.reader, args=(n, rng())) for n in range(readers)]
        threads += [threading.Thread(target=self.writer, args=(m, rng())) for m in members]
        threads.append(threading.Thread(target=self.newcomer, args=(resettable,)))
        sender = threading.Thread(target=self.sender)
        self.event(f"load starts: {readers} readers, {len(members)} members posting")
        for thread in [*threads, sender]:
            thread.start()
        schedule = [
            (0.30 * seconds, self.break_mail),
            (0.45 * seconds, lambda: self.restart(restart_command)),
            (0.60 * seconds, self.mend_mail),
        ]
        for at, action in schedule:
            self.stop.wait(max(0.0, at - self.now()))
            action()
        self.stop.wait(max(0.0, seconds - self.now()))
        self.stop.set()
        self.event("load stops")
        for thread in [*threads, sender]:
            thread.join()

    def break_mail(self):
        self.mail_fails.set()
        self.event("mail fails from now on (SMTP to a closed port); newcomers sign up")

    def mend_mail(self):
        self.mail_fails.clear()
        self.event("mail works again")

    def restart(self, restart_command):
        self.event(f"restarting PostgreSQL: {restart_command}")
        started = self.now()
        finished = subprocess.run(  # noqa: S602 - the operator's own command line
            restart_command, shell=True, capture_output=True, text=True, timeout=120, check=False
        )
        self.window = (started, self.now() + RECONNECT_GRACE)
        if finished.returncode:
            self.stop.set()
            raise CommandError(f"The restart failed:\n{finished.stdout}\n{finished.stderr}")
        self.event(f"PostgreSQL is back after {self.now() - started:.1f}s")

    def drain_outbox(self, seconds):
        """Run the sender with working mail until the outbox is empty (or time is up)."""
        working = get_connection("django.core.mail.backends.locmem.EmailBackend")
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.send_once(working)
            waiting = Message.objects.unsent().count()
            if not waiting:
                self.event("the outbox is empty")
                return
            time.sleep(2)
        self.event("gave up waiting for the outbox")


class Command(BaseCommand):
    help = (
        "Soak test: gunicorn with production settings on 127.0.0.1 under readers and "
        "commenting members, through a PostgreSQL restart and a mail outage; checks that no "
        "comment is lost or doubled, trees stay valid, errors stay inside the restart window "
        "sign-ups and resets during the outage answer at once, and every mail is delivered once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--restart-command",
            required=True,
            help="Shell command that restarts the PostgreSQL server, run once midway.",
        )
        parser.add_argument("--seconds", type=int, default=80, help="Length of the load.")
        parser.add_argument("--readers", type=int, default=4, help="Reader threads.")
        parser.add_argument("--members", type=int, default=14, help="Members posting.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes.")
        parser.add_argument(
            "--redis-url",
            default=DEFAULT_REDIS_URL,
            help="Redis database to empty and use as the cache ('' for the database cache).",
        )
        parser.add_argument("--seed", type=int, default=9, help="Random seed of the actors.")
        parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")

    def handle(self, *args, **options):
        database = drills.throwaway_database(os.environ.get("DATABASE_URL", ""), "soak")
        if settings.DEBUG:
            raise CommandError("Run with production settings: DJANGO_DEBUG=0 (make soak does).")
        workdir = Path(tempfile.mkdtemp(prefix="kexue-soak-"))
        try:
            with silent_mail_server() as mail_port:
                self.soak(database, workdir, options, mail_port)
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
            connection.close()
            if not options["keep"]:
                drills.recreate_database(database, create=False)

    def soak(self, database, workdir, options, mail_port):
        env = {
            **os.environ,
            "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
            "KEXUE_DATA_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            "GUNICORN_WORKERS": str(options["workers"]),
            "GUNICORN_THREADS": "4",
            # The web never sends mail itself. If it tried, it would meet a
            # server that takes the connection and never answers: the request
            # would wait out EMAIL_TIMEOUT, then fail.
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mail_port),
        }
        cache = "database"
        if options["redis_url"] and redis_answers(options["redis_url"]):
            redis.Redis.from_url(options["redis_url"]).flushdb()
            env["REDIS_URL"], cache = options["redis_url"], "redis"
        self.stdout.write(f"Setting up {database['NAME']} (cache: {cache})…")
        drills.recreate_database(database)
        drills.manage(env, "migrate", "--noinput", "-v0")
        drills.manage(env, "createcachetable")
        drills.manage(env, "seed_demo")
        drills.manage(env, "collectstatic", "--noinput", "-v0")
        members = make_members(options["members"])
        plan = site_plan()
        mail.outbox = []
        headers = {"X-Forwarded-Proto": "https"}
        with drills.gunicorn(env, workdir / "gunicorn.log", headers) as base:
            self.stdout.write(
                f"gunicorn at {base}: {options['workers']} workers x 4 threads, DJANGO_DEBUG=0, "
                f"{len(plan['pages'])} pages to read, {len(plan['posts'])} posts to discuss."
            )
            soak = Soak(self, base, plan, random.Random(options["seed"]))  # noqa: S311
            resettable = [f"soak{n}@example.org" for n, _ in members]
            soak.run(
                options["seconds"], options["readers"], members, options["restart_command"],
                resettable,
            )  # fmt: skip
            # A failed mail waits a minute before its retry.
            soak.drain_outbox(90)
            soak.confirm_sign_ups()
            final = [soak.timed(Client(base, "127.0.3.1"), "final", "GET", p)[0]
                     for p in plan["pages"]]  # fmt: skip
        connection.close()
        failures = report(self.stdout, soak, final)
        log_errors = [
            line for line in (workdir / "gunicorn.log").read_text().splitlines()
            if "Traceback" in line
        ]  # fmt: skip
        self.stdout.write(f"gunicorn logged {len(log_errors)} tracebacks.")
        if failures:
            raise CommandError(f"{failures} check(s) failed.")
        self.stdout.write(self.style.SUCCESS("Soak passed."))


@contextlib.contextmanager
def silent_mail_server():
    """A port on which connections are taken (the kernel's backlog) and never
    answered, like a hung SMTP server; yields the port."""
    with socket.create_server(("127.0.0.1", 0), backlog=128) as listener:
        yield listener.getsockname()[1]


def redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def make_members(count):
    """Members with verified addresses and a logged-in session each: (number, session key)."""
    engine = import_module(settings.SESSION_ENGINE)
    members = []
    for n in range(count):
        user = get_user_model().objects.create(
            username=f"soak{n}", email=f"soak{n}@example.org", display_name=f"Soak member {n}"
        )
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        members.append((n, session.session_key))
    return members


def site_plan():
    """The pages readers load, the posts members discuss and their approved comments."""
    posts = list(Post.objects.published().order_by("-published_at")[:12])
    discussed = [post.pk for post in posts[:DISCUSSED_POSTS]]
    comments = {pk: [] for pk in discussed}
    approved = Comment.objects.filter(post__in=discussed, status=Comment.Status.APPROVED)
    for post_id, comment_id in approved.values_list("post", "pk"):
        comments[post_id].append(comment_id)
    pages = ["/", "/?page=2", "/archives/", "/feed/", "/feed/atom/", "/comments/feed/",
             "/sitemap.xml", "/search/?q=%E7%86%B5", "/search/?q=entropy", "/members/soak0/",
             "/healthz"]  # fmt: skip
    pages += [post.get_absolute_url() for post in posts]
    pages += [category.get_absolute_url() for category in Category.objects.all()]
    pages += [tag.get_absolute_url() for tag in Tag.objects.all()[:5]]
    return {"pages": pages, "posts": discussed, "comments": comments}


def report(out, soak, final):
    """Print what was checked; the number of failed checks."""
    failed = 0

    def check(ok, text):
        nonlocal failed
        failed += not ok
        out.write(f"  {'ok  ' if ok else 'FAIL'} {text}")

    window_start, window_end = getattr(soak, "window", (None, None))
    outcomes = soak.outcomes
    bad = [o for o in outcomes if not o.ok]
    inside = [o for o in bad if window_start is not None and
              o.finished >= window_start and o.started <= window_end]  # fmt: skip
    outside = [o for o in bad if o not in inside]
    reads = [o for o in outcomes if o.method == "GET"]
    posts = [attempt for attempt in soak.attempts]
    succeeded = [(token, comment_id) for token, _, comment_id in posts if comment_id]
    after = [o for o in outcomes if window_end is not None and o.started > window_end]
    out.write("")
    out.write(
        f"Requests: {len(reads)} page loads, {len(posts)} comment posts "
        f"({len(succeeded)} succeeded); {len(bad)} without a 2xx/3xx answer."
    )
    if window_start is not None:
        first = min((o.started for o in inside), default=0)
        last = max((o.finished for o in inside), default=0)
        span = f", from {first:.1f}s to {last:.1f}s" if inside else ""
        out.write(
            f"Restart window: {window_start:.1f}s to {window_end:.1f}s (the restart plus "
            f"{RECONNECT_GRACE:.0f}s to reconnect); {len(inside)} failures in it{span}."
        )
    out.write(f"Sender: {dict(soak.sender_errors)}")
    out.write("Checks:")

    stored = Counter(
        Comment.objects.filter(body__startswith="soak-").values_list("body", flat=True)
    )
    by_token = Counter()
    for body, count in stored.items():
        by_token[body.split(":", 1)[0]] += count
    ids = dict(Comment.objects.filter(body__startswith="soak-").values_list("pk", "body"))
    exactly_once = [
        token for token, comment_id in succeeded
        if by_token[token] == 1 and ids.get(comment_id, "").startswith(token + ":")
    ]  # fmt: skip
    check(
        len(exactly_once) == len(succeeded) > 0,
        f"every comment that got a success response exists exactly once "
        f"({len(exactly_once)} of {len(succeeded)})",
    )
    doubled = [token for token, count in by_token.items() if count > 1]
    check(not doubled, f"no comment is stored twice ({len(posts)} attempts; doubled: {doubled})")
    unknown = set(by_token) - {token for token, _, _ in posts}
    check(not unknown, f"no comment appeared that nobody posted ({len(unknown)})")
    broken = broken_trees()
    trees = Comment.objects.values("tree_id").distinct().count()
    check(not broken, f"all {trees} comment trees are valid (broken: {broken})")
    check(
        window_start is not None and not outside,
        "no response other than 2xx/3xx, and no connection error, outside the restart window"
        + "".join(f"\n         {o.who} {o.method} {o.path} at {o.started:.1f}s: "
                  f"{o.status or o.error}" for o in outside[:10]),
    )  # fmt: skip
    after_reads = sum(o.ok and o.method == "GET" for o in after)
    after_posts = sum(o.ok and o.path.startswith("/comments/post/") for o in after)
    final_bad = [(o.path, o.status or o.error) for o in final if o.status != 200]
    check(
        after_reads > 0 and after_posts > 0 and not final_bad,
        f"the site serves normally after the restart: {after_reads} page loads and "
        f"{after_posts} comments succeeded after the window; every page answers 200 "
        f"at the end{f' (not: {final_bad})' if final_bad else ''}",
    )
    accounts = soak.accounts
    excused = [o for _, _, o in accounts if o in inside]
    answered = [o for _, _, o in accounts if o.ok]
    slowest = max((o.finished - o.started for o in answered), default=0.0)
    signups = sum(kind == "signup" for kind, _, _ in accounts)
    times = sorted(o.finished - o.started for o in answered)
    median = times[len(times) // 2] if times else 0.0
    # One that sent its mail itself would have waited for the hung server.
    limit = settings.EMAIL_TIMEOUT
    check(
        signups > 0 and len(answered) + len(excused) == len(accounts) and len(answered) > 0
        and slowest < limit,
        f"during the mail outage {signups} sign-ups and {len(accounts) - signups} password "
        f"resets answered at once: {len(answered)} redirected, {len(excused)} in the restart "
        f"window, in {median:.2f}s (median), the slowest in {slowest:.2f}s (the mail "
        f"timeout they never wait for: {limit}s)",
    )  # fmt: skip
    account_mail = list(Message.objects.filter(notification__isnull=True))
    sent_to = Counter(m.recipient for m in account_mail if m.sent_at is not None)
    answered_to = [address for _, address, o in accounts if o.ok]
    missing = [address for address in answered_to if sent_to[address] != 1]
    verified = [address for address, ok in soak.confirmed.items() if ok]
    answered_signups = sum(kind == "signup" and o.ok for kind, _, o in accounts)
    check(
        answered_to and not missing and len(verified) == answered_signups,
        f"their mail was delivered after the outage: {len(answered_to) - len(missing)} of "
        f"{len(answered_to)}, once each ({sum(m.attempts > 1 for m in account_mail)} retried); "
        f"{len(verified)} of {answered_signups} verification links confirmed their address"
        + (f" (missing: {missing[:5]})" if missing else ""),
    )
    queued_mail = list(Message.objects.all())
    delivered = Counter((tuple(m.to), m.subject, m.body) for m in mail.outbox)
    queued = Counter(((m.recipient,), m.subject, m.body_text) for m in queued_mail)
    retried = sum(m.attempts > 1 for m in queued_mail)
    unsent = sum(m.sent_at is None for m in queued_mail)
    replies = len(queued_mail) - len(account_mail)
    check(
        replies and delivered == queued and not unsent and retried > 0,
        f"mail: {len(queued_mail)} queued ({replies} reply notifications, {len(account_mail)} "
        f"account mails), {retried} failed during the mail outage and were retried, "
        f"{len(mail.outbox)} delivered, each exactly once ({unsent} never sent)",
    )
    return failed
