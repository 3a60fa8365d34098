"""Migration comments 0004 moves every notification, queued or sent, into the
shared outbox, and back again when it is reversed."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import CommentFactory

BEFORE = [("comments", "0003_source_id"), ("outbox", "0001_initial")]
AFTER = [("comments", "0004_notifications_in_the_outbox")]


def migrate(targets):
    """Migrate the test database to `targets`; the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_notifications_move_into_the_outbox_and_back():
    comment = CommentFactory()
    failed_at = timezone.now() + timedelta(minutes=4)
    try:
        old = migrate(BEFORE)
        OldNotification = old.get_model("comments", "Notification")
        OldNotification.objects.create(
            comment_id=comment.pk, recipient="waiting@example.org", subject="Re: waiting",
            body_text="Queued.", body_html="<p>Queued.</p>",
            unsubscribe_url="https://blog.example.org/comments/unsubscribe/w/",
            attempts=3, last_error="ConnectionRefusedError", next_attempt_at=failed_at,
        )  # fmt: skip
        OldNotification.objects.create(
            comment_id=comment.pk, recipient="sent@example.org", subject="Re: sent",
            body_text="Sent.", body_html="<p>Sent.</p>",
            unsubscribe_url="https://blog.example.org/comments/unsubscribe/s/",
            attempts=1, sent_at=timezone.now(),
        )  # fmt: skip

        new = migrate(AFTER)
        Message = new.get_model("outbox", "Message")
        waiting = Message.objects.get(recipient="waiting@example.org")
        assert (waiting.subject, waiting.body_text, waiting.body_html) == (
            "Re: waiting", "Queued.", "<p>Queued.</p>",
        )  # fmt: skip
        assert waiting.attempts == 3 and waiting.sent_at is None
        assert waiting.next_attempt_at == failed_at  # its backoff holds
        assert waiting.last_error == "ConnectionRefusedError"
        assert waiting.headers == {
            "List-Unsubscribe": "<https://blog.example.org/comments/unsubscribe/w/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        assert waiting.notification.comment_id == comment.pk
        assert Message.objects.get(recipient="sent@example.org").sent_at is not None
        assert Message.objects.count() == 2

        back = migrate(BEFORE)
        restored = back.get_model("comments", "Notification").objects.get(
            recipient="waiting@example.org"
        )
        assert restored.unsubscribe_url == "https://blog.example.org/comments/unsubscribe/w/"
        assert (restored.attempts, restored.next_attempt_at) == (3, failed_at)
        assert restored.comment_id == comment.pk
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
