"""Staff open the admin only after a second factor.

Members choose whether to protect their account with an authenticator app or
a security key (allauth.mfa); staff have no choice, since the admin holds
drafts, members' addresses and moderation. A staff member with neither is sent
to set one up; one whose session was opened without it (signed in before
setting it up, say) confirms it first and comes back to the admin page they
asked for.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Recovery codes are a way back in when the app is lost, not a factor of their own.
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def has_second_factor(user):
    return is_mfa_enabled(user, SECOND_FACTORS)


def session_passed_second_factor(request):
    """allauth keeps a record of every step of a sign-in in the session (for
    this user only, gone at logout); a code or recovery code entered at login
    or to confirm a sensitive action is recorded as "mfa"."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _with_next(url_name, request):
    return f"{reverse(url_name)}?{urlencode({'next': request.get_full_path()})}"


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._guards(request):
            user = request.user
            if not has_second_factor(user):
                messages.warning(
                    request,
                    _(
                        "Staff open the administration with a second factor: "
                        "set up an authenticator app or a security key first."
                    ),
                )
                return HttpResponseRedirect(reverse("mfa_index"))
            if not session_passed_second_factor(request):
                return HttpResponseRedirect(_with_next("mfa_reauthenticate", request))
        return self.get_response(request)

    @staticmethod
    def _guards(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_staff:
            return False
        # Logging in and out of the admin stays open: /admin/login/ hands
        # over to allauth's login (members.views.admin_login).
        if request.path in (reverse("admin:login"), reverse("admin:logout")):
            return False
        return request.path.startswith(reverse("admin:index"))
