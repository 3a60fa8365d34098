"""The Redis cache backend keeps one client per pool and still behaves as Django's."""

import socket
import threading

import pytest

from kexue.redis_cache import SharedClientRedisCache

REDIS = "redis://127.0.0.1:6379/11"


@pytest.fixture
def cache():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    backend = SharedClientRedisCache(REDIS, {"KEY_PREFIX": "kexue-test-shared-client"})
    yield backend
    backend.delete_many(["a", "count", "gone", "added"])


def test_every_call_uses_the_same_client(cache):
    first = cache._cache.get_client()
    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client("a key") is first


def test_it_stores_counts_and_forgets_as_django_redis_cache_does(cache):
    cache.set("a", {"value": [1, 2]}, 60)
    assert cache.get("a") == {"value": [1, 2]}
    assert cache.add("added", 1, 60) is True
    assert cache.add("added", 2, 60) is False
    cache.set("count", 5, None)
    assert cache.incr("count") == 6
    cache.set("gone", 1, 60)
    cache.delete("gone")
    assert cache.get("gone", "missing") == "missing"
    assert cache.get_many(["a", "count"]) == {"a": {"value": [1, 2]}, "count": 6}


def test_threads_share_the_client_safely(cache):
    cache.set("count", 0, None)
    errors = []

    def count():
        try:
            for _ in range(50):
                cache.incr("count")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    workers = [threading.Thread(target=count) for _ in range(8)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    assert cache.get("count") == 400
