"""Blog content changes bump the content version (kexue.caching)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from kexue.caching import bump_content_version

from .models import Category, Post, Tag


def connect():
    for model in (Post, Category, Tag):
        post_save.connect(bump_content_version, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(
            bump_content_version, sender=model, dispatch_uid=f"bump-del-{model.__name__}"
        )
    m2m_changed.connect(
        bump_content_version, sender=Post.tags.through, dispatch_uid="bump-post-tags"
    )
