"""Discussions at benchmark scale: `manage.py seed_bench_discussions`.

Run after `seed_bench_posts N` on a database made for benchmarks (`make bench`
does). Spreads `--comments` approved comments over the published generated
posts, a few dozen to a post, unevenly, as on a real site; then gives one post,
the newest generated one, a discussion of `--thread` comments in deep reply
chains. Trees are written in bulk with exact mptt columns
(bench_thread.build_discussion), so fifty thousand comments take seconds. The
last two lines name an ordinary post's page (a discussion of typical size) and
the big thread's.
"""

import random
from collections import Counter

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from blog.models import Post
from kexue.devtools import generated_posts
from kexue.devtools.management.commands.bench_thread import build_discussion
from members.models import User

READER_PREFIX = "bench-reader-"
READERS = 40


class Command(BaseCommand):
    help = (
        "Benchmark data: spread N approved comments over the generated posts and give the "
        "newest of them one deep discussion. Does nothing if it has run before."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--comments", type=int, default=50_000, help="Comments spread over the other posts."
        )
        parser.add_argument(
            "--thread", type=int, default=1000, help="Comments on the one big discussion."
        )

    def handle(self, *args, comments, thread, **options):
        if comments < 0 or thread < 1:
            raise CommandError("--comments takes zero or more, --thread one or more.")
        if User.objects.filter(username__startswith=READER_PREFIX).exists():
            self.stdout.write("Benchmark discussions exist already; nothing to do.")
            self.stdout.write(f"Post: {ordinary_post_url()}")
            self.stdout.write(f"Thread: {big_thread_url()}")
            return
        posts = list(
            Post.objects.published()
            .filter(slug__startswith=generated_posts.SLUG_PREFIX)
            .order_by("-published_at", "-id")
        )
        if not posts:
            raise CommandError("No generated posts: run `seed_bench_posts N` first.")
        with transaction.atomic():
            readers = User.objects.bulk_create(
                User(
                    username=f"{READER_PREFIX}{n:03}",
                    email=f"{READER_PREFIX}{n:03}@example.org",
                    display_name=f"读者 {n}",
                    password=make_password(None),  # nobody logs in as a reader
                )
                for n in range(1, READERS + 1)
            )
            big, others = posts[0], posts[1:] or posts
            rows = build_discussion(big, readers[0], thread)
            for number, (post, count) in enumerate(spread(others, comments).items()):
                build_discussion(post, readers[number % len(readers)], count, seed=post.pk)
        deepest = max(row.level for row in rows)
        self.stdout.write(f"Comments: {comments} over {len(others)} posts, plus {thread} on one")
        self.stdout.write(f"Post: {ordinary_post_url()}")
        self.stdout.write(
            f"Thread: {big.get_absolute_url()} ({thread} comments, deepest level {deepest})"
        )


def spread(posts, total, seed=11):
    """How many comments each post gets: uneven, like real interest, summing to total."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
    weights = [rng.expovariate(1.0) for _ in posts]
    return Counter(rng.choices(posts, weights=weights, k=total))


def ordinary_post_url():
    """The newest generated post with a discussion of typical size (10 to 40
    comments), else the newest generated post but the big thread's."""
    big = big_thread_url()
    posts = (
        Post.objects.published()
        .filter(slug__startswith=generated_posts.SLUG_PREFIX)
        .annotate(comment_count=Count("comments"))
        .order_by("-published_at", "-id")
    )
    typical = posts.filter(comment_count__gte=10, comment_count__lte=40).first()
    chosen = typical or next((p for p in posts[:2] if p.get_absolute_url() != big), None)
    return chosen.get_absolute_url() if chosen else ""


def big_thread_url():
    post = (
        Post.objects.filter(comments__author__username=f"{READER_PREFIX}001")
        .order_by("-published_at", "-id")
        .first()
    )
    return post.get_absolute_url() if post else ""
