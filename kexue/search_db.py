"""PostgreSQL full-text search glue shared by the apps: vectors, queries, the index.

Everything uses the `simple` configuration over text segmented by
`kexue.search_text`, so Chinese and English words match as typed. A model
takes part in search with a `search_vector` SearchVectorField indexed by
`SearchIndex`, filled after commit with `weighted_vector` (blog/search_index.py
for posts, comments/search_index.py for comments); `Search.match` then finds
its rows. The site search page that puts the models together is in
kexue/sitewide/search.py.
"""

import functools
import operator

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Index, Q, Value

from .search_text import index_text, parse_query, snippet

CONFIG = "simple"


def weighted_vector(*texts):
    """A tsvector expression from (text, weight) pairs, weights "A" (most) to "D".

    Segmentation happens here, in Python, so the database only runs
    `setweight(to_tsvector('simple', %s), 'A') || …`. Assign the result to a
    SearchVectorField with `update()` or `bulk_update()`.
    """
    vectors = [
        SearchVector(Value(index_text(text)), config=CONFIG, weight=weight)
        for text, weight in texts
    ]
    return functools.reduce(operator.add, vectors)


def search_query(parsed):
    """The SearchQuery for a `kexue.search_text.ParsedQuery`."""
    return SearchQuery(parsed.websearch, search_type="websearch", config=CONFIG)


class SearchIndex(GinIndex):
    """A GIN index on a search vector.

    SQLite (the quick start, which searches without vectors) has no GIN, so
    there a plain index on the mostly empty column stands in and migrations
    run on both databases.
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return Index.create_sql(self, model, schema_editor, **kwargs)
        return super().create_sql(model, schema_editor, using=using, **kwargs)


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
        """Text around the first match in stored HTML, matches in <mark>, formulas whole."""
        return snippet(html, self.parsed.terms)
