"""A post's discussion, read in one query and laid out in one pass.

Rows come in tree order (tree_id, lft): every comment follows its parent and
precedes its later siblings, so depth and "in reply to" are known from a stack
of open ancestors, with no query and no template per reply.
"""

import math
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from .models import Comment, writer_name

MAX_INDENT = 6
THREADS_PER_PAGE = 50


@dataclass(slots=True)
class Entry:
    comment: Comment
    depth: int
    shown: bool  # False: a placeholder that keeps visible replies in place
    own_pending: bool = False
    reply_to: "Entry | None" = None
    needed: bool = False

    @property
    def indent(self):
        return min(self.depth, MAX_INDENT)

    @property
    def beyond_indent(self):
        return self.depth > MAX_INDENT


@dataclass
class Thread:
    entries: list = field(default_factory=list)
    page: int = 1
    pages: int = 1
    count: int = 0


def viewer_may_see(comment, viewer, own_guest_ids):
    if comment.is_deleted:
        return False
    if comment.is_approved:
        return True
    mine = (comment.author_id is not None and comment.author_id == viewer.pk) or (
        comment.author_id is None and comment.pk in own_guest_ids
    )
    return comment.status == Comment.Status.PENDING and mine


@dataclass(slots=True)
class ThreadRow:
    """What a page shows of a comment. Read as plain rows: building a thousand
    model instances costs more than the query that fetches them."""

    pk: int
    parent_id: int | None
    author_id: int | None
    guest_name: str
    guest_website: str
    body_html: str
    status: str
    is_deleted: bool
    created_at: object
    edited_at: object
    tree_id: int
    lft: int
    rght: int
    level: int
    source_id: str
    author: object = None

    @property
    def is_approved(self):
        return self.status == Comment.Status.APPROVED

    @property
    def author_name(self):
        return writer_name(self.author, self.guest_name)


ROW_FIELDS = ["pk", "parent_id", "author_id", "guest_name", "guest_website", "body_html",
              "status", "is_deleted", "created_at", "edited_at", "tree_id", "lft", "rght",
              "level", "source_id"]  # fmt: skip
WRITER_FIELDS = ["username", "display_name", "avatar", "deleted_at", "is_active"]


def attach_writers(comments):
    """Loads each member who wrote in the thread once (a few people write most comments)."""
    ids = {comment.author_id for comment in comments if comment.author_id is not None}
    writers = get_user_model().objects.only(*WRITER_FIELDS).in_bulk(ids)
    for comment in comments:
        if comment.author_id is not None:
            comment.author = writers[comment.author_id]


def lay_out(post, viewer, own_guest_ids=()):
    """Every entry of the post's discussion this viewer gets, in display order."""
    in_tree_order = post.comments.in_display_order().values_list(*ROW_FIELDS)
    rows = [ThreadRow(*values) for values in in_tree_order]
    attach_writers(rows)
    entries, open_path = [], []
    for comment in rows:
        while open_path and (
            open_path[-1].comment.tree_id != comment.tree_id
            or open_path[-1].comment.rght < comment.lft
        ):
            open_path.pop()
        shown = viewer_may_see(comment, viewer, own_guest_ids)
        entry = Entry(comment, comment.level, shown, own_pending=shown and not comment.is_approved)
        entry.reply_to = open_path[-1] if open_path else None
        if shown:
            entry.needed = True
            for ancestor in open_path:
                ancestor.needed = True
        entries.append(entry)
        open_path.append(entry)
    return [entry for entry in entries if entry.needed]


def page_bounds(entries):
    """Where each page starts: pages hold THREADS_PER_PAGE top-level threads."""
    roots = [index for index, entry in enumerate(entries) if entry.depth == 0]
    return roots[::THREADS_PER_PAGE] or [0]


def build_thread(post, viewer, page=None, own_guest_ids=()):
    """The entries to show on one page of the post's discussion (default: the last)."""
    entries = lay_out(post, viewer, own_guest_ids)
    starts = page_bounds(entries)
    pages = len(starts)
    page = pages if page is None else min(max(page, 1), pages)
    end = starts[page] if page < pages else len(entries)
    return Thread(
        entries=entries[starts[page - 1] : end],
        page=page,
        pages=pages,
        count=sum(1 for entry in entries if entry.shown and entry.comment.is_approved),
    )


def visible_to(comments, viewer, own_guest_ids=()):
    """The comments viewer_may_see lets this viewer see, as a filter in SQL."""
    mine = Q(author__isnull=True, pk__in=list(own_guest_ids))
    if viewer.is_authenticated:
        mine |= Q(author_id=viewer.pk)
    seen = Q(status=Comment.Status.APPROVED) | (Q(status=Comment.Status.PENDING) & mine)
    return comments.filter(seen, is_deleted=False)


def page_of(post, comment_id, viewer, own_guest_ids=()):
    """(the discussion page a comment is on, the number of pages), or None when
    this viewer cannot see it. The page lay_out would give, counted in SQL:
    a tree is on the pages when the viewer sees any comment of it, and pages
    hold THREADS_PER_PAGE trees in tree_id order. Every comment posted is sent
    here, and laying out the whole discussion cost more than the write."""
    visible = visible_to(post.comments.all(), viewer, own_guest_ids)
    tree_id = visible.filter(pk=comment_id).values_list("tree_id", flat=True).first()
    if tree_id is None:
        return None
    trees = visible.aggregate(
        before=Count("tree_id", distinct=True, filter=Q(tree_id__lt=tree_id)),
        total=Count("tree_id", distinct=True),
    )
    return trees["before"] // THREADS_PER_PAGE + 1, math.ceil(trees["total"] / THREADS_PER_PAGE)
