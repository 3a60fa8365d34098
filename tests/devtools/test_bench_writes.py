"""`manage.py bench_writes` (what `make bench-writes` runs): a tiny run, and its checks failing."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from comments.models import Comment
from kexue.devtools.management.commands import bench_writes
from tests.factories import CommentFactory, PostFactory


def database_url(name):
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    )


def test_a_tiny_run_posts_through_gunicorn_and_checks_every_comment(tmp_path):
    output = tmp_path / "bench-writes.json"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-secret-for-this-test-only-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "KEXUE_DEVTOOLS": "1",
        "DATABASE_URL": database_url(f"test_bench_writes_{os.getpid()}"),
    }
    arguments = ["--posts", "10", "--comments", "300", "--writers", "3", "--each", "5",
                 "--workers", "1", "--redis-url", "", "--output", str(output)]  # fmt: skip
    finished = subprocess.run(
        [sys.executable, "manage.py", "bench_writes", *arguments],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
        check=False,
    )  # fmt: skip
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = json.loads(output.read_text())
    assert [row["scenario"] for row in report["rows"]] == list(bench_writes.SCENARIOS)
    for row in report["rows"]:
        # Five comments each: two members post them, so the limit of five a minute holds.
        assert row["accepted"] == row["attempts"] == 15 == row["stored_once"]
        assert row["comments_per_second"] > 0 and row["p50_ms"] <= row["p99_ms"]
    assert all(check["ok"] for check in report["checks"])
    assert report["data"]["comments_before"] >= 300
    assert "comments/s" in finished.stdout and "trees valid" in finished.stdout


def test_it_refuses_debug_settings_and_a_database_not_named_for_benchmarks(monkeypatch):
    monkeypatch.setattr(settings, "DEBUG", True)
    with pytest.raises(CommandError, match="production settings"):
        call_command("bench_writes")
    monkeypatch.setattr(settings, "DEBUG", False)
    monkeypatch.setenv("DATABASE_URL", database_url("kexue"))
    with pytest.raises(CommandError, match="dropped and created again"):
        call_command("bench_writes")


@pytest.mark.django_db
def test_the_checks_fail_for_a_lost_a_doubled_and_an_unannounced_comment_and_a_broken_tree():
    post = PostFactory()
    kept = CommentFactory(post=post, body="bw-r-x-0-0: kept")
    twice = CommentFactory(post=post, body="bw-r-x-0-1: twice")
    CommentFactory(post=post, body="bw-r-x-0-1: twice")
    CommentFactory(post=post, body="bw-r-x-0-2: nobody was told")
    accepted = [("bw-r-x-0-0", kept.pk), ("bw-r-x-0-1", twice.pk), ("bw-r-x-0-3", 10**9)]
    row = {"attempts": 4, "accepted": 3, **bench_writes.stored_once(accepted, "r-x")}
    assert (row["stored_once"], row["stored_unannounced"]) == (1, 1)
    Comment.objects.filter(pk=kept.pk).update(lft=5)
    failed = [check["check"] for check in bench_writes.checks([row], 0, 0) if not check["ok"]]
    assert len(failed) == 4
    assert any("3 of 4" in text for text in failed) and any("broken" in text for text in failed)
