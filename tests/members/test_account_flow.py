"""The whole life of an account, through the real allauth views."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.outbox import deliver

from .conftest import path_in_mail

pytestmark = pytest.mark.django_db

FIRST_PASSWORD = "Noether-Symmetry-1918"
SECOND_PASSWORD = "Hilbert-Space-1912"
THIRD_PASSWORD = "Banach-Fixed-Point-1922"


def logged_in_username(client):
    return client.get("/members/settings/").context["user"].get_username()


def log_in(client, login, password):
    return client.post("/accounts/login/", {"login": login, "password": password})


def log_out(client):
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/members/settings/").status_code == 302  # back to the login page


def test_sign_up_verify_log_in_change_and_reset_password_log_out(client, mailoutbox):
    # Sign up: nothing is possible before the address is confirmed.
    response = client.post(
        "/accounts/signup/",
        {
            "username": "emmy",
            "email": "emmy@example.org",
            "password1": FIRST_PASSWORD,
            "password2": FIRST_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert log_in(client, "emmy", FIRST_PASSWORD)["Location"] == "/accounts/confirm-email/"
    assert client.get("/members/settings/").status_code == 302

    # The verification mail's link confirms the address.
    deliver()
    (verification_mail,) = mailoutbox  # the early log-in does not send another yet
    assert verification_mail.to == ["emmy@example.org"]
    confirm_path = path_in_mail(verification_mail)
    assert confirm_path.startswith("/accounts/confirm-email/")
    assert client.get(confirm_path).status_code == 200
    assert client.post(confirm_path).status_code == 302
    assert EmailAddress.objects.get(email="emmy@example.org").verified

    # Log in by username, then by e-mail.
    assert log_in(client, "emmy", FIRST_PASSWORD)["Location"] == "/"
    assert logged_in_username(client) == "emmy"
    log_out(client)
    assert log_in(client, "emmy@example.org", FIRST_PASSWORD)["Location"] == "/"
    assert logged_in_username(client) == "emmy"

    # Change the password while logged in.
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": FIRST_PASSWORD, "password1": SECOND_PASSWORD, "password2": SECOND_PASSWORD},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="emmy").check_password(SECOND_PASSWORD)
    log_out(client)

    # Forget it and reset it through the mailed link.
    deliver()  # the notice that the password changed
    mailoutbox.clear()
    response = client.post("/accounts/password/reset/", {"email": "emmy@example.org"})
    assert response["Location"] == "/accounts/password/reset/done/"
    deliver()
    (reset_mail,) = mailoutbox
    key_page = client.get(path_in_mail(reset_mail), follow=True)
    assert key_page.status_code == 200
    response = client.post(
        key_page.redirect_chain[-1][0],
        {"password1": THIRD_PASSWORD, "password2": THIRD_PASSWORD},
    )
    assert response["Location"] == "/accounts/password/reset/key/done/"

    assert log_in(client, "emmy", SECOND_PASSWORD).status_code == 200  # refused, form again
    assert log_in(client, "emmy", THIRD_PASSWORD)["Location"] == "/"
    assert logged_in_username(client) == "emmy"
    log_out(client)


def test_logout_needs_a_post(member_client):
    page = member_client.get("/accounts/logout/")
    assert page.status_code == 200
    assert member_client.get("/members/settings/").status_code == 200  # still logged in
    assert member_client.post("/accounts/logout/").status_code == 302
    assert member_client.get("/members/settings/").status_code == 302


@pytest.mark.parametrize("name", ["Settings", "Notifications"])
def test_reserved_paths_cannot_be_usernames(client, mailoutbox, name):
    response = client.post(
        "/accounts/signup/",
        {
            "username": name,
            "email": "someone@example.org",
            "password1": FIRST_PASSWORD,
            "password2": FIRST_PASSWORD,
        },
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert "username" in response.context["form"].errors
    assert not get_user_model().objects.filter(username__iexact=name).exists()
