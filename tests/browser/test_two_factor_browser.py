"""Two-factor sign-in in a real browser: an editor sets up an authenticator
app from the page as shown (QR code and secret), or a security key (Chromium's
virtual authenticator), signs in again with password and the second factor,
and reaches the admin, all under the site's Content-Security-Policy; a member
without one keeps the password alone."""

import time

import pytest
from allauth.mfa.models import Authenticator

from members.roles import make_editor
from tests.browser.test_csp_browser import LISTEN_FOR_VIOLATIONS, violations
from tests.factories import VerifiedMemberFactory
from tests.second_factor import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # the factories' password


def log_in_with_password(page, login):
    page.goto(page.base_url + "/accounts/login/")
    page.fill("#id_login", login)
    page.fill("#id_password", PASSWORD)
    page.click('form[action="/accounts/login/"] button[type="submit"]')


def enter_code(page, code):
    page.fill("#id_code", code)
    page.click('main form button[type="submit"]')


def unused_code(secret, spent):
    """The app's code now, or the next period's (the site allows one period
    of clock drift) when the current one signed in already: a code signs in once."""
    while True:
        for periods_ahead in (0, 1):
            code = totp_code(secret, periods_ahead)
            if code not in spent:
                spent.append(code)
                return code
        time.sleep(1)  # both spent: the app shows a new code within the period


def test_editor_sets_up_an_app_then_signs_in_with_password_and_code_to_the_admin(page):
    editor = VerifiedMemberFactory(username="emmy", email="emmy@example.org")
    make_editor(editor)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    failed = []
    # The admin links no favicon, so Chromium asks for /favicon.ico and logs its 404.
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and failed.append(r.url),
    )
    log_in_with_password(page, "emmy")
    page.wait_for_url(page.base_url + "/")

    # Without a second factor the admin does not open: set one up first
    # (allauth asks for the password again before a factor is added).
    page.goto(page.base_url + "/admin/")
    page.wait_for_url("**/accounts/2fa/")
    assert page.locator("#site-name, #content-main").count() == 0
    page.click('main a[href="/accounts/2fa/totp/activate/"]')
    page.fill("#id_password", PASSWORD)
    page.click('main form button[type="submit"]')
    page.wait_for_url("**/accounts/2fa/totp/activate/")

    qr = page.locator(".totp-qr img")
    assert qr.evaluate("img => img.complete && img.naturalWidth") > 0  # allowed by img-src data:
    secret = page.locator("code.totp-secret").inner_text().strip()
    assert len(secret) == 32
    enter_code(page, totp_code(secret))  # checks the app works; signs nothing in
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert page.locator("#recovery_codes").input_value().count("\n") == 9  # ten codes

    # The session opened with the password alone: a code once more, then the admin.
    page.click('main a[href="/admin/"]')
    page.wait_for_url("**/accounts/2fa/reauthenticate/**")
    spent = []
    enter_code(page, unused_code(secret, spent))
    page.wait_for_url(page.base_url + "/admin/")
    assert page.locator("#content-main").count() == 1

    page.goto(page.base_url + "/accounts/logout/")
    page.click('main form button[type="submit"]')
    page.wait_for_url(page.base_url + "/")

    # Next time: password, then the app's code, then straight into the admin.
    page.goto(page.base_url + "/admin/blog/post/")
    page.wait_for_url("**/accounts/login/?next=%2Fadmin%2Fblog%2Fpost%2F")
    page.fill("#id_login", "emmy@example.org")
    page.fill("#id_password", PASSWORD)
    page.click('form[action="/accounts/login/"] button[type="submit"]')
    page.wait_for_url("**/accounts/2fa/authenticate/")
    enter_code(page, "000000")
    assert page.locator(".errorlist").count() == 1
    enter_code(page, unused_code(secret, spent))
    page.wait_for_url(page.base_url + "/admin/blog/post/")
    assert page.locator("#changelist").count() == 1
    assert violations(page) == []
    assert failed == []
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []


def test_member_without_an_app_signs_in_with_the_password_alone(page):
    VerifiedMemberFactory(username="ada", email="ada@example.org")
    log_in_with_password(page, "ada")
    page.wait_for_url(page.base_url + "/")
    assert "ada" in page.locator(".widget-take-part").inner_text()
    page.goto(page.base_url + "/admin/")
    assert page.locator("main h1").inner_text() != ""  # the refusal, in the site's layout
    assert page.locator("#content-main").count() == 0


def test_editor_adds_a_security_key_and_signs_in_with_password_and_key(page, settings):
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the live server is http://localhost
    editor = VerifiedMemberFactory(username="emmy", email="emmy@example.org")
    make_editor(editor)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    failed = []
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and failed.append(r.url),
    )
    # A platform authenticator that says yes at once, as a fingerprint reader would.
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    log_in_with_password(page, "emmy")
    page.wait_for_url(page.base_url + "/")

    page.goto(page.base_url + "/admin/")
    page.wait_for_url("**/accounts/2fa/")
    page.click('main a[href="/accounts/2fa/webauthn/add/"]')
    page.fill("#id_password", PASSWORD)
    page.click('main form button[type="submit"]')
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    page.click("#mfa_webauthn_add")  # the browser asks the authenticator; the form posts
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    kinds = Authenticator.objects.filter(user=editor).values_list("type", flat=True)
    assert sorted(kinds) == ["recovery_codes", "webauthn"]

    page.goto(page.base_url + "/accounts/logout/")
    page.click('main form button[type="submit"]')
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/admin/")
    page.fill("#id_login", "emmy")
    page.fill("#id_password", PASSWORD)
    page.click('form[action="/accounts/login/"] button[type="submit"]')
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url(page.base_url + "/admin/")
    assert page.locator("#content-main").count() == 1
    assert violations(page) == []
    assert failed == []
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
