from django.utils.functional import SimpleLazyObject

from blog.invalidation import next_scheduled_publication
from kexue.caching import content_version


def content(request):
    """The content version, for {% cache %} keys of fragments every visitor shares.

    Read only if a template uses it. Here, where blog may be asked, so that after
    a lost cache the lists learn when the next scheduled post goes public even
    on requests the page cache never sees (members, or the page cache off)."""
    return {
        "content_version": SimpleLazyObject(
            lambda: content_version(next_change=next_scheduled_publication)
        )
    }
