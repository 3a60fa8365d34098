"""How fast comments may be posted and previewed, counted by allauth's rate limits.

Every limit of the site is one entry of settings.ACCOUNT_RATE_LIMITS, counted
the same way in the cache that is never evicted (kexue/caching.py). A member
is counted as a member, wherever they write from: forty students behind one
campus address each have their own allowance. Only guests, who have nothing
else to be told apart by, are counted per address.
"""

from allauth.account import app_settings
from allauth.core import ratelimit
from allauth.core.internal.ratelimit import parse_rates


def _counted_as(request, action):
    """(the entry of ACCOUNT_RATE_LIMITS that counts this writer, the member or None)."""
    if request.user.is_authenticated:
        return f"{action}_member", request.user
    return f"{action}_guest", None


def _consume(request, action):
    name, member = _counted_as(request, action)
    return ratelimit.consume(request, action=name, user=member)


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


def preview_pause_seconds(request):
    """How long a writer over the preview limit waits before previews work
    again, at most: the longest window among the limit's rates. The live
    preview stops asking for that long instead of being refused every keystroke."""
    name, _ = _counted_as(request, "comment_preview")
    rates = parse_rates(app_settings.RATE_LIMITS.get(name))
    return max((rate.duration for rate in rates), default=0)
