"""Site search: matching posts first, then matching comments, as one result list.

Each model keeps its own index (blog/search_index.py, comments/search_index.py)
and `kexue.search_db.Search` finds its rows; this module decides what a
reader is shown of them. The page counts and slices each set itself, so the
search page costs the same few queries however many rows match.
"""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext_lazy as _

from blog.models import Post
from comments.models import Comment

RESULTS_PER_PAGE = 10


@dataclass(frozen=True)
class Result:
    title: str
    url: str
    snippet: str  # safe HTML, from Search.snippet()
    date: datetime
    kind: str = ""  # a short label such as "Comment"; posts have none


@dataclass(frozen=True)
class ResultSet:
    rows: Any  # a QuerySet, or anything with count() and slicing
    to_result: Callable[[Any], Result]


def post_results(search):
    posts = search.match(
        Post.objects.published().only("title", "body_html", "published_at"),
        date_field="published_at",
        category_field="category",
        text_fields=["title", "body"],
    )
    return ResultSet(
        posts,
        lambda post: Result(
            title=post.title,
            url=post.get_absolute_url(),
            snippet=search.snippet(post.body_html),
            date=post.published_at,
        ),
    )


def comment_results(search):
    """Public comments that match, as results linking to their anchor."""
    comments = search.match(
        Comment.objects.public()
        .select_related("post")
        .only("body_html", "created_at", "post__title"),
        date_field="created_at",
        category_field="post__category",
        text_fields=["body"],
    )
    return ResultSet(
        comments,
        lambda comment: Result(
            title=comment.post.title,
            url=comment.get_absolute_url(),
            snippet=search.snippet(comment.body_html),
            date=comment.created_at,
            kind=_("Comment"),
        ),
    )


def result_page(search, number, per_page=RESULTS_PER_PAGE):
    """One page of everything found, posts first; an out-of-range number gives the last page."""
    return Paginator(results(search), per_page).get_page(number)


def results(search):
    """Everything found, posts first, as one sequence a Paginator can page through."""
    return ChainedResults([post_results(search), comment_results(search)])


class ChainedResults:
    """Result sets one after another; counts each once, fetches only the rows a page shows."""

    def __init__(self, sets):
        self.sets = sets

    @functools.cached_property
    def counts(self):
        return [found.rows.count() for found in self.sets]

    def count(self):
        return sum(self.counts)

    def __getitem__(self, page):
        start, stop = page.start, page.stop
        shown = []
        for found, count in zip(self.sets, self.counts, strict=True):
            if start < count and stop > 0:
                shown += [found.to_result(row) for row in found.rows[max(start, 0) : stop]]
            start, stop = start - count, stop - count
        return shown
