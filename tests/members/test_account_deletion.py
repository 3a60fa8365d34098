"""/members/delete/: personal data erased, account closed, discussion left whole."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import translation

from members.roles import EDITORS, make_editor
from tests.outbox import deliver

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH = {"accept-language": "en"}


@pytest.fixture
def full_profile(member):
    member.first_name = "Ada"
    member.last_name = "Lovelace"
    member.display_name = "Ada L."
    member.website = "https://ada.example.org"
    member.bio = "Poetical science."
    member.avatar.save("me.jpg", ContentFile(b"stand-in for a thumbnail"))
    member.save()
    return member


def delete(client, password=PASSWORD):
    return client.post("/members/delete/", {"password": password}, headers=ENGLISH)


def test_deletion_needs_a_logged_in_member(client):
    assert client.get("/members/delete/")["Location"].startswith("/accounts/login/")


def test_wrong_password_deletes_nothing(member_client, member):
    response = delete(member_client, password="not my password")
    assert response.status_code == 200
    assert response.context["form"].errors["password"] == ["That is not your password."]
    member.refresh_from_db()
    assert member.is_active and not member.is_deleted


def test_deletion_erases_personal_data_and_keeps_the_row(
    member_client, full_profile, settings, django_capture_on_commit_callbacks
):
    member = full_profile
    avatar_file = settings.MEDIA_ROOT / member.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        response = delete(member_client)
    assert response["Location"] == "/"

    member = get_user_model().objects.get(pk=member.pk)  # the row stays for comments to point at
    assert member.is_deleted and not member.is_active
    assert member.username.startswith("deleted-")
    assert (member.email, member.first_name, member.last_name) == ("", "", "")
    assert (member.display_name, member.website, member.bio) == ("", "", "")
    assert not member.avatar
    assert not avatar_file.exists()
    assert not member.has_usable_password()
    assert not EmailAddress.objects.filter(user=member).exists()


def test_deleted_member_is_logged_out_and_cannot_log_in(client, member_client, member):
    delete(member_client)
    assert member_client.get("/members/settings/").status_code == 302
    login = client.post("/accounts/login/", {"login": "ada@example.org", "password": PASSWORD})
    assert login.status_code == 200
    assert not login.context["user"].is_authenticated


def test_deleted_member_is_shown_as_deleted_member(member_client, member):
    delete(member_client)
    member.refresh_from_db()
    with translation.override("en"):
        assert str(member.display_name_for_public) == "deleted member"
    assert member_client.get(f"/members/{member.username}/").status_code == 404
    assert member_client.get("/members/ada/").status_code == 404


def test_deletion_frees_the_email_address_and_username(client, member_client, mailoutbox):
    delete(member_client)
    password = "Noether-Symmetry-1918"
    response = client.post(
        "/accounts/signup/",
        {
            "username": "ada",
            "email": "ada@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.filter(username="ada", email="ada@example.org").exists()
    deliver()
    (mail,) = mailoutbox
    assert "/accounts/confirm-email/" in mail.body  # a verification, not "account already exists"


def test_deleted_editor_loses_the_role(member_client, member):
    make_editor(member)
    delete(member_client)
    member.refresh_from_db()
    assert not member.is_staff
    assert not Group.objects.get(name=EDITORS).user_set.filter(pk=member.pk).exists()
