from django.utils.functional import SimpleLazyObject

from blog.invalidation import next_scheduled_publication
from kexue.caching import page_version


def content(request):
    """The content and discussion versions (kexue.caching.page_version), for
    {% cache %} keys of fragments every visitor shares: the post lists show
    comment counts and the sidebar the recent comments.

    Read only if a template uses it. Here, where blog may be asked, so that after
    a lost cache the lists learn when the next scheduled post goes public even
    on requests the page cache never sees (members, or the page cache off)."""
    return {
        "page_version": SimpleLazyObject(
            lambda: page_version(next_change=next_scheduled_publication)
        )
    }
