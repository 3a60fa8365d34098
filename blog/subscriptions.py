"""Subscribing to new posts by e-mail: double opt-in, one-click unsubscribe.

A request is stored nowhere: it becomes a signed link in a confirmation mail,
and the address joins the list only when that link is followed. So a stranger
who types someone's address sends them one confirmation and nothing more, and
the answer to a request never says whether the address was on the list.

Every new-post mail carries a signed unsubscribe link (blog.announcements):
the signature is the authorization, so it works without logging in, and a
link forged or altered is refused.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from kexue.models import SiteSettings
from kexue.outbox.models import Message
from kexue.outbox.queueing import queue

from .models import Subscriber

CONFIRM_SALT = "blog.subscriptions.confirm"
UNSUBSCRIBE_SALT = "blog.subscriptions.unsubscribe"
UNDO_SALT = "blog.subscriptions.undo"
# A confirmation link older than this is refused: ask again.
CONFIRM_MAX_AGE = 3 * 24 * 3600
# Undoing an unsubscription is offered on the page that did it, not for ever.
UNDO_MAX_AGE = 7 * 24 * 3600


def normalize(email):
    return email.strip().lower()


@dataclass(frozen=True)
class Asked:
    """What a confirmation link asks for: this address, for this member or none."""

    email: str
    member_id: int | None = None


def sign(salt, request):
    return signing.dumps({"e": request.email, "m": request.member_id}, salt=salt)


def unsign(salt, token, max_age=None):
    """The Asked a token was made for, or None for a forged, altered or
    expired one."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
        return Asked(email=normalize(data["e"]), member_id=data["m"])
    except (signing.BadSignature, KeyError, TypeError, AttributeError):
        return None


def unsubscribe_token(subscriber):
    # No age limit: the link in a mail from years ago must still work.
    return sign(UNSUBSCRIBE_SALT, Asked(subscriber.email, subscriber.member_id))


def may_ask(request):
    """Counts one subscription request from this client; False once it is over
    the per-address limit (ACCOUNT_RATE_LIMITS["subscribe"])."""
    return ratelimit.consume(request, action="subscribe")


def may_mail(request, email):
    """Counts one confirmation mail to this address; False while one was sent
    within the limit's window (ACCOUNT_RATE_LIMITS["subscribe_confirmation"])."""
    return ratelimit.consume(request, action="subscribe_confirmation", key=email)


def verified_address(member):
    """The member's primary address when it is verified, else None."""
    if not member.email:
        return None
    verified = EmailAddress.objects.filter(
        user=member, email__iexact=member.email, verified=True
    ).exists()
    return normalize(member.email) if verified else None


def queue_confirmation(request, email, base_url):
    """Queue the confirmation mail for `email` (at most one per limit window)
    and return nothing either way, so the answer is the same whether the
    address was already subscribed, just asked or never seen."""
    email = normalize(email)
    if not may_mail(request, email):
        return
    member = request.user if request.user.is_authenticated else None
    member_id = member.pk if member and normalize(member.email) == email else None
    confirm_url = base_url + reverse(
        "blog:subscribe_confirm", args=[sign(CONFIRM_SALT, Asked(email, member_id))]
    )
    context = {"site_name": SiteSettings.current().site_name, "confirm_url": confirm_url}
    queue(
        [
            Message(
                recipient=email,
                subject=render_to_string("blog/email/confirm_subject.txt", context).strip(),
                body_text=render_to_string("blog/email/confirm.txt", context),
            )
        ]
    )


def subscribe(asked):
    """Put a confirmed request on the list (again, harmlessly); return its Subscriber."""
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(
            email=asked.email, defaults={"member_id": asked.member_id}
        )
        if not created and asked.member_id and subscriber.member_id is None:
            subscriber.member_id = asked.member_id
            subscriber.save(update_fields=["member"])
    return subscriber


def confirm(token):
    """The Subscriber a confirmation link makes, or None for a bad link."""
    asked = unsign(CONFIRM_SALT, token, max_age=CONFIRM_MAX_AGE)
    return None if asked is None else subscribe(confirmed_member(asked))


def confirmed_member(asked):
    # A member deleted since the link was sent: the address stands alone.
    if asked.member_id is None:
        return asked
    if get_user_model().objects.filter(pk=asked.member_id).exists():
        return asked
    return Asked(asked.email)


def unsubscribe(token):
    """Remove the address an unsubscribe link names. Returns the undo token,
    or None for a forged or altered link (which removes nothing)."""
    asked = unsign(UNSUBSCRIBE_SALT, token)
    if asked is None:
        return None
    Subscriber.objects.filter(email=asked.email).delete()
    return sign(UNDO_SALT, confirmed_member(asked))


def undo(token):
    """Subscribe again from the undo button; None for a bad or expired token."""
    asked = unsign(UNDO_SALT, token, max_age=UNDO_MAX_AGE)
    return None if asked is None else subscribe(confirmed_member(asked))


def subscriptions_of(member):
    """The member's subscriptions to new posts: by their account, or by the
    address they use now (subscribed as a guest before signing up)."""
    query = Q(member=member)
    if member.email:
        query |= Q(email=normalize(member.email))
    return Subscriber.objects.filter(query)


def unsubscribe_member(member):
    """Remove every subscription of a member; returns how many there were."""
    deleted, _ = subscriptions_of(member).delete()
    return deleted


def subscribe_member(request, base_url):
    """A member's one click: subscribed at once with their verified address
    (True), or sent a confirmation to an address not yet verified (False)."""
    email = verified_address(request.user)
    if email is None:
        queue_confirmation(request, request.user.email, base_url)
        return False
    subscribe(Asked(email, request.user.pk))
    return True
