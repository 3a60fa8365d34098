"""The page cache policy: which pages come from the shared cache, and for whom.

Every reader gets the same stored copy of a page: the page as an anonymous
reader sees it, with its personal parts marked as slots (kexue/page_slots.py).
An anonymous reader (no session, no pending messages) gets it as stored, at
the top of the middleware chain, for no query. A visitor with a session gets
it further down, once the session says who they are: PersonalPageMiddleware
puts their own header, forms, messages and comments into the slots
(kexue/sitewide/personal.py), a few queries instead of the page's render.
Staff are rendered for: their pages show drafts and editing tools.

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
from kexue.page_slots import SlotMarks, split
from kexue.sitewide import personal

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
# The cookies the shared copy is rendered with, because the key tells them
# apart (page_key: the language); every other cookie is the visitor's own.
SHARED_COOKIES = (settings.LANGUAGE_COOKIE_NAME,)
# Headers of the shared render that each response sets for itself.
OWN_HEADERS = ("Content-Length", "Content-Encoding", "Cache-Control", "X-Cache")


def is_anonymous_reader(request):
    """No session and no pending messages: nothing on the page can be personal.

    Decided from cookies alone, so a cache hit costs no query. Members carry a
    session cookie; so does a guest who just posted (they see their comment
    awaiting moderation)."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def cacheable_request(request):
    if not settings.KEXUE_PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
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


class PageCacheMiddleware:
    """Serves anonymous readers from the shared cache, and stores the pages
    everybody gets.

    Keys carry the content and discussion versions (kexue/caching.py), so any
    edit, and any comment readers can see, makes every cached page stale at
    once, in every process. What is stored is only ever rendered for a request
    without a session: it holds no CSRF token, session or name, and a
    response that sets a cookie is never stored."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cacheable_request(request):
            return self.get_response(request)
        version = page_version(next_change=next_scheduled_publication)
        key = page_key(request, version)
        if not is_anonymous_reader(request):
            # For the fills, which key on it too (the header's unread count).
            request.page_version = version
            request.shared_page = SharedPage(self, request, key)
            return self.get_response(request)
        stored = pages_cache().get(key)
        if stored is not None:
            response = served(stored, request, stored.body, "hit")
            patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
            return response
        response, _stored = self.render_shared(request, key)
        return response

    def render_shared(self, request, key):
        """(the response, the StoredPage or None): the page rendered for an
        anonymous request with its slots marked, stored if it may be shared."""
        marks = request.page_slots = SlotMarks()
        response = self.get_response(request)
        if not cacheable_response(response):
            if not response.streaming:
                set_content(response, marks.strip(response.content))
            return response, None
        patch_vary_headers(response, ["Cookie", "Accept-Language", "Accept-Encoding"])
        patch_cache_control(response, public=True, max_age=BROWSER_SECONDS)
        headers = [(name, value) for name, value in response.items() if name not in OWN_HEADERS]
        stored, plain = split(response.content, marks, response.status_code, headers)
        pages_cache().set(key, stored, settings.KEXUE_PAGE_CACHE_SECONDS)
        set_content(response, plain)
        response["X-Cache"] = "miss"
        return response, stored


class SharedPage:
    """The stored copy a visitor with a session would be filled in from,
    fetched (or rendered, for an anonymous copy of their request) only once
    PersonalPageMiddleware knows they are no staff member."""

    def __init__(self, middleware, request, key):
        self.middleware, self.request, self.key = middleware, request, key

    def load(self):
        """(StoredPage or None, "hit" or "miss")."""
        stored = pages_cache().get(self.key)
        if stored is not None:
            return stored, "hit"
        _response, stored = self.middleware.render_shared(anonymous_copy(self.request), self.key)
        return stored, "miss"


def anonymous_copy(request):
    """The same request without the visitor: no session, no messages, no CSRF
    cookie; only the cookies the key tells apart (its language)."""
    environ = {name: value for name, value in request.environ.items() if name != "HTTP_COOKIE"}
    kept = [f"{name}={value}" for name, value in request.COOKIES.items() if name in SHARED_COOKIES]
    if kept:
        environ["HTTP_COOKIE"] = "; ".join(kept)
    return type(request)(environ)


class PersonalPageMiddleware:
    """A visitor with a session gets the shared copy with their own parts in
    its slots. Last in the chain, so that every middleware above has done its
    work on the way in (who they are, their messages, the CSRF cookie) and
    does it on the way out (the cookie renewed, messages marked read)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared = getattr(request, "shared_page", None)
        if shared is None or request.user.is_staff:
            return self.get_response(request)
        stored, state = shared.load()
        fills = personal.fills(stored, request) if stored is not None else None
        if fills is None:
            return self.get_response(request)
        response = served(stored, request, stored.filled(fills) if fills else stored.body, state)
        # Theirs alone: no shared cache (a proxy, the balancer's micro-cache) may keep it.
        patch_cache_control(response, private=True, no_cache=True)
        return response


def served(stored, request, body, state):
    """A response of a stored page's status and headers with this gzip body,
    sent as it is to clients that accept gzip (every browser), unpacked for others."""
    if not ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(gzip.decompress(body), status=stored.status)
    else:
        response = HttpResponse(body, status=stored.status)
        response["Content-Encoding"] = "gzip"
    for name, value in stored.headers:
        response[name] = value
    response["Content-Length"] = str(len(response.content))
    response["X-Cache"] = state
    return response


def set_content(response, content):
    response.content = content
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(content))
