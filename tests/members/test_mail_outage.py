"""Account mail goes through the outbox: a mail-server outage neither breaks
sign-up and password reset nor loses their mail."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.utils import timezone

from kexue.outbox.models import Message
from tests.outbox import FAILING_BACKEND, LOCMEM_BACKEND, deliver

from .conftest import PASSWORD, path_in_mail

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hilbert-Space-1912"


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = FAILING_BACKEND


def mail_server_back(settings):
    """The server answers again, and the retries that backed off are due."""
    settings.EMAIL_BACKEND = LOCMEM_BACKEND
    Message.objects.unsent().update(next_attempt_at=timezone.now())


def sign_up(client):
    data = {"username": "emmy", "email": "emmy@example.org"}
    return client.post("/accounts/signup/", {**data, "password1": PASSWORD, "password2": PASSWORD})


def test_sign_up_during_an_outage_answers_at_once_and_its_link_works_later(
    client, settings, mail_server_down, mailoutbox
):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    (queued,) = Message.objects.unsent()
    assert queued.recipient == "emmy@example.org"

    assert "0 sent, 1 failed" in deliver()
    assert "SMTP server unreachable" in Message.objects.get().last_error
    mail_server_back(settings)
    assert "1 sent, 0 failed" in deliver()

    (verification,) = mailoutbox
    assert verification.to == ["emmy@example.org"]
    assert "List-Unsubscribe" not in verification.extra_headers  # account mail, no list
    assert verification.alternatives[0][1] == "text/html"
    confirm = path_in_mail(verification)
    assert client.get(confirm).status_code == 200
    assert client.post(confirm).status_code == 302
    assert EmailAddress.objects.get(email="emmy@example.org").verified


def test_password_reset_during_an_outage_answers_at_once_and_its_link_works_later(
    client, settings, member, mail_server_down, mailoutbox
):
    response = client.post("/accounts/password/reset/", {"email": member.email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert list(Message.objects.unsent().values_list("recipient", flat=True)) == [member.email]

    deliver()
    mail_server_back(settings)
    deliver()
    (reset,) = mailoutbox
    assert "List-Unsubscribe" not in reset.extra_headers
    key_page = client.get(path_in_mail(reset), follow=True)
    assert key_page.status_code == 200
    done = client.post(
        key_page.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done["Location"] == "/accounts/password/reset/key/done/"
    assert get_user_model().objects.get(pk=member.pk).check_password(NEW_PASSWORD)


def test_a_reset_for_an_unknown_address_is_queued_like_any_other(
    client, mail_server_down, mailoutbox
):
    # No enumeration: the unknown address gets its "no account here" mail, queued too.
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/done/"
    assert Message.objects.unsent().filter(recipient="nobody@example.org").exists()


def test_security_notices_are_queued_too(member_client, member, mail_server_down, mailoutbox):
    response = member_client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    (notice,) = Message.objects.unsent()
    assert notice.recipient == member.email and "password" in notice.body_text.lower()
    assert mailoutbox == []
