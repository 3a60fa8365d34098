"""Discussions brought in from elsewhere: threaded comments with their writers, dates and states.

Values in: a discussion is a list of ImportedComment, each naming the comment
it replies to by key, parents before their replies. Nothing is written unless
the whole list is sound, and a post that has comments already gets none, so
loading the same discussion twice adds it once.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from .locking import comment_tree_lock
from .models import Comment


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


def import_discussion(post, comments):
    """Add the comments to a post that has none; returns how many were added."""
    members = _check(post, comments)
    now = timezone.now()
    with comment_tree_lock():
        if post.comments.exists():
            return 0
        written = {}
        for item in comments:
            # Read the parent afresh: every insert moves lft/rght values that a
            # copy held in memory would still have.
            parent = Comment.objects.get(pk=written[item.parent]) if item.parent else None
            comment = Comment(
                post=post,
                parent=parent,
                body=item.body,
                status=item.status,
                created_at=item.created_at or now,
            )
            if item.member:
                comment.author = members[item.member]
            else:
                comment.guest_name = item.guest_name
                comment.guest_email = item.guest_email
                comment.guest_wants_replies = item.guest_wants_replies
            comment.save()
            written[item.key] = comment.pk
    return len(written)


def _check(post, comments):
    """The members who wrote comments, by username; raises DiscussionImportError."""
    usernames = {item.member for item in comments if item.member}
    members = get_user_model().objects.in_bulk(usernames, field_name="username")
    seen = set()
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
        seen.add(item.key)
    return members
