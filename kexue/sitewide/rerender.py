"""Every stored text that the Markdown pipeline turned into HTML, and how to render it again.

Pages serve HTML sanitized when it was saved, so a change to the pipeline or
its allowlists reaches readers only once every stored copy is rendered again:
posts, static pages, comments and the site-settings snippets. `manage.py rerender` walks
this list; a model that stores pipeline output belongs in it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from blog.models import Page, Post
from blog.search_index import index_posts
from comments.models import Comment
from comments.search_index import index_comments
from kexue.models import SiteSettings

BATCH = 500


@dataclass(frozen=True)
class StoredText:
    plural: str  # how the summary counts them: "posts"
    rows: Callable[[], QuerySet]
    fields: list[str]  # what rendering writes
    render: Callable[[Any], None]  # renders one row in place, unsaved
    describe: Callable[[Any], str]
    # bulk_update sends no signals: whatever follows the text (the search
    # index) is brought along here, given the changed rows' ids.
    after_update: Callable[[list[int]], Any] = lambda ids: None


STORED_TEXTS = [
    StoredText(
        plural="posts",
        rows=lambda: Post.objects.order_by("pk"),
        fields=[
            *["body_html", "excerpt_html", "toc_html", "description", "has_math"],
            "reading_minutes",
        ],
        render=Post.render,
        describe=lambda post: f"#{post.pk} {post.title}",
        after_update=index_posts,
    ),
    StoredText(
        plural="pages",
        rows=lambda: Page.objects.order_by("pk"),
        fields=["body_html", "toc_html", "description", "has_math"],
        render=Page.render,
        describe=lambda page: f"page /{page.path}/",
    ),
    StoredText(
        plural="comments",
        rows=lambda: Comment.objects.order_by("pk").only("body", "body_html"),
        fields=["body_html"],
        render=Comment.render,
        describe=lambda comment: f"comment #{comment.pk}",
        after_update=index_comments,
    ),
    StoredText(
        plural="site texts",
        rows=lambda: SiteSettings.objects.order_by("pk"),
        fields=["sponsor_html", "sponsor_html_en", "take_part_html", "take_part_html_en"],
        render=SiteSettings.render,
        describe=lambda row: "site settings",
        after_update=lambda ids: SiteSettings.forget_cached(),
    ),
]


def changed_rows(stored):
    """(rows whose stored HTML differs from a fresh rendering, rendered; how many were read)."""
    changed, total = [], 0
    for row in stored.rows().iterator(chunk_size=BATCH):
        total += 1
        before = [getattr(row, name) for name in stored.fields]
        stored.render(row)
        if [getattr(row, name) for name in stored.fields] != before:
            changed.append(row)
    return changed, total


def store(stored, rows):
    type(rows[0]).objects.bulk_update(rows, stored.fields, batch_size=BATCH)
    stored.after_update([row.pk for row in rows])
