"""The development app is part of the site only in development or when asked for."""

import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = """
import json
import django
from django.apps import apps
from django.core.management import get_commands
from django.urls import Resolver404, resolve

django.setup()
try:
    resolve("/bench/floor/")
    floor = True
except Resolver404:
    floor = False
print(json.dumps({
    "installed": apps.is_installed("kexue.devtools"),
    "bench command": "bench" in get_commands(),
    "floor": floor,
}))
"""


def migrated_database_url():
    """The test database, migrated: an address nothing else routes reaches the
    static pages' route last, which asks the database whether such a page exists."""
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def probe(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "KEXUE_"))}
    env.update(
        DATABASE_URL=migrated_database_url(),
        DJANGO_SETTINGS_MODULE="kexue.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        KEXUE_BENCH_FLOOR="1",
        **variables,
    )
    finished = subprocess.run(  # noqa: S603 - this interpreter
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    return json.loads(finished.stdout)


@pytest.mark.django_db
def test_production_settings_leave_out_the_commands_and_the_floor():
    assert probe(DJANGO_DEBUG="0") == {"installed": False, "bench command": False, "floor": False}


@pytest.mark.parametrize(
    "variables",
    [{"DJANGO_DEBUG": "0", "KEXUE_DEVTOOLS": "1"}, {}],
    ids=["KEXUE_DEVTOOLS=1", "DJANGO_DEBUG by default"],
)
@pytest.mark.django_db
def test_development_or_kexue_devtools_brings_them_in(variables):
    assert probe(**variables) == {"installed": True, "bench command": True, "floor": True}
