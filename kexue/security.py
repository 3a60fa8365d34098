"""CSRF for every POST, including the forms of pages served from the shared cache.

Django's CsrfViewMiddleware checks every unsafe request: a token matching the
csrftoken cookie, and an Origin (or, over https, a Referer) of this site.
`CrossSiteRefusalMiddleware`, just before it, adds two things:

- A request the browser itself labels `Sec-Fetch-Site: cross-site` is refused
  even when it carries a token: the browser, not the page, sets that header,
  so no other site can make it say "same-origin".
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
    view.csrf_exempt = True  # from Django's token check, not from ours
    view.csrf_origin_only = True
    return view


class CrossSiteRefusalMiddleware:
    """Refuses unsafe requests from other sites, with Django's CSRF failure view.

    It borrows Django's CSRF middleware for the origin comparison (the site's
    own origin and CSRF_TRUSTED_ORIGINS, wildcards included) and for the
    refusal (the failure view, and the log line with the reason)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.django_csrf = csrf.CsrfViewMiddleware(get_response)

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, callback, callback_args, callback_kwargs):
        if not self.is_checked(request, callback):
            return None
        if "HTTP_ORIGIN" in request.META and not self.django_csrf._origin_verified(request):
            return self.django_csrf._reject(
                request, csrf.REASON_BAD_ORIGIN % request.META["HTTP_ORIGIN"]
            )
        if request.headers.get("Sec-Fetch-Site") == "cross-site":
            return self.django_csrf._reject(request, REASON_CROSS_SITE)
        return None

    @staticmethod
    def is_checked(request, callback):
        # Django's own exemptions (safe methods, csrf_exempt views, the test
        # client unless it enforces checks), except for csrf_origin_only views.
        if request.method in SAFE_METHODS or getattr(request, "_dont_enforce_csrf_checks", False):
            return False
        return getattr(callback, "csrf_origin_only", False) or not getattr(
            callback, "csrf_exempt", False
        )


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
