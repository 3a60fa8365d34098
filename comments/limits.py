"""How fast comments may be posted and previewed, counted by allauth's rate limits.

Every limit of the site is one entry of settings.ACCOUNT_RATE_LIMITS, counted
the same way in the cache that is never evicted (kexue/caching.py). A member
is counted as a member, wherever they write from: forty students behind one
campus address each have their own allowance. Only guests, who have nothing
else to be told apart by, are counted per address.
"""

from allauth.core import ratelimit


def _consume(request, action):
    member = request.user if request.user.is_authenticated else None
    if member is not None:
        return ratelimit.consume(request, action=f"{action}_member", user=member)
    return ratelimit.consume(request, action=f"{action}_guest")


def may_post(request):
    """Counts one comment posted; False once the writer is over the limit."""
    return _consume(request, "comment")


def may_preview(request):
    """Counts one preview; False once the writer is over the limit."""
    return _consume(request, "comment_preview")


def may_ask_to_follow(request, email):
    """Counts one guest request to follow a discussion, per address and per
    e-mail given, so that neither one visitor nor many can fill one inbox
    with confirmation mails; False once over either limit."""
    return ratelimit.consume(request, action="follow_guest", key=email.lower())
