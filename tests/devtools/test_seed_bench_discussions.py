"""`manage.py seed_bench_discussions`: benchmark-scale threads with valid trees."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.management.commands.check_comment_trees import broken_trees
from comments.models import Comment

pytestmark = pytest.mark.django_db


def seed(*args):
    out = StringIO()
    call_command("seed_bench_discussions", *args, stdout=out)
    return out.getvalue()


def test_spreads_comments_and_builds_one_deep_thread_with_valid_trees():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_bench_posts", "12", stdout=StringIO())
    before = Comment.objects.count()
    report = seed("--comments", "150", "--thread", "40")

    assert Comment.objects.count() == before + 190
    url = report.split("Thread: ")[1].split()[0]
    big = Post.objects.get(pk=int(url.strip("/").split("/")[-1]))
    assert big.slug.startswith("generated-")
    assert big.comments.count() == 40
    assert big.comments.filter(level__gte=3).exists()
    spread = Comment.objects.exclude(post=big).filter(author__username__startswith="bench-reader-")
    assert spread.count() == 150 and spread.values("post").distinct().count() > 3
    assert broken_trees() == []

    again = seed("--comments", "150", "--thread", "40")
    assert "nothing to do" in again and f"Thread: {url}" in again
    assert Comment.objects.count() == before + 190


def test_needs_generated_posts():
    with pytest.raises(Exception, match="seed_bench_posts N"):
        seed("--comments", "10", "--thread", "5")
