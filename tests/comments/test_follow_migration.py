"""Migration comments 0006: comments approved before it count as approved when
written, so followers hear only of comments approved after the upgrade."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import CommentFactory

BEFORE = [("comments", "0005_spent_stamps")]
AFTER = [("comments", "0006_thread_follows")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_approved_comments_get_their_writing_time_as_approval_time():
    approved = CommentFactory(status="approved")
    pending = CommentFactory(status="pending")
    try:
        migrate(BEFORE)
        new = migrate(AFTER)
        Comment = new.get_model("comments", "Comment")
        assert Comment.objects.get(pk=approved.pk).approved_at == approved.created_at
        assert Comment.objects.get(pk=pending.pk).approved_at is None
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
