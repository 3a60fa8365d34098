"""Blog content changes bump the content version (kexue/caching.py)."""

from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from kexue.caching import bump_content_version

from .menu import forget_menu
from .models import Category, Page, Post, Series, Tag


def next_scheduled_publication():
    """When the next scheduled post goes public, changing lists and feeds unedited.

    Asked when a post changes, and by the page cache policy
    (kexue/sitewide/page_cache.py) when the time is not known."""
    scheduled = Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=timezone.now())
    return scheduled.aggregate(first=Min("published_at"))["first"]


def post_changed(**_signal_kwargs):
    """A post saved or deleted may move the next scheduled publication."""
    bump_content_version(next_change=next_scheduled_publication)


def connect():
    post_save.connect(post_changed, sender=Post, dispatch_uid="bump-Post")
    post_delete.connect(post_changed, sender=Post, dispatch_uid="bump-del-Post")
    # Pages are in every page's header menu; a series in the box on its parts.
    for model in (Category, Tag, Page, Series):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
        )
    post_save.connect(forget_menu, sender=Page, dispatch_uid="menu-Page")
    post_delete.connect(forget_menu, sender=Page, dispatch_uid="menu-del-Page")
    m2m_changed.connect(
        bump_content_version, sender=Post.tags.through, dispatch_uid="bump-post-tags"
    )
