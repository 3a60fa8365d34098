"""CSRF for the forms anonymous readers see on cached pages."""

from functools import wraps

from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt


def csrf_protect_members(view):
    """CSRF checks for signed-in members only.

    Pages served from the shared cache to anonymous readers cannot carry a
    per-visitor CSRF token, so a guest's comment or preview arrives without
    one. A forged cross-site request can only do what its sender could do
    anyway: post as an anonymous guest, still behind the honeypot, the signed
    form timestamp and the rate limits. Requests of signed-in members, whose
    session a forgery could abuse, are checked as usual.
    """

    checker = CsrfViewMiddleware(lambda request: None)

    @csrf_exempt
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.user.is_authenticated:
            refusal = checker.process_view(request, None, (), {})
            if refusal is not None:
                return refusal
        return view(request, *args, **kwargs)

    return wrapped
