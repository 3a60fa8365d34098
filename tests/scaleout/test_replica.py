"""Reads go to a real streaming replica, writes and writers to the primary (make test-replica).

The harness starts a second PostgreSQL cluster on port 5433, made with
pg_basebackup -R from the primary, and runs these with DATABASE_URL on the
primary and DATABASE_REPLICA_URLS on the replica (kexue/devtools/replica.py).
Queries are counted per alias; the replica's health checks use the driver's
own cursor and are not counted.
"""

import time
from contextlib import ExitStack, contextmanager

import psycopg
import pytest
from django.core.cache import cache
from django.db import connections

from comments.models import Comment
from kexue.db_router import CHANGED_AT_KEY, health
from kexue.devtools.replica import Replica
from kexue.sitewide.replica_reads import PIN_COOKIE
from tests.comments.posting import send
from tests.factories import MemberCommentFactory, PostFactory, StaffFactory, VerifiedMemberFactory
from tests.scaleout.conftest import REPLICA_HARNESS

pytestmark = [
    pytest.mark.skipif(not REPLICA_HARNESS, reason="make test-replica runs these on a replica"),
    pytest.mark.django_db(transaction=True, databases=["default", "replica1"]),
]


@pytest.fixture
def replica(settings):
    return Replica(REPLICA_HARNESS, settings.DATABASES["replica1"]["PORT"])


@pytest.fixture(autouse=True)
def _quick_checks(settings):
    # Every request checks the replica's lag, so a test sees a change at once.
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 1
    settings.DATABASE_REPLICA_PIN_SECONDS = 2
    # Every request renders, so every one reads the database.
    settings.KEXUE_PAGE_CACHE_SECONDS = 0
    health.forget()
    yield
    health.forget()


def settle(replica):
    """The replica has everything the tests wrote, and the window after a change is over."""
    replica.wait_until_caught_up()
    cache.delete(CHANGED_AT_KEY)


@contextmanager
def queries_per_alias():
    """{alias: [sql, ...]} of the queries run inside. Unlike CaptureQueriesContext,
    it does not connect, so it also counts while the replica is down."""
    queries = {alias: [] for alias in ("default", "replica1")}

    def recorder(alias):
        def record(execute, sql, params, many, context):
            queries[alias].append(sql)
            return execute(sql, params, many, context)

        return record

    with ExitStack() as stack:
        for alias in queries:
            stack.enter_context(connections[alias].execute_wrapper(recorder(alias)))
        yield Counted(queries)


class Counted:
    def __init__(self, queries):
        self.queries = queries

    def __getitem__(self, alias):
        return len(self.queries[alias])


def test_public_pages_read_from_the_replica_for_guests_and_members(client, replica):
    post = PostFactory(title="Replicated title")
    MemberCommentFactory(post=post, body="A replicated comment")
    member = VerifiedMemberFactory()
    reader = client.__class__()
    reader.force_login(member)
    settle(replica)
    for visitor in (client, reader):
        for url in ("/", post.get_absolute_url(), "/archives/", "/feed/", "/comments/feed/"):
            with queries_per_alias() as queries:
                response = visitor.get(url)
            assert response.status_code == 200, url
            assert queries["replica1"] > 0, url
            assert queries["default"] == 0, url
    assert "Replicated title" in reader.get(post.get_absolute_url()).content.decode()


def test_the_admin_and_the_account_pages_read_the_primary(client, replica):
    client.force_login(StaffFactory())
    settle(replica)
    for url in ("/admin/", "/admin/blog/post/", "/members/settings/", "/accounts/email/"):
        with queries_per_alias() as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        assert queries["default"] > 0, url
        assert queries["replica1"] == 0, url


def test_a_writer_reads_the_primary_next_and_everyone_sees_the_comment(client, replica, settings):
    post = PostFactory()
    member = VerifiedMemberFactory()
    client.force_login(member)
    settle(replica)
    with queries_per_alias() as queries:
        response = send(client, post, body="Written on the primary")
    assert response.status_code in (200, 302)
    assert queries["replica1"] == 0
    assert Comment.objects.using("default").filter(body="Written on the primary").exists()
    assert PIN_COOKIE in response.cookies
    # The writer's next page: from the primary, with their comment, however far
    # behind the replica may be.
    with queries_per_alias() as queries:
        page = client.get(post.get_absolute_url()).content.decode()
    assert "Written on the primary" in page
    assert queries["replica1"] == 0
    assert queries["default"] > 0
    # Another reader once the replica has it, and the writer after the pin ends.
    settle(replica)
    other = client.__class__()
    for visitor in (other, client):
        if visitor is client:
            time.sleep(settings.DATABASE_REPLICA_PIN_SECONDS + 0.2)
        with queries_per_alias() as queries:
            page = visitor.get(post.get_absolute_url()).content.decode()
        assert "Written on the primary" in page
        assert queries["replica1"] > 0
        assert queries["default"] == 0


def test_right_after_a_change_pages_are_built_from_the_primary(client, replica, settings):
    post = PostFactory(title="Before")
    settle(replica)
    post.title = "After"
    post.save()
    with queries_per_alias() as queries:
        page = client.get(post.get_absolute_url()).content.decode()
    assert "After" in page
    assert queries["replica1"] == 0
    time.sleep(settings.DATABASE_REPLICA_MAX_LAG_SECONDS + 0.1)
    with queries_per_alias() as queries:
        assert "After" in client.get(post.get_absolute_url()).content.decode()
    assert queries["replica1"] > 0


def test_a_lagging_replica_is_not_read(client, replica, settings):
    post = PostFactory(title="Seen by all")
    settle(replica)
    with psycopg.connect(**replica.params(), autocommit=True) as control:
        control.execute("SELECT pg_wal_replay_pause()")
        try:
            post.title = "Not replayed yet"
            post.save()
            time.sleep(settings.DATABASE_REPLICA_MAX_LAG_SECONDS + 0.5)
            cache.delete(CHANGED_AT_KEY)  # only the lag may keep the reads off the replica
            with queries_per_alias() as queries:
                response = client.get(post.get_absolute_url())
            assert response.status_code == 200
            assert "Not replayed yet" in response.content.decode()
            assert queries["replica1"] == 0
            assert queries["default"] > 0
        finally:
            control.execute("SELECT pg_wal_replay_resume()")
    settle(replica)
    with queries_per_alias() as queries:
        assert "Not replayed yet" in client.get(post.get_absolute_url()).content.decode()
    assert queries["replica1"] > 0


def test_a_stopped_replica_falls_back_to_the_primary_without_errors(client, replica, settings):
    post = PostFactory(title="Still served")
    settle(replica)
    client.get("/")  # a kept connection to the replica, which then goes away
    replica.stop()
    try:
        # Also when the last check was fine a moment ago: the connection is checked.
        settings.DATABASE_REPLICA_CHECK_SECONDS = 60
        for url in ("/", post.get_absolute_url(), "/archives/", "/feed/") * 3:
            with queries_per_alias() as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            assert queries["default"] > 0
            assert queries["replica1"] == 0
    finally:
        replica.start()
    settings.DATABASE_REPLICA_CHECK_SECONDS = 0
    settle(replica)
    with queries_per_alias() as queries:
        assert "Still served" in client.get(post.get_absolute_url()).content.decode()
    assert queries["replica1"] > 0
