"""The comment form's "shown at" stamp: issued to one writer, good for one comment.

A stamp says when the form was shown to its writer, so that a comment sent
sooner than a person could write one is refused. It is signed (nobody can
backdate it) and carries a random nonce; the comment it posts spends the nonce
(a SpentStamp row, written in the comment's own transaction), so a copied or
replayed stamp posts nothing more. Spent rows older than a stamp's lifetime
are purged: the stamps they recorded are refused as expired anyway.

A page from the shared cache carries no stamp: the comment script asks for one
(with a CSRF token, `views.form_ticket`) when its reader starts writing, and
pages made for one visitor (the reply and confirm pages) carry their own.
Rows live in the database, not the cache, so a flood of pages evicting cache
entries cannot make a spent stamp good again.
"""

import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SpentStamp

SALT = "comments.form-stamp"
# Long enough to write a long comment with formulas; the stamp is asked for
# when writing starts, not when a cached page was built.
LIFETIME_SECONDS = 24 * 3600


class StampRefused(Exception):
    """The stamp is damaged, expired or spent; the message tells the writer what to do."""


@dataclass(frozen=True)
class Stamp:
    shown_at: float
    nonce: str


def issue(shown_at=None):
    """A signed stamp for a form shown at `shown_at` (now, unless a simulated
    writer says otherwise)."""
    shown_at = time.time() if shown_at is None else shown_at
    return signing.dumps([shown_at, secrets.token_urlsafe(16)], salt=SALT)


def read(value):
    """The Stamp a form sent back, or StampRefused."""
    try:
        shown_at, nonce = signing.loads(value, salt=SALT)
        shown_at = float(shown_at)
    except (signing.BadSignature, TypeError, ValueError) as bad:
        raise StampRefused(
            _("This form was damaged. Check your comment and post it again.")
        ) from bad
    if time.time() - shown_at > LIFETIME_SECONDS:
        raise StampRefused(_("This form was open too long. Check your comment and post it again."))
    if SpentStamp.objects.filter(nonce=nonce).exists():
        raise spent()
    return Stamp(shown_at, nonce)


def spend(stamp):
    """Record that `stamp` posted a comment; StampRefused if it already had.

    Call it in the transaction that saves the comment: if that rolls back,
    the stamp stays good. Two posts racing with one stamp meet at the primary
    key, and the second is refused."""
    try:
        with transaction.atomic():
            SpentStamp.objects.create(nonce=stamp.nonce)
    except IntegrityError as twice:
        raise spent() from twice
    expired = timezone.now() - timedelta(seconds=LIFETIME_SECONDS)
    SpentStamp.objects.filter(spent_at__lt=expired).delete()


def spent():
    return StampRefused(
        _("This form already posted a comment. Check your comment and post it again.")
    )
