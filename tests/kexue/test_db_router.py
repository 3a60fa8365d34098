"""The replica router's decisions, without a replica (tests/scaleout runs them on one).

Without DATABASE_REPLICA_URLS nothing changes: no router, no cookie, no key.
The decisions themselves are checked here with a stand-in for the replica's
health; which queries really reach a replica is make test-replica's job.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.test import RequestFactory

from blog.models import Post
from kexue.caching import bump_content_version, bump_discussion_version
from kexue.db_router import CHANGED_AT_KEY, ReplicaRouter, health, note_change, replica_reads
from kexue.sitewide.replica_reads import PIN_COOKIE, PIN_SALT, may_read_replica
from tests.comments.posting import send
from tests.factories import PostFactory

ROOT = Path(__file__).resolve().parents[2]
PRINT_DATABASES = """
import json
from django.conf import settings
print(json.dumps({"databases": {alias: [db["PORT"], db["NAME"], db.get("TEST", {}).get("MIRROR")]
                                for alias, db in settings.DATABASES.items()},
                  "replicas": settings.DATABASE_REPLICAS, "routers": settings.DATABASE_ROUTERS}))
"""


def settings_with(**environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_REPLICA")}
    env.update(environment, DJANGO_SETTINGS_MODULE="kexue.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_DATABASES], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_replica_urls_become_aliases_that_tests_mirror_and_the_router_serves():
    configured = settings_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/kexue",
        DATABASE_REPLICA_URLS="postgres://r@10.0.0.2:5433/kexue, postgres://r@10.0.0.3/kexue",
    )
    assert configured["replicas"] == ["replica1", "replica2"]
    assert configured["databases"]["replica1"] == [5433, "kexue", "default"]
    assert configured["databases"]["replica2"][1:] == ["kexue", "default"]
    assert configured["routers"] == ["kexue.db_router.ReplicaRouter"]


def test_without_replicas_there_is_no_router():
    configured = settings_with(DATABASE_URL="postgres://postgres@127.0.0.1:5432/kexue")
    assert configured["replicas"] == []
    assert configured["routers"] == []
    assert list(configured["databases"]) == ["default"]


@pytest.mark.django_db
def test_without_replicas_a_post_sets_no_pin_and_a_change_notes_nothing(member_client):
    response = send(member_client, PostFactory())
    assert response.status_code in (200, 302)
    assert PIN_COOKIE not in response.cookies
    assert cache.get(CHANGED_AT_KEY) is None


def pin(value="1", *, seconds_ago=0):
    signer = signing.get_cookie_signer(salt=PIN_COOKIE + PIN_SALT)
    if seconds_ago:
        signer = signing.TimestampSigner(key=signer.key, salt=PIN_COOKIE + PIN_SALT)
        original = time.time
        try:
            time.time = lambda: original() - seconds_ago
            return signer.sign(value)
        finally:
            time.time = original
    return signer.sign(value)


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    [
        ("get", "/", True),
        ("head", "/archives/3/", True),
        ("get", "/feed/", True),
        ("get", "/comments/feed/", True),
        ("get", "/members/ada/", True),
        ("get", "/search/?q=entropy", True),
        ("post", "/", False),
        ("post", "/comments/post/3/", False),
        ("get", "/comments/post/3/confirm/", False),
        ("get", "/admin/", False),
        ("get", "/accounts/login/", False),
        ("get", "/members/settings/", False),
        ("get", "/members/notifications/", False),
        ("get", "/healthz", False),
    ],
)
def test_public_reads_may_use_a_replica_and_the_rest_may_not(settings, method, path, expected):
    settings.DATABASE_REPLICA_PIN_SECONDS = 5
    request = getattr(RequestFactory(), method)(path)
    assert may_read_replica(request) is expected


def test_a_writer_is_pinned_for_the_pin_seconds_by_a_signed_cookie(settings):
    settings.DATABASE_REPLICA_PIN_SECONDS = 5
    factory = RequestFactory()
    fresh = factory.get("/", HTTP_COOKIE=f"{PIN_COOKIE}={pin()}")
    assert may_read_replica(fresh) is False
    expired = factory.get("/", HTTP_COOKIE=f"{PIN_COOKIE}={pin(seconds_ago=6)}")
    assert may_read_replica(expired) is True
    forged = factory.get("/", HTTP_COOKIE=f"{PIN_COOKIE}=1")
    assert may_read_replica(forged) is True


@pytest.fixture
def one_replica(settings, monkeypatch):
    """A configured replica whose health the test decides."""
    settings.DATABASE_REPLICAS = ["replica1"]
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 2
    state = {"usable": True, "asked": 0}

    def usable(alias):
        state["asked"] += 1
        return state["usable"]

    monkeypatch.setattr(health, "usable", usable)
    return state


router = ReplicaRouter()


def test_outside_a_request_scope_everything_is_the_primary(one_replica):
    assert router.db_for_read(Post) == "default"
    assert router.db_for_write(Post) == "default"
    assert one_replica["asked"] == 0


def test_in_a_scope_reads_go_to_a_healthy_replica_chosen_once(one_replica):
    with replica_reads():
        assert router.db_for_read(Post) == "replica1"
        assert router.db_for_read(Post) == "replica1"
    assert one_replica["asked"] == 1


def test_an_unhealthy_replica_leaves_the_reads_on_the_primary(one_replica):
    one_replica["usable"] = False
    with replica_reads():
        assert router.db_for_read(Post) == "default"


def test_after_a_write_the_request_reads_the_primary(one_replica):
    with replica_reads() as scope:
        assert router.db_for_write(Post) == "default"
        assert router.db_for_read(Post) == "default"
    assert scope.wrote


def test_the_database_cache_table_is_always_the_primary_and_no_write(one_replica):
    from django.core.cache.backends.db import DatabaseCache

    entry = DatabaseCache("kexue_cache", {}).cache_model_class
    with replica_reads() as scope:
        assert router.db_for_read(entry) == "default"
        router.db_for_write(entry)
    assert not scope.wrote
    assert one_replica["asked"] == 0


@pytest.mark.django_db
def test_inside_a_transaction_reads_see_its_writes(one_replica):
    with replica_reads(), transaction.atomic():
        assert router.db_for_read(Post) == "default"


def test_a_primary_only_scope_never_asks_for_a_replica(one_replica):
    with replica_reads(primary_only=True):
        assert router.db_for_read(Post) == "default"
    assert one_replica["asked"] == 0


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a request's edit ends
@pytest.mark.parametrize("change", [bump_content_version, bump_discussion_version])
def test_right_after_a_visible_change_pages_are_built_from_the_primary(
    one_replica, settings, change
):
    change()
    assert cache.get(CHANGED_AT_KEY) is not None
    with replica_reads():
        assert router.db_for_read(Post) == "default"
    cache.set(CHANGED_AT_KEY, time.time() - settings.DATABASE_REPLICA_MAX_LAG_SECONDS - 0.1)
    with replica_reads():
        assert router.db_for_read(Post) == "replica1"


def test_noting_a_change_without_replicas_stores_nothing(settings):
    settings.DATABASE_REPLICAS = []
    note_change()
    assert cache.get(CHANGED_AT_KEY) is None


def test_migrations_run_on_the_primary_only():
    assert router.allow_migrate("default", "blog") is True
    assert router.allow_migrate("replica1", "blog") is False
