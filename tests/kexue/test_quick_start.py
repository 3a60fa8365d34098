"""The README's first command: `make run` sets up what running needs and serves the site
from an embedded SQLite file."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make(*args, **extra_env):
    # As a top-level make: under `make test` the inherited variables would add
    # "Entering directory" lines and the caller's flags.
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    return subprocess.run(["make", *args], cwd=ROOT, env={**env, **extra_env},
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode()


def test_without_database_url_the_site_serves_home_and_admin_login_from_sqlite(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG"}}
    data_dir = tmp_path / "data"  # does not exist yet, as in a fresh clone
    env["KEXUE_DATA_DIR"] = str(data_dir)
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["seed_demo"]):  # what `make run` does
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, timeout=180,
                       capture_output=True)  # fmt: skip
    assert (data_dir / "kexue.sqlite3").exists()

    port = free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, body = fetch(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert status == 200
        assert "CC BY-NC-SA 4.0" in body
        assert body.count('<article class="entry') == 10  # the demo posts
        assert 'src="/static/vendor/mathjax/tex-chtml.js"' in body
        status, body = fetch(f"http://127.0.0.1:{port}/search/?q=entropy")
        assert status == 200
        status, body = fetch(f"http://127.0.0.1:{port}/admin/login/")
        assert status == 200
        assert 'name="password"' in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_make_run_installs_the_project_without_the_test_tools():
    # -B prints every recipe, even when the stamps are fresh; -n runs none of them.
    run = make("-n", "-B", "run").stdout
    test = make("-n", "-B", "test").stdout
    assert "pip install --quiet --editable .\n" in run
    assert "[test]" not in run
    assert '--editable ".[test]"' in test


def test_make_run_on_a_busy_port_says_so_in_one_line_before_migrating(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        # -o: leave the installed .venv as it is, whatever the stamps say. Should the
        # check let it through, migrate writes to an empty data directory, not the real one.
        result = make("-o", ".venv/.installed-run", "run", f"PORT={port}",
                      KEXUE_DATA_DIR=str(tmp_path), DATABASE_URL="")  # fmt: skip
    assert result.returncode != 0
    assert result.stdout == f"Port {port} is in use; choose another with make run PORT=8123.\n"
    assert not (tmp_path / "kexue.sqlite3").exists()
