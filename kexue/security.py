"""CSRF for every POST, including the forms of pages served from the shared cache.

Django's check (a token matching the csrftoken cookie, and an Origin or
Referer of this site) runs on every unsafe request. Two additions:

- A request the browser itself labels `Sec-Fetch-Site: cross-site` is refused
  even before the token is looked at: the browser, not the page, sets that
  header, so no other site can make it say "same-origin".
- A view marked `csrf_origin_only` needs no token but still refuses other
  sites. It is for a view that stores nothing and answers with a page that
  carries a token of its own: a form on a cached page, which cannot hold a
  per-visitor token, is sent there first (comments' "confirm your comment").
"""

from django.http import JsonResponse
from django.middleware import csrf
from django.shortcuts import render
from django.utils.translation import gettext as _

REASON_CROSS_SITE = "Sec-Fetch-Site says the request came from another site."
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def csrf_origin_only(view):
    """Check where the POST comes from, not its token (see the module's docstring)."""
    view.csrf_origin_only = True
    return view


class CsrfViewMiddleware(csrf.CsrfViewMiddleware):
    """Django's CSRF middleware, with the refusals described at the top of this module."""

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if self.is_checked(request, callback) and self.comes_from_another_site(request):
            reason = REASON_CROSS_SITE
            if "HTTP_ORIGIN" in request.META and not self._origin_verified(request):
                reason = csrf.REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"]
            return self._reject(request, reason)
        if getattr(callback, "csrf_origin_only", False):
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    @staticmethod
    def is_checked(request, callback):
        # The same exemptions as Django's own check: safe methods, views marked
        # csrf_exempt, and Django's test client unless it enforces checks.
        return not (
            request.method in SAFE_METHODS
            or getattr(callback, "csrf_exempt", False)
            or getattr(request, "_dont_enforce_csrf_checks", False)
        )

    def comes_from_another_site(self, request):
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return True
        return "HTTP_ORIGIN" in request.META and not self._origin_verified(request)


def csrf_failure(request, reason=""):
    """The refusal a forged or token-less POST gets (settings.CSRF_FAILURE_VIEW).

    The reason goes to the log (Django logs it with the path), not to the page:
    it helps an operator, and tells a reader nothing they can act on."""
    message = _(
        "This form was refused: it came from another site, or without the security "
        "code this site gives its forms. If you wrote it here, go back, reload the "
        "page and send it again."
    )
    if "application/json" in request.headers.get("Accept", ""):
        # What the comment script shows: its errors, or a preview's error.
        errors = {"__all__": [{"message": message}]}
        return JsonResponse({"error": message, "errors": errors}, status=403)
    return render(request, "403_csrf.html", {"message": message}, status=403)


def csrf_protect_members(view):
    """CSRF checks for signed-in members only (until the comment views check
    everyone's; removed with that change)."""
    from functools import wraps

    from django.views.decorators.csrf import csrf_exempt

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
