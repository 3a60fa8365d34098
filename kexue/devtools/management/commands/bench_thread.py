"""Time the post page with a large, deep discussion, in-process and uncached.

Everything it creates lives in one transaction that is rolled back, so it can
run against any database, including a production copy.
"""

import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from blog.models import Post
from comments.models import Comment
from kexue.markup import render_comment
from members.models import User

BODIES = [
    r"By Cauchy–Schwarz, $\left(\sum a_i b_i\right)^2 \le \sum a_i^2 \sum b_i^2$.",
    "同意，不过这里还要检查一下边界条件：$f(0)=f(1)=0$。",
    r"$$\int_0^\infty \frac{\sin x}{x}\,dx = \frac{\pi}{2}$$",
    "A plain reply without any math, just to say thanks.",
]


class Rollback(Exception):
    pass


def random_forest(count, rng):
    """Parent index for each of `count` comments: some new threads, many deep chains."""
    parents, thread_start = [], 0
    for index in range(count):
        if index == 0 or rng.random() < 0.04:
            parents.append(None)
            thread_start = index
        else:
            # Mostly answer one of the last few comments of this thread: deep chains.
            parents.append(rng.randint(max(thread_start, index - 4), index - 1))
    return parents


def build_discussion(post, author, count, seed=7):
    """Creates `count` approved comments with exact mptt columns, in bulk."""
    rng = random.Random(seed)  # noqa: S311 - reproducible shapes, not secrets
    parents = random_forest(count, rng)
    children = {index: [] for index in range(count)}
    for index, parent in enumerate(parents):
        if parent is not None:
            children[parent].append(index)
    last_tree = Comment.objects.order_by("-tree_id").values_list("tree_id", flat=True).first()
    next_tree = (last_tree or 0) + 1
    start = timezone.now() - timedelta(days=30)
    rows = [None] * count

    def number(index, tree_id, level, counter):
        left = counter
        counter += 1
        for child in children[index]:
            counter = number(child, tree_id, level + 1, counter)
        rows[index] = Comment(
            post=post,
            author=author,
            body=BODIES[index % len(BODIES)],
            status=Comment.Status.APPROVED,
            created_at=start + timedelta(minutes=index),
            tree_id=tree_id,
            lft=left,
            rght=counter,
            level=level,
        )
        return counter + 1

    for index, parent in enumerate(parents):
        if parent is None:
            number(index, next_tree, 0, 1)
            next_tree += 1
    rendered = {body: render_comment(body) for body in BODIES}
    for row in rows:
        row.body_html = rendered[row.body]
    created = Comment.objects.bulk_create(rows)
    for index, parent in enumerate(parents):
        if parent is not None:
            created[index].parent_id = created[parent].pk
    Comment.objects.bulk_update(created, ["parent"], batch_size=500)
    return created


class Command(BaseCommand):
    help = (
        "Time the post page with a large, deep discussion (in-process, uncached); "
        "all data it creates is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, default=1000, help="Comments in the thread.")
        parser.add_argument("--repeat", type=int, default=30, help="Timed page loads.")

    def handle(self, *args, comments, repeat, **options):
        try:
            with transaction.atomic(), override_settings(KEXUE_PAGE_CACHE_SECONDS=0):
                self.measure(comments, repeat)
                raise Rollback
        except Rollback:
            pass

    def measure(self, count, repeat):
        author = User.objects.create(username="bench-thread-writer", email="bench@example.org")
        post = Post.objects.create(
            title="Benchmark thread", body="A post with a long discussion.", author=author,
            status=Post.Status.PUBLISHED, published_at=timezone.now() - timedelta(days=40),
        )  # fmt: skip
        build_discussion(post, author, count)
        deepest = Comment.objects.filter(post=post).order_by("-level").first().level
        host = next((h for h in settings.ALLOWED_HOSTS if "*" not in h), "localhost").lstrip(".")
        client = Client(HTTP_HOST=host)
        url = post.get_absolute_url()
        if client.get(url).status_code != 200:  # also warms imports and templates
            raise CommandError(f"{url} did not answer 200 for host {host}")
        # No page cache is involved: every load runs the view, its queries and
        # the thread rendering. Sidebar fragments stay warm, as on a live site.
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        shown = response.content.decode().count('<article id="comment-')
        self.stdout.write(
            f"post page with {count} comments (deepest level {deepest}, {shown} shown): "
            f"median {statistics.median(timings):.1f} ms, "
            f"p90 {sorted(timings)[int(len(timings) * 0.9) - 1]:.1f} ms, "
            f"{len(queries)} queries, {len(response.content) // 1024} KiB"
        )
