"""Filling Comment.search_vector, after commit, from the stored HTML."""

from functools import partial

from django.db import connection, transaction

from kexue.search_db import weighted_vector
from kexue.search_text import html_to_text

from .models import Comment

BATCH = 500


def comment_vector(body_html):
    """The search vector of a comment, from its stored HTML."""
    return weighted_vector((html_to_text(body_html), "C"))


def index_comments(ids=None):
    """Store fresh search vectors for these comments (all when None); returns how many."""
    if connection.vendor != "postgresql":
        return 0
    comments = Comment.objects.order_by("pk").only("body_html")
    if ids is not None:
        comments = comments.filter(pk__in=ids)
    batch, done = [], 0
    for comment in comments.iterator(chunk_size=BATCH):
        comment.search_vector = comment_vector(comment.body_html)
        batch.append(comment)
        if len(batch) == BATCH:
            Comment.objects.bulk_update(batch, ["search_vector"])
            done, batch = done + len(batch), []
    if batch:
        Comment.objects.bulk_update(batch, ["search_vector"])
        done += len(batch)
    return done


def comment_saved(sender, instance, raw=False, created=False, **kwargs):
    """After commit, like posts: an aborted comment never reaches the index.
    A new comment whose vector was written with it (submit_comment) is indexed already."""
    if created and instance.search_vector is not None:
        return
    if not raw:
        transaction.on_commit(partial(index_comments, [instance.pk]), robust=True)
