"""Accounts an operator makes (createsuperuser) or promotes (make_editor) get
their address counted as confirmed, so the public login lets them in."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Noether-Symmetry-1918"


def addresses(user):
    return list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary"))


def test_createsuperuser_confirms_the_address_and_the_public_login_accepts_it(
    client, monkeypatch, django_user_model
):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", username="root", email="Root@Example.org")
    root = django_user_model.objects.get(username="root")
    assert root.is_superuser
    assert addresses(root) == [("root@example.org", True, True)]
    response = client.post("/accounts/login/", {"login": "root", "password": PASSWORD})
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert client.get("/members/settings/").context["user"] == root


def test_createsuperuser_without_an_address_makes_no_address_row(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", "--noinput", username="root", email="")
    assert addresses(django_user_model.objects.get(username="root")) == []


def test_make_editor_confirms_an_unconfirmed_address(capsys):
    user = UserFactory(username="emmy", email="emmy@example.org")
    EmailAddress.objects.create(user=user, email="emmy@example.org")  # signed up, never clicked
    call_command("make_editor", "emmy")
    assert addresses(user) == [("emmy@example.org", True, True)]
    assert "Their address emmy@example.org counts as confirmed." in capsys.readouterr().out


def test_make_editor_leaves_an_address_another_account_confirmed(capsys):
    owner = UserFactory(username="owner", email="shared@example.org")
    EmailAddress.objects.create(user=owner, email="shared@example.org", verified=True, primary=True)
    UserFactory(username="emmy", email="shared@example.org")
    call_command("make_editor", "emmy")
    assert EmailAddress.objects.filter(email="shared@example.org", verified=True).count() == 1
    assert "Another account has confirmed shared@example.org" in capsys.readouterr().err


def test_make_editor_says_when_there_is_no_address(capsys):
    UserFactory(username="emmy", email="")
    call_command("make_editor", "emmy")
    assert "emmy has no e-mail address" in capsys.readouterr().err
