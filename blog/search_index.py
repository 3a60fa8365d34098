"""Filling Post.search_vector: title (A), tags and category (B), body text (C).

Every post is indexed, drafts included; searching filters with
`Post.objects.published()`, so a scheduled post is found once its time comes.
"""

from django.db import connection

from kexue.search_db import weighted_vector
from kexue.search_text import html_to_text

from .models import Post

BATCH = 200


def post_vector(post):
    # Both names of a label, so a reader finds it in either language.
    labels = [name for tag in post.tags.all() for name in (tag.name, tag.name_en)]
    if post.category is not None:
        labels += [post.category.name, post.category.name_en]
    return weighted_vector(
        (post.title, "A"), (" ".join(labels), "B"), (html_to_text(post.body_html), "C")
    )


def index_posts(ids=None, progress=None):
    """Store fresh vectors for the posts with these ids (all posts when None).

    Works in batches, one SELECT, one tag query and one UPDATE each; calls
    `progress(done, total)` after every batch. Returns how many were indexed.
    SQLite (the quick start) has no vectors to fill.
    """
    if connection.vendor != "postgresql":
        return 0
    posts = Post.objects.select_related("category").prefetch_related("tags").order_by("pk")
    if ids is not None:
        posts = posts.filter(pk__in=ids)
    posts = posts.only("title", "body_html", "category__name", "category__name_en")
    total, done, batch = posts.count(), 0, []
    for post in posts.iterator(chunk_size=BATCH):
        post.search_vector = post_vector(post)
        batch.append(post)
        if len(batch) == BATCH:
            done += _store(batch)
            if progress:
                progress(done, total)
            batch = []
    if batch:
        done += _store(batch)
        if progress:
            progress(done, total)
    return done


def _store(posts):
    Post.objects.bulk_update(posts, ["search_vector"])
    return len(posts)
