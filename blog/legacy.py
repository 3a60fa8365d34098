"""Old addresses keep working: a blog that moved in answers its former URLs with a 301,
to the post or static page that took their place.

The lookup costs nothing on ordinary requests: it runs only when a response is
a 404, or when the home page is asked for `?p=ID` / `?page_id=ID` (WordPress's
plain links, which would otherwise show the home page).
"""

from urllib.parse import unquote

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse

from .models import LegacyPath

QUERY_KEYS = ("p", "page_id")
PATH_LENGTH = LegacyPath._meta.get_field("path").max_length


def normalize(path, query=None):
    """The form an old address is stored and looked up in.

    Percent-escapes decoded (old links mix both spellings of Chinese slugs), no
    trailing slash (Django's APPEND_SLASH may add one before the lookup), and
    of the query only the home page's `?p=ID` or `?page_id=ID`."""
    path = "/" + unquote(path).strip().strip("/")
    for key in QUERY_KEYS:
        value = (query or {}).get(key, "")
        if value.isdigit():
            return f"{path}?{key}={int(value)}"
    return path


def legacy_target(request):
    """The new URL for this request's old address, or None."""
    path = normalize(request.path, request.GET)
    # No stored path holds a NUL (PostgreSQL text cannot) or is longer.
    if "\x00" in path or len(path) > PATH_LENGTH:
        return None
    found = LegacyPath.objects.filter(path=path).values_list("post_id", "page__path").first()
    if found is None:
        return None
    post_id, page_path = found
    if post_id is None:
        return reverse("blog:page", args=[page_path])
    return reverse("blog:post", args=[post_id])


class LegacyRedirectMiddleware:
    """Old addresses to new ones. The page cache keys pages by their full URL and
    keeps only 200s, so `/?p=12` is never answered with a cached home page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/" and any(key in request.GET for key in QUERY_KEYS):
            target = legacy_target(request)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = legacy_target(request)
            if target is not None:
                return HttpResponsePermanentRedirect(target)
        return response
