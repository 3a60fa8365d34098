"""Keep post search vectors current: re-index after commit whatever a post's text draws on.

After commit, so an aborted edit never reaches the index and the vector is
computed from what was actually stored. A failure to index is logged, never
raised into the save that triggered it; `manage.py reindex_search` repairs.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from .models import Category, Post, Tag
from .search_index import index_posts


def reindex_after_commit(ids):
    ids = list(ids)
    if ids:
        transaction.on_commit(partial(index_posts, ids), robust=True)


@receiver(post_save, sender=Post, dispatch_uid="blog.search.post_saved")
def post_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        reindex_after_commit([instance.pk])


@receiver(m2m_changed, sender=Post.tags.through, dispatch_uid="blog.search.tags_changed")
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    if not reverse:
        reindex_after_commit([instance.pk])
    elif action == "pre_clear":
        reindex_after_commit(instance.posts.values_list("pk", flat=True))
    else:
        reindex_after_commit(pk_set)


@receiver(post_save, sender=Tag, dispatch_uid="blog.search.tag_saved")
@receiver(post_save, sender=Category, dispatch_uid="blog.search.category_saved")
def label_saved(sender, instance, created, raw=False, **kwargs):
    # A renamed tag or category changes the words of every post it labels.
    if not created and not raw:
        reindex_after_commit(instance.posts.values_list("pk", flat=True))


@receiver(pre_delete, sender=Tag, dispatch_uid="blog.search.tag_deleted")
@receiver(pre_delete, sender=Category, dispatch_uid="blog.search.category_deleted")
def label_deleted(sender, instance, **kwargs):
    reindex_after_commit(instance.posts.values_list("pk", flat=True))
