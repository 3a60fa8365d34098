"""Two-factor sign-in: any member may add an authenticator app; staff must
before the admin opens. Every sign-in here goes through the real login pages."""

import re
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.utils import translation
from django.utils.translation import gettext

from kexue.models import SiteSettings
from members.roles import make_editor
from tests.factories import VerifiedMemberFactory
from tests.second_factor import give_authenticator_app, totp_code

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def editor(db):
    user = VerifiedMemberFactory(username="emmy", email="emmy@example.org")
    make_editor(user)
    return user


def log_in(client, login, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"login": login, "password": password, **extra})


def signed_in_as(client):
    response = client.get("/members/settings/")
    return response.context["user"].get_username() if response.status_code == 200 else None


def secret_of(user):
    from allauth.mfa.utils import decrypt

    return decrypt(Authenticator.objects.get(user=user, type="totp").data["secret"])


def test_staff_without_a_second_factor_is_sent_to_set_one_up(client, editor):
    assert log_in(client, "emmy")["Location"] == "/"  # a password is all they have yet
    for path in ["/admin/", "/admin/blog/post/", "/admin/blog/post/add/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/", path
    page = client.get("/accounts/2fa/").content.decode()
    assert "Staff open the administration with a second factor" in page
    assert 'href="/accounts/2fa/totp/activate/"' in page
    assert 'href="/accounts/2fa/webauthn/add/"' in page
    assert not Authenticator.objects.filter(user=editor).exists()


def test_staff_whose_session_never_passed_the_factor_enter_a_code_first(client, editor):
    assert log_in(client, "emmy")["Location"] == "/"
    give_authenticator_app(editor)  # set up in another browser since
    response = client.get("/admin/blog/post/?q=x")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/reauthenticate/?next=" + quote(
        "/admin/blog/post/?q=x", safe=""
    )
    response = client.post(response["Location"], {"code": "000000"})
    assert "Incorrect code." in response.content.decode()
    assert client.get("/admin/").status_code == 302
    response = client.post(
        "/accounts/2fa/reauthenticate/?next=/admin/blog/post/",
        {"code": totp_code(secret_of(editor))},
    )
    assert response["Location"] == "/admin/blog/post/"
    assert client.get("/admin/blog/post/").status_code == 200


def test_staff_with_an_app_log_in_with_password_and_code_and_reach_the_admin(client, editor):
    give_authenticator_app(editor)
    response = log_in(client, "emmy")
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None  # the password alone signs no one in

    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})
    assert "Incorrect code." in response.content.decode()
    assert signed_in_as(client) is None

    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret_of(editor))})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/blog/post/").status_code == 200


def test_an_app_code_signs_in_once(client, editor):
    give_authenticator_app(editor)
    code = totp_code(secret_of(editor))
    log_in(client, "emmy")
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    log_in(client, "emmy")
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    assert "Incorrect code." in response.content.decode()
    assert signed_in_as(client) is None


def test_a_member_without_a_second_factor_logs_in_with_the_password_alone(client, member):
    assert log_in(client, "ada")["Location"] == "/"
    assert signed_in_as(client) == "ada"


def test_a_member_with_an_app_is_asked_for_its_code_too(client, member):
    give_authenticator_app(member)
    assert log_in(client, "ada")["Location"] == "/accounts/2fa/authenticate/"
    assert signed_in_as(client) is None
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret_of(member))})
    assert signed_in_as(client) == "ada"


def test_recovery_codes_sign_in_once_each(client, editor):
    give_authenticator_app(editor)
    first, second, *_ = RecoveryCodes.activate(editor).generate_codes()

    log_in(client, "emmy")
    assert client.post("/accounts/2fa/authenticate/", {"code": first}).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/accounts/logout/")

    log_in(client, "emmy")
    response = client.post("/accounts/2fa/authenticate/", {"code": first})
    assert "Incorrect code." in response.content.decode()
    assert signed_in_as(client) is None
    assert client.post("/accounts/2fa/authenticate/", {"code": second}).status_code == 302
    assert signed_in_as(client) == "emmy"

    codes = Authenticator.objects.get(user=editor, type="recovery_codes").wrap()
    assert first not in codes.get_unused_codes() and second not in codes.get_unused_codes()
    assert len(codes.get_unused_codes()) == len(codes.generate_codes()) - 2


def test_a_recovery_code_is_spent_by_one_check_only(editor):
    codes = RecoveryCodes.activate(editor)
    code = codes.generate_codes()[3]
    assert codes.validate_code(code)
    assert not codes.validate_code(code)
    assert not RecoveryCodes.activate(editor).validate_code(code)  # a fresh read agrees
    assert not codes.validate_code("12345678")


def test_the_admin_login_page_hands_over_to_the_site_login(client, member):
    response = client.get("/admin/")
    assert response["Location"] == "/admin/login/?next=/admin/"
    response = client.get("/admin/login/?next=/admin/blog/post/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fblog%2Fpost%2F"
    response = client.get("/admin/login/?next=https://elsewhere.example/")
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2F"

    # The admin's own form, which takes a password alone, no longer signs anyone in.
    client.post("/admin/login/", {"username": "ada", "password": PASSWORD, "next": "/admin/"})
    assert signed_in_as(client) is None


def test_a_signed_in_member_outside_staff_is_refused_without_a_loop(client, member):
    log_in(client, "ada")
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "has no access to the administration" in response.content.decode()


def test_the_app_is_set_up_from_the_settings_page_with_the_site_name_and_a_readable_secret(
    client, member
):
    site = SiteSettings.current()
    site.site_name = "Kexue Lab"
    site.save()
    log_in(client, "ada")
    settings_page = client.get("/members/settings/").content.decode()
    assert 'href="/accounts/2fa/"' in settings_page

    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")  # the password again
    client.post(response["Location"], {"password": PASSWORD})
    response = client.get("/accounts/2fa/totp/activate/")
    page = response.content.decode()
    secret = response.context["form"].secret
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,', page)
    assert f"issuer={quote('Kexue Lab')}" in response.context["totp_url"]
    shown = re.search(r'<code class="totp-secret">([^<]*)</code>', page).group(1)
    assert shown.replace(" ", "") == secret

    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=member).exists()
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=member, type="totp").exists()


def test_two_factor_pages_speak_chinese(client, member):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "zh-hans"
    log_in(client, "ada")
    page = client.get("/accounts/2fa/").content.decode()
    with translation.override("zh-hans"):
        assert gettext("Two-Factor Authentication") in page
    assert 'class="widget account-menu"' in page  # in the account pages' layout


def test_recovery_codes_page_lists_the_unused_ones_and_leads_staff_on(client, editor):
    give_authenticator_app(editor)
    codes = RecoveryCodes.activate(editor).generate_codes()
    log_in(client, "emmy")
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    response = client.get("/accounts/2fa/recovery-codes/")
    assert response["Location"].startswith("/accounts/reauthenticate/")  # the password again
    client.post(response["Location"], {"password": PASSWORD})
    page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    assert all(code in page for code in codes[1:]) and codes[0] not in page
    assert '<a class="button" href="/admin/">' in page  # not only the header's link
