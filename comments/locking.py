"""Serialize writes to the comment trees.

django-mptt keeps each tree in lft/rght/tree_id columns that an insert, move
or delete rewrites; two such writes at once (two new top-level comments both
taking the next tree_id, say) corrupt them. Every tree write therefore runs in
a transaction that first takes one PostgreSQL advisory lock: writers queue,
readers are never blocked. Blog write rates make one lock for all trees enough.
"""

from contextlib import contextmanager

from django.db import connection, transaction

COMMENT_TREES_LOCK = 0x6B657875  # "kexu": any fixed number shared by all writers


@contextmanager
def comment_tree_lock():
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COMMENT_TREES_LOCK])
        # SQLite (quick start only) allows one writer at a time anyway.
        yield
