"""Reply notifications move into the shared outbox (kexue.outbox).

Every row of comments_notification is copied into outbox_message, sent ones
too so the record of what went out stays, and keeps a link to its comment.
A copy rather than a rename of the table: the outbox belongs to the shared
layer, where no table may point at a comment (account mail has none), and its
rows carry headers the old table had no column for. On PostgreSQL the copy and
the dropping of the old columns are one transaction: an upgrade moves every
row or none, and a sender running meanwhile waits for it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

BATCH = 1000
# The columns that move, as 0001 made them but nullable for the time of the
# move: reversed, the migration re-adds them to a table that has rows, and
# fills them before they become required again.
MOVED_FIELDS = {
    "recipient": models.EmailField(max_length=254, null=True),
    "subject": models.CharField(max_length=200, null=True),
    "body_text": models.TextField(null=True),
    "body_html": models.TextField(null=True),
    "unsubscribe_url": models.URLField(max_length=500, null=True),
    "created_at": models.DateTimeField(default=django.utils.timezone.now, null=True),
    "next_attempt_at": models.DateTimeField(default=django.utils.timezone.now, null=True),
    "attempts": models.PositiveIntegerField(default=0, null=True),
    "last_error": models.TextField(blank=True, null=True),
    "sent_at": models.DateTimeField(blank=True, null=True),
}


def to_outbox(apps, schema_editor):
    Notification = apps.get_model("comments", "Notification")
    Message = apps.get_model("outbox", "Message")
    waiting = Notification.objects.filter(message__isnull=True).order_by("pk")
    while batch := list(waiting[:BATCH]):
        messages = Message.objects.bulk_create(
            Message(
                recipient=notification.recipient,
                from_email=settings.DEFAULT_FROM_EMAIL,
                subject=notification.subject,
                body_text=notification.body_text,
                body_html=notification.body_html,
                headers={
                    "List-Unsubscribe": f"<{notification.unsubscribe_url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                },
                created_at=notification.created_at,
                next_attempt_at=notification.next_attempt_at,
                attempts=notification.attempts,
                last_error=notification.last_error,
                sent_at=notification.sent_at,
            )
            for notification in batch
        )
        for notification, message in zip(batch, messages, strict=True):
            notification.message = message
        Notification.objects.bulk_update(batch, ["message"])
    check_constraints_now(schema_editor)


def from_outbox(apps, schema_editor):
    Notification = apps.get_model("comments", "Notification")
    linked = Notification.objects.select_related("message").order_by("pk")
    copied = ["recipient", "body_text", "body_html", "created_at", "next_attempt_at",
              "attempts", "last_error", "sent_at"]  # fmt: skip
    for start in range(0, linked.count(), BATCH):
        batch = list(linked[start : start + BATCH])
        for notification in batch:
            message = notification.message
            for field in copied:
                setattr(notification, field, getattr(message, field))
            notification.subject = message.subject[:200]
            notification.unsubscribe_url = message.headers.get("List-Unsubscribe", "").strip("<>")
        Notification.objects.bulk_update(batch, [*copied, "subject", "unsubscribe_url"])
    check_constraints_now(schema_editor)


def check_constraints_now(schema_editor):
    """Foreign keys are checked at commit by default, and PostgreSQL refuses to
    alter a table with such checks pending: run them before the columns change."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0003_source_id"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="message",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notification",
                to="outbox.message",
            ),
        ),
        *(
            migrations.AlterField(model_name="notification", name=name, field=field)
            for name, field in MOVED_FIELDS.items()
            if name != "sent_at"
        ),
        migrations.RunPython(to_outbox, from_outbox),
        migrations.RemoveIndex(model_name="notification", name="notification_due"),
        *(migrations.RemoveField(model_name="notification", name=name) for name in MOVED_FIELDS),
        migrations.AlterField(
            model_name="notification",
            name="message",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notification",
                to="outbox.message",
            ),
        ),
    ]
