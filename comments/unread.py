"""The header's unread count, counted once and kept until the member's notices
may have changed.

Every page a member sees shows it, and counting (notices.unread_count) was the
dearest part of a member's cached page: about 12 ms of a 32 ms request
in-process, 15-40 ms with the benchmark's comments. A member's notices are
derived from the public comments and the posts they are on, and from the
member's follows and read marks. The kept count remembers the versions it was
counted under: the content and discussion versions (kexue/caching.py), moved
by whatever readers can see change, and the member's notice version
(notice_versions.py). It is used only while all of them still hold, so a new
reply, a follow and a notice marked read show at once; and its key names the
member, so one member's count is never another's.
"""

from blog.invalidation import next_scheduled_publication
from kexue.caching import FRAGMENT_SECONDS, page_version, pages_cache

from .notice_versions import next_version, version_key
from .notices import unread_count


def cached_unread_count(member, versions=None):
    """notices.unread_count(member), from the cache while nothing it reads changed.

    `versions`: the page version this request already read (kexue.caching.
    page_version), to save reading it again; read here when not given. One
    round trip to the cache when the count is kept."""
    if versions is None:
        versions = page_version(next_change=next_scheduled_publication)
    versions = str(versions)
    key = f"kexue:unread:{member.pk}"
    cache = pages_cache()
    found = cache.get_many([version_key(member.pk), key])
    own = found.get(version_key(member.pk))
    if own is None:
        own = next_version(member.pk)
    kept = found.get(key)
    if kept is not None and kept[:2] == (versions, own):
        return kept[2]
    # The versions were read before counting: a change committed meanwhile
    # moves one of them, so this count, perhaps from the old rows, is kept
    # under versions no later request finds current.
    count = unread_count(member)
    cache.set(key, (versions, own, count), FRAGMENT_SECONDS)
    return count
