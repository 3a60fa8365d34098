"""A version per member that moves whenever their follows or read marks change:
the part of their notices (notices.py) that no site-wide version covers. The
header's kept unread count (unread.py) carries it in its key."""

import time

from django.core.cache import cache
from django.db import transaction


def _key(member_id):
    return f"kexue:notice-version:{member_id}"


def notice_version(member_id):
    """The member's current version: one cache read."""
    version = cache.get(_key(member_id))
    return _next_version(member_id) if version is None else version


def _next_version(member_id):
    # As the discussion version (kexue/caching.py): incr is atomic, and a fresh
    # cache starts from the clock, never from a number a count was kept under.
    key = _key(member_id)
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, int(time.time() * 1000), timeout=None)
        return cache.get(key)


def notices_changed(member_id):
    """The member's follows or read marks changed: bumped now and again after
    commit (a count taken while the write was still open must not be kept)."""
    if member_id is None:  # a guest's follow: guests have no header count
        return
    _next_version(member_id)
    transaction.on_commit(lambda: _next_version(member_id))


def follow_or_read_mark_changed(instance, **_signal_kwargs):
    """post_save and post_delete of ThreadFollow and ReadNotice (comments/apps.py);
    bulk writes, which send no signals, call notices_changed themselves."""
    notices_changed(instance.member_id)
