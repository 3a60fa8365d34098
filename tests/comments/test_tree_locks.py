"""Which writes wait for which: a reply for its own tree only, a new thread for
tree creation only, the digests' cutoff and a repair for every writer in flight.

Each test holds a lock on a connection of its own (a thread) and watches
another writer: it either finishes while the lock is held, or waits for it
(seen in pg_locks) and finishes once it is released."""

import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection

from comments import digests, services
from comments.locking import ALL_TREES, NEW_TREE_CLASS, TREE_CLASS, comment_tree_lock
from comments.models import Comment
from kexue.models import SiteSettings
from tests.factories import (
    CommentFactory,
    MemberCommentFactory,
    PostFactory,
    VerifiedMemberFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10  # seconds a thread is given to get anywhere; far above what any step takes


@contextmanager
def held(take):
    """Run `take(locks)` inside comment_tree_lock() on a connection of its own
    and hold what it took until the block ends."""
    taken, release, failures = threading.Event(), threading.Event(), []

    def holder():
        try:
            with comment_tree_lock() as locks:
                take(locks)
                taken.set()
                release.wait(WAIT)
        except Exception as error:  # noqa: BLE001 - reported below
            failures.append(error)
            taken.set()
        finally:
            connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    assert taken.wait(WAIT)
    try:
        yield
    finally:
        release.set()
        thread.join(WAIT)
    assert failures == []


class Attempt:
    """A call on a connection of its own; done tells whether it has returned."""

    def __init__(self, call):
        self.result, self.failures = None, []
        self.thread = threading.Thread(target=self.run, args=(call,))
        self.thread.start()

    def run(self, call):
        try:
            self.result = call()
        except Exception as error:  # noqa: BLE001 - reported by finished()
            self.failures.append(error)
        finally:
            connection.close()

    def finished(self, seconds=WAIT):
        self.thread.join(seconds)
        assert self.failures == []
        return not self.thread.is_alive()


def waiting_for(classid, objid, objsubid):
    """Whether some connection waits for this advisory lock (not granted)."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                " AND classid = %s AND objid = %s AND objsubid = %s",
                [classid, objid, objsubid],
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.02)
    return False


def tree_key(comment):
    return (TREE_CLASS, Comment.objects.get(pk=comment.pk).tree_id, 2)


def submit(post, parent=None):
    return services.submit_comment(
        post=post,
        author=VerifiedMemberFactory(),
        body="A remark: $e^{i\\pi} = -1$.",
        parent=parent,
        address="10.0.0.1",
        user_agent="pytest",
        base_url="http://testserver",
    )


def reply(parent):
    return submit(parent.post, parent)


def new_thread(post):
    return submit(post)


@pytest.fixture
def trees(db):
    SiteSettings.current()  # made once, not by two threads at once
    post = PostFactory()
    return CommentFactory(post=post), CommentFactory(post=post)


def test_a_reply_waits_for_its_own_tree_and_not_for_another(trees):
    first, second = trees
    with held(lambda locks: locks.tree_of(first.pk)):
        elsewhere = Attempt(lambda: reply(second))
        assert elsewhere.finished(), "a reply in another tree waited for this one's lock"
        same_tree = Attempt(lambda: reply(first))
        assert waiting_for(*tree_key(first))
        assert not same_tree.finished(0.3)
    assert same_tree.finished()
    assert same_tree.result.parent == first
    assert Comment.objects.get(pk=same_tree.result.pk).tree_id == first.tree_id
    assert Comment.objects.get(pk=first.pk).get_descendant_count() == 1


def test_a_new_thread_waits_for_tree_creation_and_not_for_replies(trees):
    first, second = trees
    with held(lambda locks: locks.tree_of(first.pk)):
        thread = Attempt(lambda: new_thread(first.post))
        assert thread.finished(), "a new thread waited for a tree's lock"
    with held(lambda locks: locks.new_tree()):
        answer = Attempt(lambda: reply(second))
        assert answer.finished(), "a reply waited for the tree-creation lock"
        another = Attempt(lambda: new_thread(first.post))
        assert waiting_for(NEW_TREE_CLASS, 0, 2)
        assert not another.finished(0.3)
    assert another.finished()
    assert another.result.tree_id == Comment.objects.order_by("tree_id").last().tree_id


def test_deleting_and_moderating_lock_the_trees_they_change(trees):
    first, second = trees
    own = MemberCommentFactory(parent=first)
    with held(lambda locks: locks.tree_of(first.pk)):
        spam = Attempt(lambda: services.moderate(Comment.objects.filter(pk=second.pk), "spam", ""))
        assert spam.finished(), "moderating one tree waited for another's lock"
        deleting = Attempt(lambda: services.delete_comment(own))
        moderating = Attempt(
            lambda: services.moderate(Comment.objects.filter(pk=first.pk), "spam", "")
        )
        assert waiting_for(*tree_key(first))
        assert not deleting.finished(0.3)
        assert not moderating.finished(0)
    assert deleting.finished() and moderating.finished()
    assert not Comment.objects.filter(pk=own.pk).exists()
    assert Comment.objects.get(pk=first.pk).status == "spam"


def test_a_reply_to_a_comment_marked_as_spam_while_it_waited_is_refused(trees):
    first, _ = trees
    with held(lambda locks: locks.tree_of(first.pk)):
        late = Attempt(lambda: reply(first))
        assert waiting_for(*tree_key(first))
        # The moderator's change lands before the reply gets the lock.
        Comment.objects.filter(pk=first.pk).update(status="spam")
    late.thread.join(WAIT)
    assert [type(error) for error in late.failures] == [services.CommentRefused]
    assert Comment.objects.count() == 2


def test_the_digests_cutoff_waits_for_every_writer_in_flight(trees):
    first, _ = trees
    with held(lambda locks: locks.tree_of(first.pk)):
        cutoff = Attempt(digests.news_cutoff)
        assert waiting_for(0, ALL_TREES, 1)  # the one-key form: objid holds the key
        assert not cutoff.finished(0.3)
        # While it waits, new writers wait behind it rather than pass it for ever.
        behind = Attempt(lambda: reply(trees[1]))
        assert not behind.finished(0.3)
    assert cutoff.finished() and behind.finished()


def test_a_new_thread_starts_after_the_last_tree_whatever_its_date(trees):
    first, second = trees
    before = dict(Comment.objects.values_list("pk", "tree_id"))
    older = CommentFactory(post=first.post, created_at=first.created_at.replace(year=2001))
    # Placed by date, mptt would put it first and renumber every later tree.
    assert dict(Comment.objects.exclude(pk=older.pk).values_list("pk", "tree_id")) == before
    assert older.tree_id == max(before.values()) + 1
