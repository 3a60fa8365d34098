from django.utils.functional import SimpleLazyObject

from blog.invalidation import next_scheduled_publication
from kexue.caching import page_version


def content(request):
    """The content and discussion versions (kexue.caching.page_version), for
    {% cache %} keys of fragments every visitor shares: the post lists show
    comment counts and the sidebar the recent comments; a post's own parts
    (its article, its neighbours) need the content version alone.

    Read only if a template uses it. Here, where blog may be asked, so that after
    a lost cache the lists learn when the next scheduled post goes public even
    on requests the page cache never sees (members, or the page cache off)."""
    versions = SimpleLazyObject(lambda: page_version(next_change=next_scheduled_publication))
    return {
        "page_version": versions,
        # For what shows posts but no comment: a new comment leaves it cached.
        "content_version": SimpleLazyObject(lambda: str(versions).partition(".")[0]),
    }
