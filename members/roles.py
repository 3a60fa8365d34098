"""The Editors role: which permissions it carries, and keeping the group in step.

This module is the source of truth for the group. Permissions of models that
do not exist yet are skipped and picked up by the post-migrate sync once their
app is migrated; a permission added to the group by hand is removed at the
next sync, so add it here instead.
"""

from django.apps import apps as global_apps
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q

EDITORS = "Editors"


def _manage(*model_names):
    return [
        f"{action}_{name}" for name in model_names for action in ("add", "change", "delete", "view")
    ]


EDITOR_PERMISSIONS = {
    # Write and publish posts and static pages, organise them (series too),
    # upload to the media library.
    # Post revisions carry no permissions of their own: the post's apply.
    "blog": _manage("post", "category", "tag", "attachment", "page", "series"),
    # Moderate: approve, mark spam, remove. Editors do not write comments in the admin.
    "comments": ["change_comment", "delete_comment", "view_comment"],
    # The site-wide texts: name, licence, sponsor acknowledgement.
    "kexue": ["change_sitesettings", "view_sitesettings"],
}


def sync_editors_group(group_model, permission_model, using=DEFAULT_DB_ALIAS):
    """Create the Editors group if needed and give it exactly the listed
    permissions that exist. Safe to run any number of times."""
    group, _ = group_model.objects.using(using).get_or_create(name=EDITORS)
    wanted = Q(pk__in=[])
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    group.permissions.set(permission_model.objects.using(using).filter(wanted))
    return group


def sync_editors_after_migrate(sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs):
    """post_migrate receiver: runs after each app that brings editor
    permissions (and after `members` itself), once Django created them.
    `flush` sends the signal too (without `apps`), which restores the group
    for tests that empty the database."""
    if sender.label != "members" and sender.label not in EDITOR_PERMISSIONS:
        return
    sync_editors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), using)


def make_editor(user):
    user.groups.add(sync_editors_group(Group, Permission))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def remove_editor(user):
    """Take the role away; staff status goes too unless the user is a superuser."""
    user.groups.remove(*user.groups.filter(name=EDITORS))
    if user.is_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
