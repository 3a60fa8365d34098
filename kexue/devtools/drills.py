"""What `soak` and `backup_drill` share: throwaway databases and child processes."""

import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg
from django.conf import settings
from django.core.management.base import CommandError
from psycopg import sql

from kexue.devtools.processes import stop, wait_until_up


def throwaway_database(url, marker):
    """The parsed DATABASE_URL, refused unless it names a PostgreSQL database
    whose name says it may be dropped."""
    database = dj_database_url.parse(url)
    if "postgresql" not in database["ENGINE"] or marker not in database["NAME"]:
        raise CommandError(
            f"The database must be PostgreSQL and its name contain {marker!r}: "
            f"it is dropped and created again (got {database['NAME']!r})."
        )
    return database


def connect(database, name=None):
    return psycopg.connect(
        dbname=name or database["NAME"],
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        autocommit=True,
    )


def recreate_database(database, name=None, create=True):
    """Drop the database (default: the one `database` names) and create it afresh."""
    name = sql.Identifier(name or database["NAME"])
    with connect(database, "postgres") as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def with_database(url, name):
    """`url` with its database name replaced."""
    return url.rsplit("/", 1)[0] + "/" + name


def manage(env, *arguments, timeout=900):
    """Run `manage.py` with `env`; its output, or CommandError with it."""
    finished = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if finished.returncode:
        raise CommandError(
            f"manage.py {' '.join(arguments)} failed:\n{finished.stdout}\n{finished.stderr}"
        )
    return finished.stdout


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


@contextmanager
def gunicorn(env, log_path, headers=None):
    """gunicorn with the repository's config on a free loopback port; yields its base URL."""
    port = free_port()
    with Path(log_path).open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - the virtualenv's gunicorn
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "python:kexue.gunicorn_conf",
             "kexue.wsgi"],
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base + "/healthz", process, log_path, headers)
            yield base
        finally:
            stop(process)
