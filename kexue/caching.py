"""Caching that never serves stale content after an edit.

Everything shared between visitors (sidebar widgets, related posts, later
whole pages) is stored under a key that includes the site's content version.
Any change to posts, comments, categories, tags or site settings bumps the
version, so the next request builds fresh values; old entries simply expire.
The version lives in the cache itself, so with a shared cache (Redis) a bump
reaches every process and host at once.
"""

import time

from django.core.cache import cache

VERSION_KEY = "kexue:content-version"
# Lists depend on the clock too (a scheduled post goes public at its time), so
# nothing derived from content is kept longer than this.
FRAGMENT_SECONDS = 300


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh cache starts from the clock, never from an old number.
        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**_signal_kwargs):
    """Signal receiver: content changed, forget everything derived from it."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: nothing derived is cached either
        content_version()


def cached_fragment(name, build, timeout=FRAGMENT_SECONDS):
    """The value of build() for this name and content version, computed once."""
    return cache.get_or_set(f"kexue:fragment:{name}:{content_version()}", build, timeout)
