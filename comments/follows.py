"""Following a discussion: members in one click, guests by confirming their address.

A member follows at once (their account's address is already verified). A
guest gives an address and gets one mail with a signed link; only the POST
from that link's page makes them a follower, so nobody can sign up someone
else's address. Until then the address gets nothing but that one mail, and not
twice for one thread within CONFIRMATION_WINDOW, however often it is asked for.

Every digest carries a signed one-click link that stops following
(`unfollow_token`); the digests themselves are comments/digests.py's.
"""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kexue.models import SiteSettings
from kexue.outbox.models import Message
from kexue.outbox.queueing import queue
from members.permissions import user_can_comment

from .models import ThreadFollow

CONFIRM_SALT = "comments.follow-confirm"
UNFOLLOW_SALT = "comments.unfollow"
REFOLLOW_SALT = "comments.refollow"
# How long the page that says a follow stopped can undo it.
UNDO_LIFETIME = timedelta(days=7)
# A confirmation link older than this is refused, and a request never
# confirmed is forgotten (send_follow_digests purges it).
CONFIRMATION_LIFETIME = timedelta(days=7)
# One confirmation mail per address and thread in this time, whoever asks.
CONFIRMATION_WINDOW = timedelta(hours=24)


class FollowRefused(Exception):
    """Nothing changed; the message tells the reader why."""


def _token(follow, salt):
    return signing.dumps([follow.pk, follow.address.lower()], salt=salt)


def _follow_of(token, salt, max_age=None):
    """The follow a token was made for, or FollowRefused for a forged, altered,
    expired one, or one whose follow has gone (unfollowed, then asked again:
    the new request has a new link)."""
    try:
        pk, address = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise FollowRefused(
            _("This link has expired. Ask to follow the discussion again.")
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise FollowRefused(
            _("This link is not valid. Copy the whole link from the e-mail.")
        ) from None
    follow = ThreadFollow.objects.select_related("post", "member").filter(pk=pk).first()
    if follow is None or follow.address.lower() != address:
        raise FollowRefused(_("This link is no longer valid: nothing follows with it."))
    return follow


def unfollow_token(follow):
    return _token(follow, UNFOLLOW_SALT)


def confirm_token(follow):
    return _token(follow, CONFIRM_SALT)


def follow_for_unfollowing(token):
    """The follow an unfollow link stops, or FollowRefused."""
    return _follow_of(token, UNFOLLOW_SALT)


def refollow_token(follow):
    """For the page that says a follow stopped: following again is one click.
    It names the follow's post and follower, since the row itself is gone."""
    fields = [follow.post_id, follow.member_id, follow.email.lower(), follow.site_url]
    return signing.dumps(fields, salt=REFOLLOW_SALT)


def follow_again(token):
    """Undo an unfollow: the same follower follows the same post again, as
    confirmed as before (the link only ever reaches the follower's own page).
    FollowRefused for a forged, altered or expired link."""
    try:
        post_id, member_id, email, site_url = signing.loads(
            token, salt=REFOLLOW_SALT, max_age=UNDO_LIFETIME
        )
    except signing.SignatureExpired:
        raise FollowRefused(
            _("This link has expired. Follow the discussion from its page.")
        ) from None
    except (signing.BadSignature, TypeError, ValueError):
        raise FollowRefused(
            _("This link is not valid. Copy the whole link from the e-mail.")
        ) from None
    now = timezone.now()
    follower = {"member_id": member_id} if member_id else {"member": None, "email": email}
    follow, _created = ThreadFollow.objects.get_or_create(
        post_id=post_id,
        **follower,
        defaults={"confirmed_at": now, "seen_until": now, "site_url": site_url},
    )
    return follow


def follow_for_confirming(token):
    """The follow a confirmation link confirms, or FollowRefused."""
    follow = _follow_of(token, CONFIRM_SALT, max_age=CONFIRMATION_LIFETIME)
    if follow.is_confirmed:
        raise FollowRefused(_("This link was already used: the address follows the discussion."))
    return follow


def is_following(post, member):
    return member.is_authenticated and post.follows.of_member(member).exists()


def follow_as_member(post, member, site_url):
    """`member` follows `post`'s discussion from now on; FollowRefused if they
    may not get mail yet (an unverified address). Following twice is following."""
    if not user_can_comment(member):
        raise FollowRefused(_("Confirm your e-mail address before you follow a discussion."))
    now = timezone.now()
    # get_or_create takes the other of two simultaneous clicks' row (unique constraint).
    follow, _created = ThreadFollow.objects.get_or_create(
        post=post,
        member=member,
        defaults={"confirmed_at": now, "seen_until": now, "site_url": site_url},
    )
    return follow


def followed_by(member):
    """The discussions a member follows, newest post first, for their settings page."""
    return (
        ThreadFollow.objects.of_member(member)
        .select_related("post")
        .order_by("-post__published_at", "-pk")
    )


def unfollow_as_member(post, member):
    post.follows.of_member(member).delete()


def ask_to_follow(post, email, site_url):
    """A guest asks that `email` follow `post`: queue the confirmation mail,
    unless the address already follows or was sent one within the window.
    The caller tells the reader the same in every case, so the answer says
    nothing about who follows what."""
    now = timezone.now()
    with transaction.atomic():
        ThreadFollow.objects.get_or_create(
            post=post, member=None, email__iexact=email, defaults={"email": email}
        )
        # Locked, so two requests at once queue one mail between them.
        follow = ThreadFollow.objects.select_for_update().get(
            post=post, member=None, email__iexact=email
        )
        if follow.is_confirmed:
            return
        sent = follow.confirmation_sent_at
        if sent is not None and now - sent < CONFIRMATION_WINDOW:
            return
        queue_confirmation(follow, site_url)
        follow.confirmation_sent_at = now
        follow.site_url = site_url
        follow.save(update_fields=["confirmation_sent_at", "site_url"])


def queue_confirmation(follow, site_url):
    confirm_url = site_url + reverse("comments:confirm_follow", args=[confirm_token(follow)])
    context = {
        "post": follow.post,
        "post_url": site_url + follow.post.get_absolute_url(),
        "confirm_url": confirm_url,
        "site_name": SiteSettings.current().site_name,
        "days": CONFIRMATION_LIFETIME.days,
    }
    queue(
        [
            Message(
                recipient=follow.email,
                subject=render_to_string(
                    "comments/email/follow_confirm_subject.txt", context
                ).strip(),
                body_text=render_to_string("comments/email/follow_confirm.txt", context),
                body_html=render_to_string("comments/email/follow_confirm.html", context),
            )
        ]
    )


def confirm(follow):
    """The guest clicked their link: they follow from now on."""
    now = timezone.now()
    follow.confirmed_at = now
    follow.seen_until = now
    follow.save(update_fields=["confirmed_at", "seen_until"])


def forget_unconfirmed():
    """Requests nobody confirmed within the link's lifetime: the address
    asked for nothing after all."""
    expired = timezone.now() - CONFIRMATION_LIFETIME
    return ThreadFollow.objects.filter(confirmed_at__isnull=True, created_at__lt=expired).delete()[
        0
    ]
