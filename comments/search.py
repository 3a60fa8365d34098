"""Comments in site search: their index, and their results on the search page."""

from functools import partial

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from blog.search import Result, ResultSet
from kexue.search_db import weighted_vector
from kexue.search_text import html_to_text

from .models import Comment

BATCH = 500


def index_comments(ids=None):
    """Store fresh search vectors for these comments (all when None); returns how many."""
    if connection.vendor != "postgresql":
        return 0
    comments = Comment.objects.order_by("pk").only("body_html")
    if ids is not None:
        comments = comments.filter(pk__in=ids)
    batch, done = [], 0
    for comment in comments.iterator(chunk_size=BATCH):
        comment.search_vector = weighted_vector((html_to_text(comment.body_html), "C"))
        batch.append(comment)
        if len(batch) == BATCH:
            Comment.objects.bulk_update(batch, ["search_vector"])
            done, batch = done + len(batch), []
    if batch:
        Comment.objects.bulk_update(batch, ["search_vector"])
        done += len(batch)
    return done


def comment_saved(sender, instance, raw=False, **kwargs):
    """After commit, like posts: an aborted comment never reaches the index."""
    if not raw:
        transaction.on_commit(partial(index_comments, [instance.pk]), robust=True)


def comment_results(search):
    """Approved comments on public posts that match, as results linking to their anchor."""
    public = Comment.objects.filter(
        status=Comment.Status.APPROVED, is_deleted=False, post__in=Post.objects.published()
    )
    matches = search.match(
        public.select_related("post").only("body_html", "created_at", "post__title"),
        date_field="created_at",
        category_field="post__category",
        text_fields=["body"],
    )
    return ResultSet(
        matches,
        lambda comment: Result(
            title=comment.post.title,
            url=comment.get_absolute_url(),
            snippet=search.snippet(comment.body_html),
            date=comment.created_at,
            kind=_("Comment"),
        ),
    )
