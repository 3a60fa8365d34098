"""Site search: posts first, then the results other apps register.

`blog` never imports the apps that add results; they register a source from
their AppConfig.ready(). A source is a callable taking a `Search` and
returning a `ResultSet` (or None when it has nothing to add): the matching
rows, best first, and how to show one row as a `Result`. The page counts and
slices the rows itself, so a source costs two queries at most, however many
rows match. Comments, for example, in comments/search.py:

    from django.utils.translation import gettext_lazy as _

    from blog.models import Post
    from blog.search import Result, ResultSet

    from .models import Comment


    def comment_results(search):
        public = Comment.objects.filter(
            status=Comment.Status.APPROVED,
            is_deleted=False,
            post__in=Post.objects.published(),
        )
        matches = search.match(
            public.select_related("post").only("body_html", "created_at", "post__title"),
            date_field="created_at",
            category_field="post__category",
            text_fields=["body"],
        )
        return ResultSet(matches, lambda comment: Result(
            title=comment.post.title,
            url=comment.get_absolute_url(),
            snippet=search.snippet(comment.body_html),
            date=comment.created_at,
            kind=_("Comment"),
        ))

and in CommentsConfig.ready():

    from blog.search import register_result_source
    from .search import comment_results

    register_result_source(comment_results)

`search.match()` reads a `search_vector` SearchVectorField, indexed with
`kexue.search_db.SearchIndex`. Fill it after commit, with one UPDATE:

    Comment.objects.filter(pk=comment.pk).update(search_vector=weighted_vector(
        (html_to_text(comment.body_html), "C")))

(`weighted_vector` from kexue.search_db, `html_to_text` from
kexue.search_text; blog/search_index.py does the same for posts). On SQLite,
`match()` looks for the query's words in `text_fields` instead.
"""

import functools
import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, Q

from kexue.search_db import search_query
from kexue.search_text import html_to_text, parse_query, snippet

from .models import Post

RESULTS_PER_PAGE = 10

_sources = []
_indexers = {}


def register_indexer(name, indexer):
    """Add `indexer() -> count` for `manage.py reindex_search` to run after the
    posts, reported under `name` (e.g. "comments")."""
    _indexers[name] = indexer
    return indexer


def indexers():
    return dict(_indexers)


def register_result_source(source):
    """Add `source(search) -> ResultSet | None`; its results follow the posts,
    in the order sources were registered. Registering twice keeps one."""
    if source not in _sources:
        _sources.append(source)
    return source


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


class Search:
    """What a reader asked for: the query text and the category and year filters."""

    def __init__(self, text, category=None, year=None):
        self.parsed = parse_query(text)
        self.category = category
        self.year = year

    @property
    def is_empty(self):
        return not self.parsed.websearch

    def match(self, queryset, *, date_field, category_field, text_fields):
        """The rows of `queryset` that match and pass the filters, best first.

        On PostgreSQL: ranked by SearchRank over the `search_vector` field,
        newer first among equals. On SQLite (quick start only): every query
        word in one of `text_fields`, newest first.
        """
        if self.category is not None:
            queryset = queryset.filter(**{category_field: self.category})
        if self.year is not None:
            queryset = queryset.filter(**{f"{date_field}__year": self.year})
        if connection.vendor != "postgresql":
            return self._match_words(queryset, text_fields).order_by(f"-{date_field}", "-pk")
        query = search_query(self.parsed)
        return (
            queryset.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", f"-{date_field}", "-pk")
        )

    def _match_words(self, queryset, text_fields):
        if not self.parsed.terms:
            return queryset.none()
        for term in self.parsed.terms:
            anywhere = [Q(**{f"{field}__icontains": term}) for field in text_fields]
            queryset = queryset.filter(functools.reduce(operator.or_, anywhere))
        return queryset

    def snippet(self, html):
        """Plain text around the first match in stored HTML, matches in <mark>."""
        return snippet(html_to_text(html), self.parsed.terms)


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


def result_page(search, number, per_page=RESULTS_PER_PAGE):
    """One page of everything found, posts first; an out-of-range number gives the last page."""
    return Paginator(results(search), per_page).get_page(number)


def results(search):
    """Everything found, posts first, as one sequence a Paginator can page through."""
    sets = [post_results(search), *(source(search) for source in _sources)]
    return ChainedResults([found for found in sets if found is not None])


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
