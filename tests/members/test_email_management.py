"""Changing e-mail goes through allauth: confirm it is you, then verify the new address."""

import pytest
from allauth.account.models import EmailAddress

from tests.outbox import deliver

from .conftest import PASSWORD, path_in_mail

pytestmark = pytest.mark.django_db


def test_adding_an_address_asks_for_the_password_then_a_verification(
    member_client, member, mailoutbox
):
    add = {"action_add": "", "email": "ada@analytical.example"}
    response = member_client.post("/accounts/email/", add)
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not EmailAddress.objects.filter(email="ada@analytical.example").exists()

    resumed = member_client.post(response["Location"], {"password": PASSWORD}, follow=True)
    assert resumed.status_code == 200
    added = EmailAddress.objects.get(user=member, email="ada@analytical.example")
    assert not added.verified

    deliver()
    (verification,) = mailoutbox
    confirm_path = path_in_mail(verification)
    assert member_client.post(confirm_path).status_code == 302
    added.refresh_from_db()
    assert added.verified

    member_client.post("/accounts/email/", {"action_primary": "", "email": added.email})
    member.refresh_from_db()
    assert member.email == "ada@analytical.example"


def test_wrong_password_on_reauthentication_changes_nothing(member_client, member):
    add = {"action_add": "", "email": "ada@analytical.example"}
    response = member_client.post("/accounts/email/", add)
    refused = member_client.post(response["Location"], {"password": "not it"})
    assert refused.status_code == 200
    assert refused.context["form"].errors
    assert not EmailAddress.objects.filter(email="ada@analytical.example").exists()
