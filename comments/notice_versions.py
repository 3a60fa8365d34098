"""A version per member that moves whenever their follows or read marks change:
the part of their notices (notices.py) that no site-wide version covers. The
header's kept unread count (unread.py) is valid only for the version it was
counted under.

It lives in the evictable `pages` cache, beside the count it guards, so that
one round trip fetches both: losing it only costs a recount, since it starts
again from the clock, past any number a count was kept under."""

import time

from django.db import transaction

from kexue.caching import pages_cache


def version_key(member_id):
    return f"kexue:notice-version:{member_id}"


def next_version(member_id):
    """Moves the member's version, or starts it; returns it."""
    # As the discussion version (kexue/caching.py): incr is atomic, and a fresh
    # version starts from the clock, never from a number a count was kept under.
    key = version_key(member_id)
    cache = pages_cache()
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, int(time.time() * 1000), timeout=None)
        return cache.get(key)


def notices_changed(member_id):
    """The member's follows or read marks changed: moved now and again after
    commit (a count taken while the write was still open must not be kept)."""
    if member_id is None:  # a guest's follow: guests have no header count
        return
    next_version(member_id)
    transaction.on_commit(lambda: next_version(member_id))


def follow_or_read_mark_changed(instance, **_signal_kwargs):
    """post_save and post_delete of ThreadFollow and ReadNotice (comments/apps.py);
    bulk writes, which send no signals, call notices_changed themselves."""
    notices_changed(instance.member_id)
