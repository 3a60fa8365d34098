"""Invalidation reaches every process: gunicorn with four workers, as deployed."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import PostFactory

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
REDIS = "redis://127.0.0.1:6379/14"

pytestmark = pytest.mark.django_db(transaction=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """Production serves hashed static files, so collect them once."""
    root = tmp_path_factory.mktemp("static")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "x" * 60,
        "STATIC_ROOT": str(root),
    }
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True, timeout=120)  # fmt: skip
    return root


def production_env(static_root, cache_url):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_URL"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_SECURE_SSL_REDIRECT="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STATIC_ROOT=str(static_root),
    )
    if cache_url:
        env["REDIS_URL"] = cache_url
    return env


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.read().decode()


@pytest.mark.parametrize("cache_url", [REDIS, None], ids=["redis", "database-cache"])
def test_an_edit_shows_on_twenty_consecutive_requests_to_four_workers(
    settings, static_root, cache_url
):
    if cache_url and not redis_is_up():
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    env = production_env(static_root, cache_url)
    # This process edits through the same shared cache the workers read (the
    # content version lives on "default"); its own pages alias is never read.
    pages = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if cache_url:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": cache_url, "KEY_PREFIX": "kexue"},
                           "pages": pages}  # fmt: skip
    else:
        subprocess.run([sys.executable, "manage.py", "createcachetable"], cwd=ROOT, env=env,
                       check=True, timeout=60)  # fmt: skip
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                       "LOCATION": "kexue_cache"}, "pages": pages}  # fmt: skip
    from django.core.cache import cache

    cache.clear()
    post = PostFactory(title="The first title")
    port = free_port()
    server = subprocess.Popen(
        [GUNICORN, "-c", "python:kexue.gunicorn_conf", "kexue.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "4"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}{post.get_absolute_url()}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                fetch(url)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        for _ in range(20):  # every worker now holds the page in the shared cache
            assert "The first title" in fetch(url)
        post.title = "The edited title"
        post.save()
        pages = [fetch(url) for _ in range(20)]
        assert all("The edited title" in page for page in pages)
        assert not any("The first title" in page for page in pages)
    finally:
        server.terminate()
        server.wait(timeout=30)
        cache.clear()
