"""The Editors group: created by migration, kept in step with members.roles."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db.models import Q

from members.roles import EDITOR_PERMISSIONS, EDITORS, make_editor, sync_editors_group

pytestmark = pytest.mark.django_db


def listed_permissions_that_exist():
    wanted = Q(pk__in=[])
    for app_label, codenames in EDITOR_PERMISSIONS.items():
        wanted |= Q(content_type__app_label=app_label, codename__in=codenames)
    return set(Permission.objects.filter(wanted))


def test_migrations_leave_an_editors_group_with_the_listed_permissions():
    group = Group.objects.get(name=EDITORS)
    granted = set(group.permissions.all())
    assert granted == listed_permissions_that_exist()
    assert Permission.objects.get(codename="change_sitesettings") in granted


def test_editors_may_not_manage_members():
    codenames = set(Group.objects.get(name=EDITORS).permissions.values_list("codename", flat=True))
    assert not codenames & {"add_user", "change_user", "delete_user", "change_group"}


def test_sync_is_idempotent_and_drops_permissions_granted_by_hand():
    group = Group.objects.get(name=EDITORS)
    group.permissions.add(Permission.objects.get(codename="delete_user"))
    sync_editors_group(Group, Permission)
    sync_editors_group(Group, Permission)
    assert Group.objects.filter(name=EDITORS).count() == 1
    assert set(group.permissions.all()) == listed_permissions_that_exist()


def test_migrate_recreates_a_missing_group():
    Group.objects.filter(name=EDITORS).delete()
    call_command("migrate", verbosity=0)
    group = Group.objects.get(name=EDITORS)
    assert set(group.permissions.all()) == listed_permissions_that_exist()


def test_make_editor_adds_the_role_with_staff_status(member):
    make_editor(member)
    make_editor(member)
    member.refresh_from_db()
    assert member.is_staff
    assert list(member.groups.values_list("name", flat=True)) == [EDITORS]
    assert member.has_perm("kexue.change_sitesettings")
