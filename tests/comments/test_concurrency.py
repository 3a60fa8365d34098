"""Concurrent writers queue on their tree's lock instead of corrupting the trees:
many into one thread, each into its own, and writes of every kind at once.

With the locks of comments/locking.py turned into no-ops these tests fail
(trees broken, comments sharing a tree_id): they test the locks, not luck."""

import io
import random
import threading
from collections import Counter
from functools import partial

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from comments import services
from comments.importing import ImportedComment, import_discussion
from comments.models import Comment
from kexue.models import SiteSettings
from tests.factories import (
    CommentFactory,
    MemberCommentFactory,
    PostFactory,
    VerifiedMemberFactory,
)

WRITERS = 16
COMMENTS_EACH = 8
TREE_COLUMNS = ("id", "tree_id", "lft", "rght", "level")


def tree_rows():
    return list(Comment.objects.order_by("id").values_list(*TREE_COLUMNS))


def check_trees(*args):
    out = io.StringIO()
    call_command("check_comment_trees", *args, stdout=out)
    return out.getvalue()


def run_at_once(jobs, seconds=90):
    """Each job on a thread and a database connection of its own, all let go
    together; returns what they raised."""
    start = threading.Barrier(len(jobs))
    failures = []

    def run(job):
        try:
            start.wait()
            job()
        except Exception as error:  # noqa: BLE001 - reported by the caller
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds)
    assert not any(thread.is_alive() for thread in threads)
    return failures


class Writers:
    """Writers posting through the service; remembers every comment it was told
    was saved (and the refusals, which save nothing)."""

    def __init__(self):
        self.accepted, self.refused = [], []
        self.lock = threading.Lock()

    def post(self, post, member, body, parent=None):
        try:
            comment = services.submit_comment(
                post=post,
                author=member,
                body=body,
                parent=parent,
                address="10.0.0.1",
                user_agent="pytest",
                base_url="http://testserver",
            )
        except services.CommentRefused:
            with self.lock:
                self.refused.append(body)
            return None
        with self.lock:
            self.accepted.append((comment.pk, body))
        return comment

    def each_stored_once(self, deleted=()):
        """Every accepted comment is there once, under its id, unless its writer
        deleted it (then it is gone, or a placeholder if it had replies); no
        comment is there that nobody posted."""
        written = Comment.objects.filter(body__startswith="w", is_deleted=False)
        stored = Counter(written.values_list("body", flat=True))
        assert stored == Counter(body for pk, body in self.accepted if pk not in deleted)
        by_pk = dict(written.values_list("pk", "body"))
        assert all(by_pk[pk] == body for pk, body in self.accepted if pk not in deleted)


def old_comment(n):
    """The nth comment of an old site's discussion: every odd one answers the one before."""
    parent = f"old-{n - 1}" if n % 2 else None
    return ImportedComment(
        key=f"old-{n}", source_id=f"old-{n}", body=f"Old {n}.", guest_name="Ann", parent=parent
    )


def valid_and_as_mptt_numbers_them():
    assert "All comment trees are valid." in check_trees()
    written = tree_rows()
    Comment.objects.rebuild()
    assert written == tree_rows()


@pytest.fixture
def writers(db):
    # A running site has its settings row. Sixteen first requests at once on an
    # empty database would race to create it, which is not what these tests are about.
    SiteSettings.current()
    return VerifiedMemberFactory.create_batch(WRITERS)


@pytest.mark.django_db(transaction=True)
def test_sixteen_writers_replying_in_one_thread_queue_on_its_lock(writers):
    # Each writer posts eight times inside a few seconds through the service,
    # which the posting view rate-limits before calling (comments/limits.py).
    post = PostFactory()
    root = MemberCommentFactory(post=post, body="seed root")
    log = Writers()

    def writer(seed, member):
        chance = random.Random(seed)  # noqa: S311 - a reproducible mix, not security
        for n in range(COMMENTS_EACH):
            parent = chance.choice(list(Comment.objects.filter(tree_id=root.tree_id)))
            log.post(post, member, f"w{seed}-{n}: $x_{n}$", parent)

    jobs = [partial(writer, seed, member) for seed, member in enumerate(writers)]
    assert run_at_once(jobs) == []

    assert log.refused == []
    assert len(log.accepted) == WRITERS * COMMENTS_EACH
    log.each_stored_once()
    assert set(Comment.objects.values_list("tree_id", flat=True)) == {root.tree_id}
    assert Comment.objects.filter(level__gte=3).exists()
    valid_and_as_mptt_numbers_them()


@pytest.mark.django_db(transaction=True)
def test_sixteen_writers_in_threads_of_their_own_and_new_ones_leave_every_tree_valid(writers):
    posts = [PostFactory() for _ in range(4)]
    own = [MemberCommentFactory(post=posts[n % 4], body=f"seed root {n}") for n in range(WRITERS)]
    log = Writers()

    def writer(seed, member):
        chance = random.Random(seed)  # noqa: S311 - a reproducible mix, not security
        for n in range(COMMENTS_EACH):
            if chance.random() < 0.25:  # a new thread now and then: the tree-creation lock
                log.post(chance.choice(posts), member, f"w{seed}-{n}: a new thread")
                continue
            tree = Comment.objects.filter(tree_id=own[seed].tree_id)
            log.post(own[seed].post, member, f"w{seed}-{n}: $y_{n}$", chance.choice(list(tree)))

    jobs = [partial(writer, seed, member) for seed, member in enumerate(writers)]
    assert run_at_once(jobs) == []

    assert log.refused == []
    assert len(log.accepted) == WRITERS * COMMENTS_EACH
    log.each_stored_once()
    roots = Comment.objects.filter(parent=None)
    assert roots.count() == len(set(roots.values_list("tree_id", flat=True)))
    assert roots.count() > WRITERS
    valid_and_as_mptt_numbers_them()


@pytest.mark.django_db(transaction=True)
def test_writers_deleters_moderators_an_editor_and_an_import_at_once(writers):
    posts = [PostFactory() for _ in range(3)]
    for n, post in enumerate(posts):
        root = MemberCommentFactory(post=post, body=f"seed root {n}")
        MemberCommentFactory(
            parent=MemberCommentFactory(parent=root, body=f"seed a{n}"), body=f"seed b{n}"
        )
    imported = PostFactory()
    import_discussion(imported, [old_comment(0)])
    doomed = [MemberCommentFactory(post=posts[0], body=f"seed doomed {n}") for n in range(6)]
    for comment in doomed:
        MemberCommentFactory(
            parent=MemberCommentFactory(parent=comment, body="seed x"), body="seed y"
        )
    doomed_ids = set(
        Comment.objects.filter(tree_id__in=[c.tree_id for c in doomed]).values_list("pk", flat=True)
    )
    log = Writers()
    deleted = []

    def writer(seed, member):
        chance = random.Random(seed)  # noqa: S311 - a reproducible mix, not security
        for n in range(COMMENTS_EACH):
            post = chance.choice(posts)
            candidates = list(post.comments.exclude(pk__in=doomed_ids))
            parent = chance.choice(candidates) if chance.random() < 0.7 else None
            comment = log.post(post, member, f"w{seed}-{n}: $z_{n}$", parent)
            if comment is not None and chance.random() < 0.3:
                services.delete_comment(comment)  # a placeholder if it has replies by now
                with log.lock:
                    deleted.append(comment.pk)

    def moderator():
        chance = random.Random(99)  # noqa: S311 - a reproducible mix, not security
        for _ in range(COMMENTS_EACH):
            picked = chance.sample(list(Comment.objects.exclude(pk__in=doomed_ids)), 4)
            chosen = Comment.objects.filter(pk__in=[c.pk for c in picked])
            services.moderate(chosen, Comment.Status.SPAM, "http://testserver")
            services.moderate(chosen, Comment.Status.APPROVED, "http://testserver")

    def editor():
        for comment in doomed:  # the admin's delete: a comment and its replies go
            services.erase_comments(Comment.objects.filter(pk=comment.pk))

    def importer():  # the same old discussion, one more comment each time
        for n in range(1, COMMENTS_EACH + 1):
            assert import_discussion(imported, [old_comment(k) for k in range(n + 1)]) == 1

    jobs = [partial(writer, seed, member) for seed, member in enumerate(writers[:12])]
    assert run_at_once([*jobs, moderator, editor, importer]) == []

    placeholders = set(Comment.objects.filter(is_deleted=True).values_list("pk", flat=True))
    assert deleted and placeholders <= set(deleted)
    assert not Comment.objects.filter(pk__in=doomed_ids).exists()
    log.each_stored_once(deleted=set(deleted))
    assert imported.comments.count() == COMMENTS_EACH + 1
    assert "All comment trees are valid." in check_trees()


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
