"""Production without REDIS_URL caches in the database: `migrate` makes the tables."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

TABLE = "kexue_cache_made_by_migrate"
PAGES_TABLE = "kexue_page_cache_made_by_migrate"


@pytest.mark.django_db
def test_migrate_creates_both_database_cache_tables_and_a_second_run_keeps_them(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE},
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": PAGES_TABLE,
        },
    }
    tables = connection.introspection.table_names()
    assert TABLE not in tables and PAGES_TABLE not in tables

    call_command("migrate", verbosity=0)
    caches["default"].set("a-counter", 3)
    caches["pages"].set("first-page", "served")
    call_command("migrate", verbosity=0)

    tables = connection.introspection.table_names()
    assert TABLE in tables and PAGES_TABLE in tables
    assert caches["default"].get("a-counter") == 3
    assert caches["pages"].get("first-page") == "served"
    assert caches["default"].get("first-page") is None  # two stores, not one
