"""Caching that never serves stale content after an edit.

Everything shared between visitors (sidebar widgets, related posts, whole
pages for anonymous readers) is stored under a key that includes the site's
content version. Any change to posts, comments, categories, tags or site
settings bumps the version, so the next request builds fresh values; old
entries simply expire. The version lives in the cache itself, so with a shared
cache (Redis) a bump reaches every process and host at once.

Content also changes by itself: a scheduled post goes public at its time.
Apps register when that next happens (`register_upcoming_change`); the first
request after that moment bumps the version, like an edit would.
"""

import time

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

VERSION_KEY = "kexue:content-version"
NEXT_CHANGE_KEY = "kexue:next-content-change"
NO_CHANGE_DUE = 0
FRAGMENT_SECONDS = 3600

_upcoming_sources = []


def register_upcoming_change(source):
    """Add `source() -> datetime | None`: when content will next change unedited."""
    if source not in _upcoming_sources:
        _upcoming_sources.append(source)


def _start_new_version(version=None):
    """Store a fresh version number and when the next unedited change is due."""
    upcoming = [when for source in _upcoming_sources if (when := source()) is not None]
    due = min(upcoming).timestamp() if upcoming else NO_CHANGE_DUE
    # A fresh cache starts from the clock, never from an old number.
    version = version or int(time.time() * 1000)
    cache.set_many({VERSION_KEY: version, NEXT_CHANGE_KEY: due}, timeout=None)
    return version


def content_version():
    """The current version: one cache read per request, no query."""
    values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version = values.get(VERSION_KEY)
    due = values.get(NEXT_CHANGE_KEY, NO_CHANGE_DUE)
    if version is None:
        return _start_new_version()
    # Django's clock, the one published() compares scheduled posts against.
    if due != NO_CHANGE_DUE and due <= timezone.now().timestamp():
        return _start_new_version(version + 1)
    return version


def _next_version():
    current = cache.get(VERSION_KEY)
    _start_new_version(current + 1 if current is not None else None)


def bump_content_version(**_signal_kwargs):
    """Signal receiver: content changed, forget everything derived from it.

    Bumped at once and again after commit: a reader who rendered the old rows
    while the writing transaction was still open must not keep them cached."""
    _next_version()
    transaction.on_commit(_next_version)


def cached_fragment(name, build, timeout=FRAGMENT_SECONDS):
    """The value of build() for this name and content version, computed once."""
    return cache.get_or_set(f"kexue:fragment:{name}:{content_version()}", build, timeout)
