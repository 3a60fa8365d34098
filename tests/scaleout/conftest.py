"""The scale-out harnesses' tests run against real services, not a test database.

`make test-replica` and `make test-balancer` make a database on the primary
(migrated, streaming to the replica) and name it in DATABASE_URL; a replica
cannot hold a test database of pytest-django's (it is read-only), and the app
hosts must read what the tests write. Without the harnesses' variables every
test here is skipped; with them, nothing is: a missing service fails.
"""

import os

import pytest

REPLICA_HARNESS = os.environ.get("KEXUE_REPLICA_HARNESS", "")  # the replica's directory
BALANCER_HARNESS = os.environ.get("KEXUE_BALANCER_HARNESS", "")  # the harness's directory

if REPLICA_HARNESS or BALANCER_HARNESS:

    @pytest.fixture(scope="session")
    def django_db_setup():
        """The harness made and migrated the database named in DATABASE_URL."""

    @pytest.fixture(autouse=True)
    def _fast_password_hashing():
        """The hosts check passwords with their own hashers, so this suite's
        fast one (tests/conftest.py) stays out."""
