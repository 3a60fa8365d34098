"""Production without REDIS_URL caches in the database: `migrate` makes the table."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

TABLE = "kexue_cache_made_by_migrate"


@pytest.mark.django_db
def test_migrate_creates_the_database_cache_table_and_a_second_run_keeps_it(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": TABLE}
    }
    assert TABLE not in connection.introspection.table_names()

    call_command("migrate", verbosity=0)
    cache.set("first-page", "served")
    call_command("migrate", verbosity=0)

    assert TABLE in connection.introspection.table_names()
    assert cache.get("first-page") == "served"
