import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import VerifiedMemberFactory
from tests.outbox import deliver

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Noether-Symmetry-1918"


def test_visitor_signs_up_confirms_and_logs_in_through_the_pages(page):
    page.goto(page.base_url + "/")
    page.click('.widget-take-part a[href="/accounts/signup/"]')
    page.fill("#id_username", "emmy")
    page.fill("#id_email", "emmy@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click('form[action="/accounts/signup/"] button[type="submit"]')
    page.wait_for_url("**/accounts/confirm-email/")

    deliver()  # as the timer would, a minute later at most
    (verification,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", verification.body).group(0)
    page.goto(link)
    page.click('main form button[type="submit"]')
    page.wait_for_url("**/accounts/login/")

    page.fill("#id_login", "emmy@example.org")
    page.fill("#id_password", PASSWORD)
    page.click('form[action="/accounts/login/"] button[type="submit"]')
    page.wait_for_url(page.base_url + "/")

    take_part = page.locator(".widget-take-part")
    assert "emmy" in take_part.inner_text()
    assert take_part.locator("img.avatar").evaluate("img => img.naturalWidth") > 0
    take_part.locator('button[type="submit"]').click()  # log out, by POST
    page.wait_for_url(page.base_url + "/")
    assert page.locator('.widget-take-part a[href="/accounts/login/"]').count() == 1
    assert page.console_errors == []


def test_removing_an_email_address_asks_first(page):
    member = VerifiedMemberFactory(username="ada", email="ada@example.org")
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", "ada")
    page.fill("#id_password", "correct horse battery")
    page.click('form[action="/accounts/login/"] button[type="submit"]')
    page.wait_for_url(page.base_url + "/")

    page.goto(page.base_url + "/accounts/email/")
    page.click('button[name="action_remove"]')
    with translation.override("zh-hans"):
        question = gettext("Do you really want to remove the selected email address?")
    assert page.dialogs == [question]
    assert EmailAddress.objects.filter(user=member).count() == 1  # dismissed: nothing removed
    assert page.console_errors == []
