"""The workflows with rules: posting, editing, deleting and moderating comments."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from kexue.caching import bump_discussion_version
from kexue.models import SiteSettings
from members.permissions import user_can_comment

from . import follows, stamps
from .locking import comment_tree_lock
from .models import Comment
from .notifications import cancel_notifications, queue_notifications
from .search_index import comment_vector

EDIT_WINDOW = timedelta(minutes=15)


class CommentRefused(Exception):
    """The comment was not saved; the message tells the writer why."""


@dataclass(frozen=True)
class Guest:
    """Who a writer without an account says they are."""

    name: str
    email: str
    website: str = ""
    wants_replies: bool = False


def initial_status(member, guest_email):
    moderation = SiteSettings.current().moderation
    if moderation == SiteSettings.Moderation.EVERYONE:
        return Comment.Status.PENDING
    if member is not None or moderation == SiteSettings.Moderation.NONE:
        return Comment.Status.APPROVED
    trusted = Comment.objects.by_guest(guest_email).approved().exists()
    return Comment.Status.APPROVED if trusted else Comment.Status.PENDING


def check_may_post(post, member):
    if not (post.allow_comments and post.is_public):
        raise CommentRefused(_("Comments are closed on this post."))
    if member is not None:
        if not user_can_comment(member):
            raise CommentRefused(_("Confirm your e-mail address before you comment."))
    elif not SiteSettings.current().guests_may_comment:
        raise CommentRefused(_("Log in to comment."))


def submit_comment(
    *, post, author, body, parent=None, guest=None, address, user_agent, base_url, stamp=None
):
    """Save a comment on `post` answering `parent` (None: a new thread), or raise
    CommentRefused with nothing saved. `author` is the member writing; for a guest
    it is None (or the anonymous user) and `guest` says who they are. How fast a
    writer may post is the caller's to check first (comments/limits.py), with
    the request allauth's rate limits count by. `stamp` is the form's (a
    comments.stamps.Stamp), spent with the comment: stamps.StampRefused, and
    nothing saved, if it already posted one."""
    member = author if author is not None and author.is_authenticated else None
    check_may_post(post, member)
    comment = Comment(
        post=post, author=member, body=body, ip_address=address, user_agent=user_agent[:300]
    )
    if member is None:
        comment.guest_name = guest.name
        comment.guest_email = guest.email
        comment.guest_website = guest.website
        comment.guest_wants_replies = guest.wants_replies
    comment.status = initial_status(member, comment.guest_email)
    # Markdown, MathML and the search vector first: the slowest part of a
    # write, and no lock needs them (the vector goes in with the INSERT).
    comment.render()
    comment.search_vector = comment_vector(comment.body_html)
    # A thread's writers queue from here to the commit: what can happen
    # before its lock does (spending the stamp, in the same transaction).
    with comment_tree_lock() as locks:
        if stamp is not None:
            stamps.spend(stamp)
        if parent is not None:
            locks.tree_of(parent.pk)
            # Re-read under the lock: mptt places the reply from the parent's
            # current lft/rght, which other writers may have moved; and the
            # parent may have been deleted or moderated since the writer saw it.
            comment.parent = (
                post.comments.shown().select_related("author").filter(pk=parent.pk).first()
            )
            if comment.parent is None:
                raise CommentRefused(_("The comment you reply to is no longer there."))
        else:
            locks.new_tree()
        comment.created_at = timezone.now()  # order of insertion = order in the tree
        if comment.is_approved:
            comment.approved_at = comment.created_at
        if comment.parent is not None:
            # The newest reply, and its parent's columns were just read under
            # the lock: its last child, without mptt reading the parent again
            # and looking for a later sibling.
            Comment.objects.insert_node(comment, comment.parent, refresh_target=False)
        comment.save()
        if comment.is_approved:
            queue_notifications(comment, base_url)
            readers_see_a_change()
    if member is not None and member.follow_on_comment:
        follows.follow_as_member(post, member, base_url)
    return comment


def can_edit(comment, user):
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_deleted
        and timezone.now() - comment.created_at <= EDIT_WINDOW
    )


def can_delete(comment, user):
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted


def readers_see_a_change():
    """A comment readers can see appeared, changed or went: every cached page
    and fragment built from the discussion is stale (what is built from posts
    alone stays). Called once per change by the service that makes it; a
    pending or spam comment changes nothing they see."""
    bump_discussion_version()


def edit_comment(comment, body):
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    if comment.is_shown:
        readers_see_a_change()


def delete_comment(comment):
    """A comment with replies leaves a placeholder so the thread stays whole;
    one without replies goes."""
    with comment_tree_lock() as locks:
        locks.tree_of(comment.pk)
        comment = Comment.objects.filter(pk=comment.pk).first()
        if comment is None:  # gone meanwhile, with a deleted post or by an editor
            return
        was_shown = comment.is_shown
        if comment.get_descendant_count():
            comment.is_deleted = True
            comment.body = ""
            comment.save(update_fields=["is_deleted", "body", "body_html"])
            cancel_notifications([comment])  # the mail would still quote it
        else:
            comment.delete()
    if was_shown:
        readers_see_a_change()


def moderate(comments, status, base_url):
    """Set the status of comments; newly approved ones notify as if just posted.
    Readers see a change only when a comment moves to or from approved (a
    pending one marked as spam shows nowhere): then the caches go, once."""
    changed = 0
    seen_by_readers = False
    with comment_tree_lock() as locks:
        # Their trees, although no tree column changes: a reply re-reads its
        # parent's status under its tree's lock, so it never hangs below a
        # comment that has just been marked as spam.
        locks.trees(comments)
        for comment in comments.select_related("post__author", "parent__author", "author"):
            if comment.status == status:
                continue
            newly_approved = status == Comment.Status.APPROVED
            was_approved = comment.is_approved
            seen_by_readers = seen_by_readers or newly_approved or was_approved
            comment.status = status
            if newly_approved and comment.approved_at is None:
                # Under a tree lock, as in submit_comment: digests.py relies on it.
                comment.approved_at = timezone.now()
            comment.save(update_fields=["status", "approved_at"])
            if newly_approved and not comment.is_deleted:
                queue_notifications(comment, base_url)
            elif was_approved:
                cancel_notifications([comment])  # spam or removed: not announced after all
            changed += 1
    if seen_by_readers:
        readers_see_a_change()
    return changed


def erase_comments(comments):
    """An editor's delete (the admin's): the comments and all their replies
    leave the database, with no placeholder. Each goes with mptt's delete,
    which closes its gap in the tree, under the lock of its tree; one whose
    ancestor went first is gone already."""
    seen_by_readers = False
    with comment_tree_lock() as locks:
        pks = list(comments.values_list("pk", flat=True))
        locks.trees(Comment.objects.filter(pk__in=pks))
        for pk in pks:
            comment = Comment.objects.filter(pk=pk).first()
            if comment is None:
                continue
            # A hidden comment's visible replies go with it.
            seen_by_readers = seen_by_readers or (
                comment.get_descendants(include_self=True).shown().exists()
            )
            comment.delete()
    if seen_by_readers:
        readers_see_a_change()
