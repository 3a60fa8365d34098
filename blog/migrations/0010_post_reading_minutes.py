from django.db import migrations, models

from blog.reading_time import reading_minutes

BATCH = 500


def count_reading_time(apps, schema_editor):
    """Every stored post gets its reading time now, from the HTML it already has,
    so lists show it at once after the upgrade (rerender would do it too)."""
    Post = apps.get_model("blog", "Post")
    batch = []
    for post in Post.objects.only("id", "body_html").iterator(chunk_size=BATCH):
        post.reading_minutes = reading_minutes(post.body_html)
        batch.append(post)
        if len(batch) == BATCH:
            Post.objects.bulk_update(batch, ["reading_minutes"])
            batch = []
    Post.objects.bulk_update(batch, ["reading_minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0009_pages_and_series"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="reading_minutes",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_reading_time, migrations.RunPython.noop),
    ]
