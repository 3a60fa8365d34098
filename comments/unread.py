"""The header's unread count, counted once and kept until the member's notices
may have changed.

Every page a member sees shows it, and counting (notices.unread_count) is the
dearest query of a member's cached page: 15-40 ms with the benchmark's
comments. A member's notices are derived from the public comments and the
posts they are on, and from the member's follows and read marks; the key of
the kept count carries the version of each: the content and discussion
versions (kexue/caching.py), moved by whatever readers can see change, and
the member's notice version (notice_versions.py). So a new reply, a follow
and a notice marked read show at once, and one member's count is never
another's: the key names the member.
"""

from blog.invalidation import next_scheduled_publication
from kexue.caching import FRAGMENT_SECONDS, page_version, pages_cache

from .notice_versions import notice_version
from .notices import unread_count


def cached_unread_count(member):
    """notices.unread_count(member), from the cache while nothing it reads changed."""
    # The versions are read before counting: a change committed meanwhile
    # moves them, so a count taken from the old rows is kept under a key no
    # later request asks for.
    versions = page_version(next_change=next_scheduled_publication)
    key = f"kexue:unread:{member.pk}:{versions}:{notice_version(member.pk)}"
    return pages_cache().get_or_set(key, lambda: unread_count(member), FRAGMENT_SECONDS)
