"""A streaming replica of the local PostgreSQL, on another port: `make test-replica`
and `make test-balancer` read from it as a deployment reads from its replicas.

The replica is a second cluster made with `pg_basebackup -R` from the primary
the settings point at, started with pg_ctl as the postgres user. The primary
must allow it: `wal_level` replica (Debian's default) with WAL senders, and a
replication entry for 127.0.0.1 in pg_hba.conf, which is added and reloaded
when missing (no restart). A primary with `wal_level = minimal` would need a
restart, which disrupts everyone using it, so it is refused with a message.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import CommandError
from psycopg import sql

HBA_LINE = "host replication all 127.0.0.1/32 trust"
# A hot standby refuses to start with less of these than its primary has.
COPIED_SETTINGS = ("max_connections", "max_worker_processes", "max_wal_senders",
                   "max_prepared_transactions", "max_locks_per_transaction")  # fmt: skip


def primary_params(dbname="postgres"):
    db = settings.DATABASES["default"]
    return {"host": db["HOST"] or "127.0.0.1", "port": int(db["PORT"] or 5432),
            "user": db["USER"] or "postgres", "dbname": dbname}  # fmt: skip


def connect(**params):
    return psycopg.connect(**params, autocommit=True, connect_timeout=5)


def as_postgres(*command, check=True, timeout=300):
    """Runs a PostgreSQL tool as the postgres user (pg_ctl refuses root)."""
    prefix = [] if os.geteuid() != 0 else ["runuser", "-u", "postgres", "--"]
    result = subprocess.run(  # noqa: S603 - fixed tools, arguments from this module
        [*prefix, *map(str, command)], capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode != 0:
        raise CommandError(f"{' '.join(map(str, command))} failed:\n{result.stderr[-3000:]}")
    return result


class Replica:
    def __init__(self, directory, port):
        self.directory = Path(directory)
        self.data = self.directory / "data"
        self.log = self.directory / "replica.log"
        self.port = int(port)
        self.slot = f"kexue_harness_{self.port}"
        with connect(**primary_params()) as primary:
            major = primary.info.server_version // 10000
        self.bin = Path(f"/usr/lib/postgresql/{major}/bin")

    def params(self, dbname="postgres"):
        return {"host": "127.0.0.1", "port": self.port, "user": "postgres", "dbname": dbname}

    def url(self, dbname):
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def pg_ctl(self, action, *options, check=True):
        return as_postgres(self.bin / "pg_ctl", action, "-D", self.data, *options, check=check)

    def running(self):
        return self.data.is_dir() and self.pg_ctl("status", check=False).returncode == 0

    def create(self):
        """A fresh replica of the whole primary cluster, started and streaming."""
        self.destroy()
        with connect(**primary_params()) as primary:
            allow_replication(primary)
            copied = {name: primary.execute(f"SHOW {name}").fetchone()[0]
                      for name in COPIED_SETTINGS}  # fmt: skip
        self.directory.mkdir(parents=True)
        shutil.chown(self.directory, "postgres", "postgres")
        db = primary_params()
        # A replication slot keeps the WAL the replica has not received yet: a
        # busy primary would otherwise recycle it between the copy and the start.
        as_postgres(self.bin / "pg_basebackup", "-h", db["host"], "-p", db["port"],
                    "-U", db["user"], "-D", self.data, "-R", "-X", "stream",
                    "-C", "-S", self.slot, "-c", "fast", timeout=900)  # fmt: skip
        # Debian keeps the primary's configuration in /etc, so the copy has none:
        # a small one of its own, on its own port and socket directory.
        conf = {"port": self.port, "listen_addresses": "'127.0.0.1'",
                "unix_socket_directories": f"'{self.directory}'", "hot_standby": "on",
                "shared_buffers": "'32MB'", "fsync": "off", **copied}  # fmt: skip
        (self.data / "postgresql.conf").write_text(
            "".join(f"{name} = {value}\n" for name, value in conf.items())
        )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        (self.data / "pg_ident.conf").write_text("")
        for name in ("postgresql.conf", "pg_hba.conf", "pg_ident.conf"):
            shutil.chown(self.data / name, "postgres", "postgres")
        self.start()

    def start(self):
        # Command-line settings win over postgresql.auto.conf copied from the primary.
        self.pg_ctl("start", "-w", "-t", "60", "-l", self.log, "-o", f"-c port={self.port}")
        self.wait_until_streaming()

    def stop(self):
        if self.running():
            self.pg_ctl("stop", "-m", "fast", "-w")

    def destroy(self):
        """Stops the replica, deletes its files and frees its slot, so the
        primary keeps no WAL for it."""
        self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)
        with connect(**primary_params()) as primary:
            primary.execute(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                "WHERE slot_name = %s AND NOT active",
                [self.slot],
            )

    def wait_until_streaming(self, seconds=60):
        deadline = time.monotonic() + seconds
        while True:
            try:
                with connect(**self.params()) as replica:
                    status = replica.execute("SELECT status FROM pg_stat_wal_receiver").fetchone()
                    recovering = replica.execute("SELECT pg_is_in_recovery()").fetchone()[0]
                    if recovering and status and status[0] == "streaming":
                        return
            except psycopg.OperationalError:
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"the replica did not stream within {seconds}s: see {self.log}")
            time.sleep(0.3)

    def wait_until_caught_up(self, seconds=30):
        """Until the replica has replayed everything the primary had written when asked."""
        with connect(**primary_params()) as primary:
            target = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + seconds
        with connect(**self.params()) as replica:
            while not replica.execute(
                "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]
            ).fetchone()[0]:
                if time.monotonic() > deadline:
                    raise CommandError(f"the replica did not catch up within {seconds}s")
                time.sleep(0.05)


def allow_replication(primary):
    """The primary's settings a replica needs; pg_hba.conf is fixed and reloaded."""
    wal_level = primary.execute("SHOW wal_level").fetchone()[0]
    senders = int(primary.execute("SHOW max_wal_senders").fetchone()[0])
    if wal_level == "minimal" or senders < 2:
        raise CommandError(
            f"The primary has wal_level={wal_level}, max_wal_senders={senders}. Run "
            "ALTER SYSTEM SET wal_level = replica; ALTER SYSTEM SET max_wal_senders = 10; "
            "and restart PostgreSQL once (docs/deploy.md, Scaling out)."
        )
    allowed = primary.execute(
        "SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database) "
        "AND type = 'host' AND address = '127.0.0.1'"
    ).fetchone()[0]
    if not allowed:
        hba_file = Path(primary.execute("SHOW hba_file").fetchone()[0])
        with hba_file.open("a") as hba:
            hba.write("\n# Added by Kexue's replica harness (kexue/devtools/replica.py).\n")
            hba.write(f"{HBA_LINE}\n")
        primary.execute("SELECT pg_reload_conf()")
        print(f"Added to {hba_file}: {HBA_LINE} (reloaded)", file=sys.stderr)


def drop_database(name):
    with connect(**primary_params()) as primary:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        primary.execute(drop.format(sql.Identifier(name)))


def recreate_database(name):
    """An empty database on the primary, migrated; the replica receives it by streaming."""
    drop_database(name)
    with connect(**primary_params()) as primary:
        primary.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = primary_params(name)
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['user']}@{db['host']}:{db['port']}/{name}",
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    subprocess.run(  # noqa: S603 - this checkout's manage.py
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=settings.BASE_DIR, env=env, check=True, timeout=600,
    )  # fmt: skip
