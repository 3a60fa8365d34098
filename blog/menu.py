"""The static pages in the header's menu, shared by every page of the site.

Cached under a key of its own rather than the content version: the menu
changes only when a page does, so a new post (which bumps the version and
rebuilds the sidebar) costs no menu query. A page saved or deleted forgets
it (blog.invalidation), now and again after commit, as the version is bumped.
"""

from django.db import transaction

from kexue.caching import pages_cache

from .models import Page

MENU_KEY = "kexue:page-menu"
MENU_SECONDS = 24 * 3600


def menu_links():
    """[(title, url)] of the published pages marked for the menu, in order."""

    def build():
        rows = Page.objects.in_menu().only("title", "path")
        return [(page.title, page.get_absolute_url()) for page in rows]

    return pages_cache().get_or_set(MENU_KEY, build, MENU_SECONDS)


def forget_menu(**_signal_kwargs):
    pages_cache().delete(MENU_KEY)
    transaction.on_commit(lambda: pages_cache().delete(MENU_KEY))
