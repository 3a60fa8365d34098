"""Locks for writes to the comment trees: one tree at a time, not the whole site.

django-mptt keeps each tree in lft/rght/level columns numbered within its
tree_id. What each write rewrites decides what it must lock:

- a reply, and the deletion of a comment, shift lft/rght inside their own
  tree only: they lock that tree, and writers in other trees go on;
- a new top-level comment reads MAX(tree_id) and takes the next one: two at
  once would take the same, so it holds the tree-creation lock (and no tree's);
- mptt renumbers *other* trees in three cases. Inserting a root before an
  existing one (`order_insertion_by` with an older date) and moving a tree
  into another (`_create_tree_space`, `_inter_tree_move_and_close_gap`): Kexue
  does neither, Comment.save() always appends a new root after the last tree
  and no code changes a comment's parent. `rebuild()` (check_comment_trees
  --repair) renumbers every tree: it holds the all-trees lock.

The locks are PostgreSQL advisory transaction locks, released at commit or
rollback, so a writer's rows are visible to the next writer of its tree:

- a tree: pg_advisory_xact_lock(TREE_CLASS, tree_id), the two-int4 form;
- tree creation: pg_advisory_xact_lock(NEW_TREE_CLASS, 0);
- all trees: every tree writer holds ALL_TREES *shared*, which costs writers
  nothing among themselves; what must see no writer at all (rebuild, the
  digests' news cutoff) takes it exclusively and waits for those in flight.
  While a writer holds it shared, no tree_id changes, so a tree_id read then
  names the same tree until commit.

Why advisory locks rather than SELECT … FOR UPDATE on the root comment: a
tree is a number, not a row (a root without replies may be deleted while a
reply to it waits); a row lock would also queue unrelated updates of the root
(its writer's edit, its search vector) behind a thread's replies; and the
all-trees lock has no row to stand for it.

Locks are taken in one order, so two writers never wait for each other in a
circle: all trees (shared or exclusive), then tree creation, then trees by
ascending tree_id, at most one call to `trees()` per transaction.

SQLite (the quick start only) allows one writer at a time anyway: there every
lock is a plain transaction.
"""

from contextlib import contextmanager

from django.db import connection, transaction

from .models import Comment

# Any fixed numbers shared by all writers; the one-key (bigint) and two-key
# (int4, int4) advisory spaces never overlap.
ALL_TREES = 0x6B657875  # "kexu"
TREE_CLASS = 0x6B657874  # "kext": (TREE_CLASS, tree_id) is one tree
NEW_TREE_CLASS = 0x6B65786E  # "kexn": (NEW_TREE_CLASS, 0) is tree creation


def _execute(sql, params):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


class TreeLocks:
    """The locks a transaction that writes comment trees takes, in order."""

    def __init__(self):
        self._new_tree = False
        self._trees = False

    def new_tree(self):
        """Hold tree creation: this transaction may start trees after the last."""
        if self._trees:
            raise RuntimeError("Take the tree-creation lock before any tree's.")
        if not self._new_tree:
            _execute("SELECT pg_advisory_xact_lock(%s, 0)", [NEW_TREE_CLASS])
            self._new_tree = True

    def trees(self, comments):
        """Hold the trees of `comments` (a queryset): lft and rght in them are
        this transaction's to change, and theirs stay put for its reads."""
        if self._trees:
            raise RuntimeError("Lock every tree a transaction writes in one call.")
        self._trees = True
        if connection.vendor != "postgresql":
            return
        tree_ids = sorted(set(comments.order_by().values_list("tree_id", flat=True)))
        if tree_ids:
            _execute(
                "SELECT pg_advisory_xact_lock(%s, tree) FROM unnest(%s::integer[]) AS tree",
                [TREE_CLASS, tree_ids],
            )

    def tree_of(self, pk):
        """Hold the tree of the comment `pk`, in one query; nothing if it is gone."""
        if self._trees:
            raise RuntimeError("Lock every tree a transaction writes in one call.")
        self._trees = True
        # Read at this statement's start, after ALL_TREES was taken: current.
        table = connection.ops.quote_name(Comment._meta.db_table)
        _execute(
            f"SELECT pg_advisory_xact_lock(%s, tree_id) FROM {table} WHERE id = %s",  # noqa: S608
            [TREE_CLASS, pk],
        )


@contextmanager
def comment_tree_lock():
    """A transaction for writing comment trees; yields its TreeLocks, on which
    the writer takes the tree-creation lock or the locks of the trees it writes
    before reading what it will write from."""
    with transaction.atomic():
        _execute("SELECT pg_advisory_xact_lock_shared(%s)", [ALL_TREES])
        yield TreeLocks()


@contextmanager
def all_comment_trees_lock():
    """A transaction that no tree writer is inside of, and none enters until it ends."""
    with transaction.atomic():
        _execute("SELECT pg_advisory_xact_lock(%s)", [ALL_TREES])
        yield
