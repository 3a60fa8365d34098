"""The local gunicorn that `bench`, `soak` and `backup_drill` start: wait, then stop."""

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.core.management.base import CommandError


def wait_until_up(url, process, log_path, headers=None, seconds=60):
    """Returns once `url` answers 200; fails with the server's log if it died or never did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CommandError(f"gunicorn exited:\n{Path(log_path).read_text()[-3000:]}")
        request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - loopback
        try:
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer {url} within {seconds}s")


def stop(process):
    """A graceful stop, then a kill if the workers do not finish in time."""
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
