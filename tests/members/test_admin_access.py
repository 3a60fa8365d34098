"""Only editors (and superusers) reach admin pages that change content."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse

from members.roles import make_editor, remove_editor

pytestmark = pytest.mark.django_db


def change_urls(some_pk):
    """Every admin URL that lists, adds, changes or deletes, for every registered model."""
    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{prefix}_changelist")
        yield reverse(f"{prefix}_add")
        yield reverse(f"{prefix}_change", args=[some_pk])
        yield reverse(f"{prefix}_delete", args=[some_pk])


def assert_refused(client, url, method):
    response = getattr(client, method)(url, follow=True)
    final_path = response.redirect_chain[-1][0] if response.redirect_chain else url
    refused = response.status_code == 403 or final_path.startswith("/admin/login/")
    assert refused, f"{method.upper()} {url} answered {response.status_code} at {final_path}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_member_outside_editors_is_sent_to_the_admin_login(member_client, member, method):
    for url in change_urls(member.pk):
        assert_refused(member_client, url, method)


@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_without_the_editors_group_is_refused(member_client, member, method):
    member.is_staff = True
    member.save()
    member_client.force_login(member)  # as staff, with the second factor staff need
    for url in change_urls(member.pk):
        assert_refused(member_client, url, method)


def test_former_editor_is_refused_again(member_client, member):
    make_editor(member)
    remove_editor(member)
    for url in change_urls(member.pk):
        assert_refused(member_client, url, "get")


def test_editor_reaches_the_lists_the_role_grants_and_no_others(member_client, member):
    make_editor(member)
    member_client.force_login(member)  # as staff, with the second factor staff need
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        view_permission = f"{model._meta.app_label}.view_{model._meta.model_name}"
        change_permission = f"{model._meta.app_label}.change_{model._meta.model_name}"
        allowed = member.has_perm(view_permission) or member.has_perm(change_permission)
        response = member_client.get(url, follow=True)
        assert (response.status_code == 200) == allowed, url
    assert not Permission.objects.filter(group__name="Editors", codename__endswith="_user").exists()
