"""Digests for the followers of a discussion, queued by `send_follow_digests`.

A follower hears of the public comments approved since their last digest
(`ThreadFollow.seen_until`), at most once per KEXUE_FOLLOW_DIGEST_MINUTES: the
first comment after a quiet spell goes out on the next run, what follows within
the interval waits and comes together in the next mail.

Left out of a digest: the follower's own comments, and any comment of which a
mail already went to the follower's address (a reply to them, a comment on
their post, comments/notifications.py): that mail said it first and better.

Idempotent under concurrent runs: each follow row is claimed with SELECT … FOR
UPDATE SKIP LOCKED, and its digest is queued in the same transaction that
moves its `seen_until`, so a comment is in one digest per follower at most.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from kexue.models import SiteSettings
from kexue.outbox.models import Message
from kexue.outbox.queueing import queue

from .follows import unfollow_token
from .locking import all_comment_trees_lock
from .models import Comment, ThreadFollow
from .notifications import unsubscribe_headers

BATCH = 50


def interval():
    return timedelta(minutes=settings.KEXUE_FOLLOW_DIGEST_MINUTES)


def news_cutoff():
    """Now, at a moment when every comment approved before it is committed.

    Comments get their `approved_at` under a tree lock, inside the shared
    all-trees lock, and commit before releasing it; taking that lock
    exclusively once here waits for every such writer in flight, so none
    approved earlier is still invisible to this run, and so skipped for good
    by `seen_until`."""
    with all_comment_trees_lock():
        return timezone.now()


def due(now, cutoff):
    """The follows whose interval has passed and whose news this run has not
    looked at yet."""
    quiet_since = now - interval()
    return (
        ThreadFollow.objects.confirmed()
        .filter(seen_until__lt=cutoff)
        .filter(Q(last_digest_at__isnull=True) | Q(last_digest_at__lte=quiet_since))
        .order_by("pk")
    )


def news_for(follow, cutoff):
    """The comments a digest to `follow` carries, oldest first."""
    comments = Comment.objects.public().filter(
        post=follow.post_id, approved_at__gt=follow.seen_until, approved_at__lte=cutoff
    )
    if follow.member_id is not None:
        comments = comments.exclude(author=follow.member_id)
    else:
        comments = comments.exclude(author__isnull=True, guest_email__iexact=follow.email)
    already_mailed = Comment.objects.filter(
        notifications__message__recipient__iexact=follow.address
    )
    return (
        comments.exclude(pk__in=already_mailed)
        .select_related("author")
        .order_by("approved_at", "pk")
    )


def may_receive(follow):
    member = follow.member
    return member is None or (member.is_active and not member.is_deleted and member.email)


def digest_message(follow, comments, site_name):
    site_url = follow.site_url
    unfollow_url = site_url + reverse("comments:unfollow", args=[unfollow_token(follow)])
    context = {
        "post": follow.post,
        "post_url": site_url + follow.post.get_absolute_url(),
        "comments": [(comment, site_url + comment.get_absolute_url()) for comment in comments],
        "count": len(comments),
        "site_name": site_name,
        "unfollow_url": unfollow_url,
    }
    return Message(
        recipient=follow.address,
        subject=render_to_string("comments/email/digest_subject.txt", context).strip(),
        body_text=render_to_string("comments/email/digest.txt", context),
        body_html=render_to_string("comments/email/digest.html", context),
        headers=unsubscribe_headers(unfollow_url),
    )


def queue_due_digests():
    """Queue every digest that is due; returns how many were queued."""
    now = timezone.now()
    cutoff = news_cutoff()
    site_name = SiteSettings.current().site_name
    queued = 0
    while True:
        with transaction.atomic():
            batch = list(
                due(now, cutoff)
                .select_related("post", "member")
                .select_for_update(skip_locked=True, of=("self",))[:BATCH]
            )
            if not batch:
                return queued
            digests = []
            for follow in batch:
                comments = list(news_for(follow, cutoff)) if may_receive(follow) else []
                if comments:
                    digests.append(digest_message(follow, comments, site_name))
                    follow.last_digest_at = now
                # Looked at up to the cutoff, mailed or not: the next run starts there.
                follow.seen_until = cutoff
            queue(digests)
            ThreadFollow.objects.bulk_update(batch, ["seen_until", "last_digest_at"])
            queued += len(digests)
