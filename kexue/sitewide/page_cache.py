"""The page cache policy: which requests anonymous readers get from the shared cache.

It lives in the composition layer because the policy names every app's
paths (what is private, what is a write endpoint) and asks blog when the next
scheduled post goes public, which the shared cache helpers may not import.
"""

import gzip
import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language_from_request

from blog.invalidation import next_scheduled_publication
from kexue.caching import page_version, pages_cache

BROWSER_SECONDS = 60
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CACHEABLE_TYPES = ("text/html", "application/rss+xml", "application/atom+xml",
                   "application/xml", "text/plain")  # fmt: skip
# Never cached, whoever asks: private, per-visitor or write endpoints, and
# search, whose endless distinct queries would only crowd the cache out.
UNCACHED_PREFIXES = ("/admin/", "/accounts/", "/members/settings", "/members/delete",
                     "/members/notifications", "/comments/", "/healthz", "/lang/",
                     "/search/", "/subscribe/")  # fmt: skip
PUBLIC_COMMENT_PATHS = ("/comments/feed/",)


def is_anonymous_reader(request):
    """No session and no pending messages: nothing on the page can be personal.

    Decided from cookies alone, so a cache hit costs no query. Members carry a
    session cookie; so does a guest who just posted (they see their comment
    awaiting moderation)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cacheable_request(request):
    if not settings.KEXUE_PAGE_CACHE_SECONDS:
        return False
    if request.method not in ("GET", "HEAD") or not is_anonymous_reader(request):
        return False
    path = request.path
    if path.startswith(PUBLIC_COMMENT_PATHS):
        return True
    return not path.startswith(UNCACHED_PREFIXES)


def page_key(request, version):
    language = get_language_from_request(request)
    url = request.get_full_path()
    digest = hashlib.sha256(f"{request.get_host()}|{url}".encode()).hexdigest()
    return f"kexue:page:{version}:{language}:{digest}"


def cacheable_response(response):
    content_type = response.get("Content-Type", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and content_type.startswith(CACHEABLE_TYPES)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Serves anonymous readers' pages and feeds from the shared cache.

    Keys carry the content and discussion versions (kexue/caching.py), so any
    edit, and any comment readers can see, makes every cached page stale at
    once, in every process. Pages cached here carry no
    CSRF token, session or name: only cookie-less requests are served or stored,
    and a response that sets a cookie is never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        key = page_key(request, page_version(next_change=next_scheduled_publication))
        cached = pages_cache().get(key)
        if cached is not None:
            return served_from_cache(cached, request)
        response = self.get_response(request)
        if cacheable_response(response):
            patch_vary_headers(response, ["Cookie", "Accept-Language", "Accept-Encoding"])
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
            response["X-Cache"] = "miss"
            pages_cache().set(key, compressed_copy(response), settings.KEXUE_PAGE_CACHE_SECONDS)
        return response


def compressed_copy(response):
    """The cached form of a page: its body gzipped once. Large pages cost their
    bytes on every hit (cache read, socket write); compressed, a thread of a
    thousand comments shrinks about twentyfold."""
    stored = HttpResponse(gzip.compress(response.content, 6), status=response.status_code)
    for header, value in response.items():
        stored[header] = value
    stored["Content-Encoding"] = "gzip"
    stored["Content-Length"] = str(len(stored.content))
    return stored


def served_from_cache(stored, request):
    """Sent as stored to clients that accept gzip (every browser), unpacked for others."""
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = stored
    else:
        response = HttpResponse(gzip.decompress(stored.content), status=stored.status_code)
        for header, value in stored.items():
            if header not in ("Content-Encoding", "Content-Length"):
                response[header] = value
    response["X-Cache"] = "hit"
    return response
