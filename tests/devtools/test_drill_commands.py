"""`manage.py backup_drill` and `manage.py soak`: they run, and their checks can fail.

`make soak` itself restarts PostgreSQL and takes two minutes, so it is not part
of `make test`; here its checks are fed a run that went wrong.
"""

import os
import subprocess
import sys
from io import StringIO
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from comments.models import Notification
from kexue.devtools.management.commands import soak
from kexue.outbox.models import Message
from tests.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def database_url(name):
    db = settings.DATABASES["default"]
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def test_the_backup_drill_restores_an_identical_site():
    env = {**os.environ, "DATABASE_URL": database_url(f"kexue_drill_test_{os.getpid()}")}
    finished = subprocess.run(
        [sys.executable, "manage.py", "backup_drill"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "ok   every one is identical" in finished.stdout
    assert "ok   the 5 media files are restored byte for byte" in finished.stdout
    assert "Backup drill passed" in finished.stdout


@pytest.mark.parametrize("command", ["backup_drill", "soak"])
def test_the_drills_refuse_a_database_not_made_for_them(monkeypatch, command):
    monkeypatch.setenv("DATABASE_URL", database_url("kexue"))
    with pytest.raises(CommandError, match="dropped and created again"):
        call_command(command, *(["--restart-command", "true"] if command == "soak" else []))


def outcome(started, status, method="GET", path="/"):
    return soak.Outcome(started, started + 0.1, "reader 0", method, path, status)


def soak_run(attempts, outcomes, window=(10.0, 20.0), accounts=(), confirmed=None):
    return SimpleNamespace(
        attempts=attempts, outcomes=outcomes, window=window, sender_errors={"mail sent": 1},
        accounts=list(accounts), confirmed=confirmed or {},
    )  # fmt: skip


def sent_mail(recipient, subject, comment=None, attempts=2, sent=True):
    """An outbox row as the run left it, and a reply notification's link when `comment`."""
    message = Message.objects.create(
        recipient=recipient, subject=subject, body_text="Hi", attempts=attempts,
        sent_at=timezone.now() if sent else None,
    )  # fmt: skip
    if comment is not None:
        Notification.objects.create(comment=comment, message=message)
    return SimpleNamespace(to=[recipient], subject=subject, body="Hi")


def test_the_soak_checks_pass_for_a_run_that_went_well():
    post = PostFactory()
    comment = CommentFactory(post=post, body="soak-1-0-abc: fine")
    mail.outbox = [
        sent_mail("a@example.org", "Re", comment),
        sent_mail("new@example.org", "Confirm your address"),
        sent_mail("soak0@example.org", "Password reset", attempts=1),
    ]
    posted = outcome(25.0, 200, "POST", "/comments/post/1/")
    signed_up = outcome(12.5, 302, "POST", "/accounts/signup/")  # in the restart window
    reset = outcome(22.0, 302, "POST", "/accounts/password/reset/")
    run = soak_run(
        [("soak-1-0-abc", posted, comment.pk)],
        [outcome(12.0, 500), outcome(30.0, 200), posted, signed_up, reset],
        accounts=[("signup", "new@example.org", signed_up), ("reset", "soak0@example.org", reset)],
        confirmed={"new@example.org": True},
    )
    out = StringIO()
    assert soak.report(out, run, final=[outcome(40.0, 200)]) == 0, out.getvalue()


def test_the_soak_checks_catch_doubles_errors_outside_the_window_and_lost_mail():
    post = PostFactory()
    first = CommentFactory(post=post, body="soak-1-0-abc: once")
    CommentFactory(post=post, body="soak-1-0-abc: once")  # stored twice
    sent_mail("a@example.org", "Re", first, attempts=0, sent=False)
    mail.outbox = []
    posted = outcome(25.0, 200, "POST", "/comments/post/1/")
    slow = soak.Outcome(30.0, 41.0, "newcomer 0", "POST", "/accounts/signup/", 302)
    run = soak_run(
        [("soak-1-0-abc", posted, first.pk)], [outcome(5.0, 500), posted, slow],
        accounts=[("signup", "new@example.org", slow)], confirmed={"new@example.org": False},
    )  # fmt: skip
    out = StringIO()
    failed = soak.report(out, run, final=[outcome(40.0, 502)])
    text = out.getvalue()
    assert "FAIL every comment that got a success response exists exactly once" in text
    assert "FAIL no comment is stored twice" in text
    assert "FAIL no response other than 2xx/3xx" in text and "at 5.0s: 500" in text
    assert "FAIL the site serves normally after the restart" in text
    assert "FAIL during the mail outage 1 sign-ups" in text and "slowest in 11.00s" in text
    assert "FAIL their mail was delivered after the outage: 0 of 1" in text
    assert "0 of 1 verification links confirmed" in text
    assert "FAIL mail: 1 queued" in text
    assert failed == 7
