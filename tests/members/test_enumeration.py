"""Nobody learns from sign-up, log-in or password reset whether an e-mail has an account."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.outbox import deliver

pytestmark = pytest.mark.django_db

PASSWORD = "Noether-Symmetry-1918"


def sign_up(client, username, email):
    data = {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD}
    return client.post("/accounts/signup/", data)


def page_text(response):
    body = response.content.decode()
    # Drop what differs between any two requests anyway.
    return "\n".join(line for line in body.splitlines() if "csrfmiddlewaretoken" not in line)


def test_sign_up_answers_alike_for_a_taken_and_a_free_email(member, mailoutbox):
    taken = sign_up(Client(), "newcomer1", member.email)
    free = sign_up(Client(), "newcomer2", "free@example.org")

    assert taken.status_code == free.status_code == 302
    assert taken["Location"] == free["Location"]
    deliver()
    assert [mail.to for mail in mailoutbox] == [[member.email], ["free@example.org"]]
    assert not get_user_model().objects.filter(username="newcomer1").exists()


def test_password_reset_answers_alike_for_known_and_unknown_email(member, mailoutbox):
    known_client, unknown_client = Client(), Client()
    known = known_client.post("/accounts/password/reset/", {"email": member.email})
    unknown = unknown_client.post("/accounts/password/reset/", {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert page_text(known_client.get(known["Location"])) == page_text(
        unknown_client.get(unknown["Location"])
    )
    deliver()
    assert [mail.to for mail in mailoutbox] == [[member.email], ["nobody@example.org"]]


def test_login_error_is_the_same_for_a_wrong_password_and_an_unknown_account(client, member):
    wrong_password = client.post("/accounts/login/", {"login": member.email, "password": "nope"})
    unknown = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "nope"})
    assert wrong_password.context["form"].errors == unknown.context["form"].errors
