"""Account mails: plain text and HTML, in the site's name."""

import pytest

from kexue.models import SiteSettings
from tests.outbox import deliver

from .conftest import path_in_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_name():
    settings_row = SiteSettings.current()
    settings_row.site_name = "Noether Notes"
    settings_row.save()
    return settings_row.site_name


def sign_up(client):
    password = "Noether-Symmetry-1918"
    client.post(
        "/accounts/signup/",
        {
            "username": "emmy",
            "email": "emmy@example.org",
            "password1": password,
            "password2": password,
        },
    )
    deliver()


def test_verification_mail_has_text_and_html_parts_with_the_same_link(client, mailoutbox):
    sign_up(client)
    (mail,) = mailoutbox
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    link = path_in_mail(mail)
    assert f'href="http://testserver{link}"' in html
    assert "<script" not in html


def test_mails_carry_the_site_name_from_site_settings(client, mailoutbox, site_name):
    sign_up(client)
    (mail,) = mailoutbox
    assert mail.subject.startswith("[Noether Notes] ")
    assert mail.from_email.startswith('"Noether Notes" <') or mail.from_email.startswith(
        "Noether Notes <"
    )
    assert "Noether Notes" in mail.body
    assert "Noether Notes" in mail.alternatives[0][0]
    assert "testserver" in mail.body  # the site's own address, not example.com
