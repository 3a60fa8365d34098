from django.db import migrations

from members.roles import EDITORS, sync_editors_group


def create_editors(apps, schema_editor):
    # Grants the permissions that exist now; the post_migrate sync in
    # members.roles adds the ones of apps migrated later.
    sync_editors_group(
        apps.get_model("auth", "Group"),
        apps.get_model("auth", "Permission"),
        schema_editor.connection.alias,
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.using(schema_editor.connection.alias).filter(
        name=EDITORS
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_profile"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
