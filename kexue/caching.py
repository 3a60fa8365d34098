"""Caching that never serves stale content after an edit.

Everything shared between visitors (sidebar widgets, related posts, whole
pages for anonymous readers) is stored under a key that includes the site's
content version. Any change to posts, categories, tags or site settings bumps
the version, so the next request builds fresh values; old entries simply
expire. The version lives in the cache itself, so with a shared cache (Redis)
a bump reaches every process and host at once.

Comments move a second number, the discussion version, and only when readers
can see the change (comments/services.py says when). Whole pages and the
fragments that show comments (the recent comments, comment counts) are keyed
on both (`page_version`); the fragments built from posts alone (categories,
tags, months, related posts) on the content version only, so a new comment
rebuilds a page without asking again for what it cannot have changed. Every
page shows the recent comments, so a visible comment still makes every page
stale: only its parts that ignore comments are kept.

Two caches, because they may be lost differently. What is derived from content
(pages, fragments) goes to the `pages` alias, which may evict whatever it
likes: a flood of distinct URLs only costs rebuilds. The version itself stays
on `default` with the rate-limit counters, which must never be evicted: a
lost version only costs rebuilds too, but a lost counter would let a flood
of pages reset every login and comment limit.

Content also changes by itself: a scheduled post goes public at its time.
The version keeps when that next happens. An edit that can move it (a post
saved) bumps with `next_change`, which tells; any other bump carries the
known time forward. When it is unknown (a fresh cache, or just after the
moment passed) the next page asks, once: the page cache policy
(kexue/sitewide/page_cache.py) and the templates' `page_version`
(kexue/sitewide/context_processors.py) pass blog's answer down. The first request after that moment
bumps the version, as an edit would.
"""

import time

from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.utils import timezone

from .db_router import note_change

VERSION_KEY = "kexue:content-version"
# (version, timestamp or None): when the next unedited change is due, as
# learnt for that version. Tied to the version, so an answer computed just
# before an edit is never taken for the version the edit started.
NEXT_CHANGE_KEY = "kexue:next-content-change"
DISCUSSION_KEY = "kexue:discussion-version"
FRAGMENT_SECONDS = 3600
UNKNOWN = "unknown"
PAGES_ALIAS = "pages"


def pages_cache():
    """The evictable cache for pages and fragments (settings.CACHES["pages"])."""
    return caches[PAGES_ALIAS]


def _start_new_version(version=None):
    # A fresh cache starts from the clock, never from an old number.
    version = version or int(time.time() * 1000)
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def content_version(next_change=None):
    """The current version: one cache read, no query.

    `next_change() -> datetime | None` tells when content will next change
    without an edit; it is called at most once per version."""
    return _content_version(cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY]), next_change)


def next_change_due(next_change):
    """(version, due): the current content version and when content next changes
    unedited, as a timestamp, None for never, or UNKNOWN when it could not be
    learnt. `next_change` is asked only when the version does not know yet."""
    version = content_version(next_change)
    known_for, due = cache.get(NEXT_CHANGE_KEY, (None, None))
    return version, due if known_for == version else UNKNOWN


def page_version(next_change=None):
    """The content and discussion versions together, for whole pages and the
    fragments that show comments: one cache read, no query."""
    values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, DISCUSSION_KEY])
    discussion = values.get(DISCUSSION_KEY)
    if discussion is None:
        discussion = _next_discussion_version()
    return f"{_content_version(values, next_change)}.{discussion}"


def _content_version(values, next_change):
    version = values.get(VERSION_KEY)
    known_for, due = values.get(NEXT_CHANGE_KEY, (None, None))
    if version is None:
        version = _start_new_version()
    # Django's clock, the one published() compares scheduled posts against.
    elif known_for == version and due is not None and due <= timezone.now().timestamp():
        version = _start_new_version(version + 1)
        note_change()
    elif known_for == version:
        return version
    if next_change is not None:
        try:
            when = next_change()
        except DatabaseError:
            # Left unknown for the next request to ask: a health check must
            # report a database outage, not trip over it here.
            return version
        cache.set(NEXT_CHANGE_KEY, (version, when and when.timestamp()), timeout=None)
    return version


def _next_version(next_change):
    # Pages built from a replica that has not replayed the change yet would be
    # stored under the new version: for a moment they are built from the primary.
    note_change()
    values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    current = values.get(VERSION_KEY)
    version = _start_new_version(current + 1 if current is not None else None)
    known_for, due = values.get(NEXT_CHANGE_KEY, (None, None))
    if next_change is not None:
        when = next_change()
        cache.set(NEXT_CHANGE_KEY, (version, when and when.timestamp()), timeout=None)
    elif current is not None and known_for == current:
        cache.set(NEXT_CHANGE_KEY, (version, due), timeout=None)


def bump_content_version(next_change=None, **_signal_kwargs):
    """Content changed (a signal receiver, or called after bulk writes): forget
    everything derived from it.

    `next_change() -> datetime | None` is passed by edits that can move the
    next unedited change (a post saved or deleted); without it the time known
    so far carries over. Bumped at once and again after commit: a reader who
    rendered the old rows while the writing transaction was still open must
    not keep them cached."""
    _next_version(next_change)
    transaction.on_commit(lambda: _next_version(next_change))


def _next_discussion_version():
    # incr is atomic in Redis: two writers bumping at once move it twice,
    # never to the same number a reader may already have rendered under.
    try:
        return cache.incr(DISCUSSION_KEY)
    except ValueError:  # a fresh cache starts from the clock, never from an old number
        cache.add(DISCUSSION_KEY, int(time.time() * 1000), timeout=None)
        return cache.get(DISCUSSION_KEY)


def bump_discussion_version():
    """A comment readers can see appeared, changed or went: forget every page
    and fragment that shows the discussion, now and again after commit (as
    bump_content_version does); fragments built from posts alone stay."""
    note_change()  # as in _next_version
    _next_discussion_version()
    transaction.on_commit(lambda: (note_change(), _next_discussion_version()))


def cached_fragment(name, build, timeout=FRAGMENT_SECONDS, *, shows_discussion=False):
    """The value of build() for this name and version, computed once.
    `shows_discussion`: it shows comments, so a visible comment renews it too."""
    version = page_version() if shows_discussion else content_version()
    key = f"kexue:fragment:{name}:{version}"
    return pages_cache().get_or_set(key, build, timeout)
