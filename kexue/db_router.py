"""Reads from PostgreSQL streaming replicas where a row a moment old cannot hurt.

`DATABASE_REPLICA_URLS` adds replica aliases (settings.DATABASE_REPLICAS) and
this router. The router decides nothing on its own: a request that may read
from a replica opens a scope (`replica_reads()`, entered by the composition
layer's middleware, kexue/sitewide/replica_reads.py, which knows the site's
paths); outside a scope every read goes to the primary, so management
commands, the admin, the account pages and every POST read what they write.

Inside a scope the replica is chosen at the first read, not when the request
starts, so a page served from the page cache costs no replica connection.
The primary is kept instead when:

- the replica cannot be reached (the connection error is caught here, so the
  request falls back rather than failing), or its last check found it more
  than DATABASE_REPLICA_MAX_LAG_SECONDS behind; each process checks each
  replica at most every DATABASE_REPLICA_CHECK_SECONDS;
- content changed less than the lag threshold ago (`note_change()`, called
  when the content or discussion version moves): a page rendered from a
  replica that has not replayed the change yet would be cached under the new
  version and stay stale until it expired;
- the request has written, or the primary is inside a transaction: its next
  reads must see what it wrote.
"""

import contextvars
import math
import random
import threading
import time
from contextlib import contextmanager, suppress

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

CHANGED_AT_KEY = "kexue:replicas:changed-at"
# Django's database cache table (the rate-limit counters, the content version
# when Redis is not used): read where it is written, always.
PRIMARY_ONLY_APPS = frozenset({"django_cache"})
# Where the replica stands. Reading pg_stat_wal_receiver's status needs
# pg_read_all_stats (docs/deploy.md); without it the replica never looks
# streaming, and only the age of its last replayed transaction counts.
STANDING_SQL = """
SELECT pg_is_in_recovery(),
       EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming'),
       pg_last_wal_receive_lsn(),
       COALESCE(pg_last_wal_replay_lsn() >= pg_last_wal_receive_lsn(), false),
       COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 'Infinity')
"""
# How long a check may wait to see the replica replay what it has received.
RECHECK_SECONDS = 0.05


def replica_lag(cursor, threshold):
    """Seconds behind, as far as `threshold` needs telling.

    The age of the last replayed transaction overstates the lag when the
    primary has been quiet and other WAL (a checkpoint, vacuum) is being
    replayed: a replica that streams gets one short second look, and if it
    has meanwhile replayed what it had received, it is current."""
    in_recovery, streaming, received, caught_up, age = cursor.execute(STANDING_SQL).fetchone()
    if not in_recovery or (streaming and caught_up):
        return 0.0
    if float(age) <= threshold or not streaming:
        return float(age)
    time.sleep(RECHECK_SECONDS)
    (replayed,) = cursor.execute(
        "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [received]
    ).fetchone()
    return RECHECK_SECONDS if replayed else float(age)


class _Scope:
    """One request's reads: where they go, decided at the first one."""

    __slots__ = ("alias", "wrote")

    def __init__(self):
        self.alias = None  # None: not chosen yet
        self.wrote = False


_scope = contextvars.ContextVar("kexue_replica_scope", default=None)


@contextmanager
def replica_reads(*, primary_only=False):
    """Reads inside may go to a replica (none with `primary_only`); yields the
    scope, whose `wrote` says whether anything was written (the caller then
    keeps the writer on the primary for a while)."""
    scope = _Scope()
    if primary_only:
        scope.alias = DEFAULT_DB_ALIAS
    token = _scope.set(scope)
    try:
        yield scope
    finally:
        _scope.reset(token)


def note_change():
    """Content readers see changed: for the next lag threshold, pages are built
    from the primary. Inert without replicas."""
    if settings.DATABASE_REPLICAS:
        window = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
        cache.set(CHANGED_AT_KEY, time.time(), timeout=math.ceil(window) + 1)


def _changed_recently():
    changed_at = cache.get(CHANGED_AT_KEY)
    return (
        changed_at is not None
        and time.time() - changed_at < settings.DATABASE_REPLICA_MAX_LAG_SECONDS
    )


class ReplicaHealth:
    """Per process: when each replica was last checked and how it did."""

    def __init__(self):
        self._lock = threading.Lock()
        self._checked = {}  # alias -> (usable, time.monotonic() of the check)

    def forget(self):
        with self._lock:
            self._checked.clear()

    def usable(self, alias):
        with self._lock:
            usable, checked_at = self._checked.get(alias, (False, -math.inf))
        if time.monotonic() - checked_at >= settings.DATABASE_REPLICA_CHECK_SECONDS:
            usable = self._check_lag(alias)
        elif usable:
            # Checked lately; still reachable? Django's own health check of a
            # kept connection, done here so a failure falls back instead of 500.
            usable = self._reachable(alias)
        return usable

    def _record(self, alias, usable):
        with self._lock:
            self._checked[alias] = (usable, time.monotonic())
        return usable

    def _reachable(self, alias):
        connection = connections[alias]
        try:
            # Django's health check of a kept connection, done here (and so not
            # again at the first query) so that a failure falls back, not 500s.
            if connection.connection is not None and not connection.is_usable():
                connection.close()
            connection.ensure_connection()
            connection.health_check_done = True
        except DatabaseError:
            with suppress(DatabaseError):
                connection.close()
            return self._record(alias, False)
        return True

    def _check_lag(self, alias):
        if not self._reachable(alias):
            return False
        connection = connections[alias]
        try:
            # The driver's own cursor: a check is not one of the page's queries.
            threshold = settings.DATABASE_REPLICA_MAX_LAG_SECONDS
            with connection.connection.cursor() as cursor:
                lag = replica_lag(cursor, threshold)
        except Exception:  # noqa: BLE001 - any failure means "do not read here"
            with suppress(DatabaseError):
                connection.close()
            return self._record(alias, False)
        return self._record(alias, lag <= threshold)


health = ReplicaHealth()


def _choose_alias():
    if _changed_recently():
        return DEFAULT_DB_ALIAS
    candidates = list(settings.DATABASE_REPLICAS)
    random.shuffle(candidates)  # noqa: S311 - spreading load, not a secret
    for alias in candidates:
        if health.usable(alias):
            return alias
    return DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Writes, migrations and reads outside a replica scope: the primary."""

    def db_for_read(self, model, **hints):
        scope = _scope.get()
        if (
            scope is None
            or scope.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        if scope.alias is None:
            scope.alias = _choose_alias()
        return scope.alias

    def db_for_write(self, model, **hints):
        scope = _scope.get()
        if scope is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            scope.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
