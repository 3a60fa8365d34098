"""PostgreSQL full-text search glue shared by the apps: vectors, queries, the index.

Everything uses the `simple` configuration over text segmented by
`kexue.search_text`, so Chinese and English words match as typed.
"""

import functools
import operator

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Index, Value

from .search_text import index_text

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
