"""Discussions brought in from elsewhere: threaded comments with their writers, dates and states.

Values in: a discussion is a list of ImportedComment, each naming the comment
it replies to by key, parents before their replies. Nothing is written unless
the whole list is sound.

Comments that carry their id on the old site (`source_id`) are matched by it:
loading the discussion again adds only the comments that are not there yet,
replies to comments already there included. A discussion without such ids
cannot be matched, so it is loaded only onto a post that has no comments.

Trees are written in bulk, not one locked mptt insert per comment: under the
tree-creation lock and the locks of the trees that gain replies
(comments/locking.py) the mptt columns of every new tree are computed here
(siblings in time order, as `order_insertion_by` keeps them; new trees after
the last one, whatever their dates), a tree that gains replies is renumbered
whole, and the rows go in with `bulk_create`. A numeric old id that
no comment uses becomes the new comment's primary key, so an old
`#comment-ID` link finds it by its usual anchor.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email, validate_ipv46_address
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from kexue.caching import bump_discussion_version
from kexue.markup import add_mathml_to_each
from kexue.models import SiteSettings
from members.validators import validate_web_url

from .locking import comment_tree_lock
from .models import Comment
from .search_index import comment_vector

BATCH = 500
# A primary key: a positive bigint written the way int() would print it.
PRIMARY_KEY = re.compile(r"[1-9][0-9]{0,17}")
SOURCE_ID_LENGTH = Comment._meta.get_field("source_id").max_length
GUEST_NAME_LENGTH = Comment._meta.get_field("guest_name").max_length
WEBSITE_LENGTH = Comment._meta.get_field("guest_website").max_length
EMAIL_LENGTH = Comment._meta.get_field("guest_email").max_length


class DiscussionImportError(ValueError):
    """A discussion that cannot be loaded; the message says which comment and why."""


@dataclass(frozen=True)
class ImportedComment:
    key: str  # unique within its discussion
    body: str  # Markdown with math, rendered on save
    parent: str | None = None  # the key of the comment this one replies to
    member: str | None = None  # the writer's username; a guest's name and e-mail otherwise
    guest_name: str = ""
    guest_email: str = ""
    guest_wants_replies: bool = False
    created_at: datetime | None = None  # the time of loading when None
    status: str = Comment.Status.APPROVED
    source_id: str = ""  # the comment's id on the old site
    guest_website: str = ""  # dropped unless it is a web address a member could give
    ip_address: str | None = None  # dropped unless it is an IPv4 or IPv6 address


def import_discussion(post, comments):
    """Add to the post the comments it does not have yet; returns how many were added."""
    members = _check(post, comments)
    matched = any(item.source_id for item in comments)
    with comment_tree_lock() as locks:
        # Held first, as every writer takes its locks: one import of this post at a time.
        locks.new_tree()
        stored = dict(post.comments.exclude(source_id="").values_list("source_id", "pk"))
        if not matched and post.comments.exists():
            return 0
        # The pk of every comment of the list that is on the post already, by key.
        known = {item.key: stored[item.source_id] for item in comments if item.source_id in stored}
        new = [item for item in comments if item.key not in known]
        if not new:
            return 0
        now = timezone.now()
        rows = [_comment(post, item, members.get(item.member), now) for item in new]
        # One trip to the MathJax worker for the whole discussion, not one per comment.
        macros = SiteSettings.current().tex_macros_for_mathjax()
        for row, body_html in zip(
            rows, add_mathml_to_each([row.body_html for row in rows], macros), strict=True
        ):
            row.body_html = body_html
        _assign_primary_keys(new, rows)
        pks = known | {item.key: row.pk for item, row in zip(new, rows, strict=True)}
        for item, row in zip(new, rows, strict=True):
            row.parent_id = pks[item.parent] if item.parent else None
        # The stored comments that get replies: their trees are renumbered whole.
        joined = {row.parent_id for row in rows} - {row.pk for row in rows} - {None}
        locks.trees(Comment.objects.filter(pk__in=joined))
        moved = _number_trees(rows, joined)
        Comment.objects.bulk_update(moved, ["lft", "rght", "level"], batch_size=BATCH)
        if connection.vendor == "postgresql":
            # Indexed as they are written: bulk_create sends no post_save, and
            # the rows need no second visit to get their search vectors.
            for row in rows:
                row.search_vector = comment_vector(row.body_html)
        Comment.objects.bulk_create(rows, batch_size=BATCH)
        if any(row.is_shown for row in rows):  # pending or spam ones show nowhere
            bump_discussion_version()
    return len(rows)


def _comment(post, item, member, now):
    """An unsaved comment with its HTML rendered by the comment pipeline."""
    comment = Comment(
        post=post,
        body=item.body,
        status=item.status,
        created_at=item.created_at or now,
        source_id=item.source_id,
        ip_address=item.ip_address if _passes(validate_ipv46_address, item.ip_address) else None,
    )
    if member is not None:
        comment.author = member
    else:
        # Old sites allowed longer names than ours; the name is kept as far as it fits.
        comment.guest_name = item.guest_name.strip()[:GUEST_NAME_LENGTH]
        email = item.guest_email.strip()
        if len(email) <= EMAIL_LENGTH and _passes(validate_email, email):
            comment.guest_email = email
            comment.guest_wants_replies = item.guest_wants_replies
        website = item.guest_website.strip()
        if len(website) <= WEBSITE_LENGTH and _passes(validate_web_url, website):
            comment.guest_website = website
    # The old site's text is untrusted: the comment allowlist applies.
    comment.render(mathml=False)
    return comment


def _passes(validator, value):
    if not value:
        return False
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _assign_primary_keys(items, rows):
    """Every row gets its pk now, so replies can point at parents before anything
    is written: the old id when it is a number no comment has, else a fresh one."""
    wanted = {int(item.source_id) for item in items if PRIMARY_KEY.fullmatch(item.source_id)}
    free = wanted - set(Comment.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    others = []
    for item, row in zip(items, rows, strict=True):
        if PRIMARY_KEY.fullmatch(item.source_id) and int(item.source_id) in free:
            row.pk = int(item.source_id)
        else:
            others.append(row)
    for row, pk in zip(others, _fresh_primary_keys(len(others), max(free, default=0)), strict=True):
        row.pk = pk


def _fresh_primary_keys(count, taken_up_to):
    """`count` new comment ids, all above `taken_up_to`; the id sequence moves past
    them all, so comments written later never meet an id taken here."""
    table = Comment._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            (sequence,) = cursor.fetchone()
            if taken_up_to:
                cursor.execute(
                    "SELECT setval(%s::regclass, GREATEST(%s,"
                    " COALESCE(pg_sequence_last_value(%s::regclass), 0)), true)",
                    [sequence, taken_up_to, sequence],
                )
            if not count:
                return []
            cursor.execute(
                "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, count]
            )
            return [pk for (pk,) in cursor.fetchall()]
    # SQLite (quick start only) numbers new rows after the highest id it has seen,
    # explicit ones included.
    highest = max(Comment.objects.aggregate(Max("pk"))["pk__max"] or 0, taken_up_to)
    return list(range(highest + 1, highest + 1 + count))


def _number_trees(rows, joined):
    """Fill in tree_id, lft, rght and level of the new rows (pks and parent_id set).

    A top-level comment starts a new tree after the last one. A tree that gets
    replies (from the stored comments `joined`) is numbered again whole;
    returns its stored comments whose columns moved, to be updated."""
    new_pks = {row.pk for row in rows}
    stored = list(
        Comment.objects.filter(
            tree_id__in=Comment.objects.filter(pk__in=joined).values("tree_id")
        ).only("pk", "parent_id", "created_at", "tree_id", "lft", "rght", "level")
    )
    before = {node.pk: (node.lft, node.rght, node.level) for node in stored}
    children = {}
    # Siblings go in time order; at the same time, stored ones stay first and in
    # their order, new ones follow in the order of the list (the sort is stable).
    nodes = sorted(stored, key=lambda node: (node.tree_id, node.lft)) + rows
    for node in sorted(nodes, key=lambda node: node.created_at):
        children.setdefault(node.parent_id, []).append(node)
    for root in children.get(None, []):
        if root.pk in new_pks:
            continue
        _number_tree(root, root.tree_id, children)
    next_tree = (Comment.objects.aggregate(Max("tree_id"))["tree_id__max"] or 0) + 1
    for root in children.get(None, []):
        if root.pk in new_pks:
            _number_tree(root, next_tree, children)
            next_tree += 1
    return [node for node in stored if (node.lft, node.rght, node.level) != before[node.pk]]


def _number_tree(root, tree_id, children):
    """Nested-set numbers for the tree under root, without recursion (threads can be deep)."""
    counter = 0
    stack = [(root, 0, False)]
    while stack:
        node, level, closing = stack.pop()
        counter += 1
        if closing:
            node.rght = counter
            continue
        node.tree_id, node.lft, node.level = tree_id, counter, level
        stack.append((node, level, True))
        stack.extend((child, level + 1, False) for child in reversed(children.get(node.pk, [])))


def _check(post, comments):
    """The members who wrote comments, by username; raises DiscussionImportError."""
    usernames = {item.member for item in comments if item.member}
    members = get_user_model().objects.in_bulk(usernames, field_name="username")
    with_source_id = any(item.source_id for item in comments)
    seen, source_ids = set(), set()
    for item in comments:
        where = f"{post.slug}, comment {item.key!r}"
        if item.key in seen:
            raise DiscussionImportError(f"{where}: another comment has this key")
        if item.parent is not None and item.parent not in seen:
            raise DiscussionImportError(
                f"{where}: replies to {item.parent!r}, which is not an earlier comment"
            )
        if item.member and item.member not in members:
            raise DiscussionImportError(f"{where}: no member named {item.member!r}")
        if not item.member and not item.guest_name.strip():
            raise DiscussionImportError(f"{where}: neither a member nor a guest's name")
        if item.status not in Comment.Status.values:
            raise DiscussionImportError(f"{where}: unknown status {item.status!r}")
        if not item.body.strip():
            raise DiscussionImportError(f"{where}: no text")
        if item.created_at is not None and timezone.is_naive(item.created_at):
            raise DiscussionImportError(f"{where}: its date has no time zone")
        if with_source_id and not item.source_id:
            raise DiscussionImportError(
                f"{where}: no id on the old site, unlike other comments of the post"
            )
        if item.source_id and item.source_id in source_ids:
            raise DiscussionImportError(
                f"{where}: another comment has the id {item.source_id!r} on the old site"
            )
        if len(item.source_id) > SOURCE_ID_LENGTH:
            raise DiscussionImportError(
                f"{where}: an id on the old site longer than {SOURCE_ID_LENGTH} characters"
            )
        seen.add(item.key)
        if item.source_id:
            source_ids.add(item.source_id)
    return members
