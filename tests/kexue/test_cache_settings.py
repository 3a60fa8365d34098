"""Every configuration has two caches: counters and versions apart from the pages."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT_CACHES = """
import json
from django.conf import settings
print(json.dumps({alias: [c["BACKEND"].rsplit(".", 1)[1], c.get("LOCATION", "")]
                  for alias, c in settings.CACHES.items()}))
"""


def caches_with(**environment):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))}
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="blog.example.org")
    env.update(environment, DJANGO_SETTINGS_MODULE="kexue.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_CACHES], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        (
            {
                "DJANGO_DEBUG": "0",
                "REDIS_URL": "redis://127.0.0.1:6379/0",
                "REDIS_PAGES_URL": "redis://127.0.0.1:6380/0",
            },  # fmt: skip
            {
                "default": ["SharedClientRedisCache", "redis://127.0.0.1:6379/0"],
                "pages": ["SharedClientRedisCache", "redis://127.0.0.1:6380/0"],
            },  # fmt: skip
        ),
        (
            {"DJANGO_DEBUG": "0", "REDIS_URL": "redis://127.0.0.1:6379/0"},
            {
                "default": ["SharedClientRedisCache", "redis://127.0.0.1:6379/0"],
                "pages": ["LocMemCache", "kexue-pages"],
            },  # fmt: skip
        ),
        (
            {"DJANGO_DEBUG": "0"},
            {
                "default": ["DatabaseCache", "kexue_cache"],
                "pages": ["DatabaseCache", "kexue_page_cache"],
            },  # fmt: skip
        ),
        (
            {"DJANGO_DEBUG": "1"},
            {"default": ["LocMemCache", ""], "pages": ["LocMemCache", "kexue-pages"]},
        ),
    ],
    ids=["two-redis", "redis-and-process-pages", "database", "development"],
)
def test_pages_never_share_a_store_with_the_counters(environment, expected):
    caches = caches_with(**environment)
    assert caches == expected
    assert caches["default"] != caches["pages"]
