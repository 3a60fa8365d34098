"""Concurrent writers queue on the advisory lock instead of corrupting the trees."""

import io
import random
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from comments import services
from comments.models import Comment
from kexue.models import SiteSettings
from tests.factories import CommentFactory, PostFactory, VerifiedMemberFactory

WRITERS = 20
COMMENTS_EACH = 10
TREE_COLUMNS = ("id", "tree_id", "lft", "rght", "level")


def tree_rows():
    return list(Comment.objects.order_by("id").values_list(*TREE_COLUMNS))


def check_trees(*args):
    out = io.StringIO()
    call_command("check_comment_trees", *args, stdout=out)
    return out.getvalue()


def write_comments(member, posts, seed, start, failures):
    """One writer on its own connection: new threads and replies, mixed."""
    chance = random.Random(seed)  # noqa: S311 - a reproducible mix, not security
    try:
        start.wait()
        for n in range(COMMENTS_EACH):
            post = chance.choice(posts)
            parent = None
            if chance.random() < 0.6:
                # Half the replies pile into the post's first thread, the rest anywhere.
                on_post = post.comments.in_display_order()
                if chance.random() < 0.5:
                    on_post = on_post.filter(tree_id=on_post.values("tree_id")[:1])
                candidates = list(on_post)
                parent = chance.choice(candidates) if candidates else None
            services.submit_comment(
                post=post,
                author=member,
                body=f"Writer {seed}, comment {n}: $x_{n}$",
                parent=parent,
                address=f"10.0.0.{seed}",
                user_agent="pytest",
                base_url="http://testserver",
            )
    except Exception as error:  # noqa: BLE001 - reported by the test below
        failures.append(error)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_writers_leave_every_tree_valid():
    # Each writer posts ten times inside a minute through the service, which
    # the posting view rate-limits before calling (comments/limits.py).
    # A running site has its settings row. Twenty first requests at once on an
    # empty database would race to create it, which is not what this test is about.
    SiteSettings.current()
    posts = [PostFactory(), PostFactory()]
    members = VerifiedMemberFactory.create_batch(WRITERS)
    start = threading.Barrier(WRITERS)
    failures = []
    writers = [
        threading.Thread(target=write_comments, args=(member, posts, seed, start, failures))
        for seed, member in enumerate(members, start=1)
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    assert not any(writer.is_alive() for writer in writers)
    assert failures == []

    assert Comment.objects.count() == WRITERS * COMMENTS_EACH
    assert Comment.objects.filter(parent__isnull=False).exists()
    assert Comment.objects.filter(level__gte=2).exists()
    assert "All comment trees are valid." in check_trees()
    written = tree_rows()
    Comment.objects.rebuild()
    assert written == tree_rows()


@pytest.mark.django_db
def test_check_comment_trees_finds_a_corrupted_tree_and_repair_rebuilds_it():
    root = CommentFactory()
    first = CommentFactory(parent=root)
    CommentFactory(parent=first)
    CommentFactory(parent=root)
    other = CommentFactory(post=root.post)
    healthy = tree_rows()
    Comment.objects.filter(pk=first.pk).update(lft=7, rght=2)

    with pytest.raises(CommandError):
        check_trees()
    assert tree_rows() != healthy  # checking alone changes nothing

    output = check_trees("--repair")
    assert f"1 broken tree(s): {root.tree_id}" in output
    assert "0 broken tree(s) remain" in output
    assert tree_rows() == healthy
    assert Comment.objects.get(pk=other.pk).get_root() == other
    assert "All comment trees are valid." in check_trees()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "damage",
    [
        {"level": 3},
        {"tree_id": 999},
        {"lft": 100, "rght": 101},
    ],
    ids=["level", "tree", "span"],
)
def test_check_comment_trees_finds_each_kind_of_damage(damage):
    root = CommentFactory()
    reply = CommentFactory(parent=root)
    CommentFactory(parent=reply)
    Comment.objects.filter(pk=reply.pk).update(**damage)
    with pytest.raises(CommandError):
        check_trees()
    check_trees("--repair")
    assert "All comment trees are valid." in check_trees()
