"""allauth's pages wear the site's layout and language."""

import re

import pytest

from kexue.models import SiteSettings
from members.roles import make_editor

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
MANAGE_PAGES = [
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/2fa/",
    "/members/settings/",
]


def assert_in_site_layout(body):
    name = SiteSettings.current().site_name
    assert f'<a class="site-name" href="/">{name}</a>' in body
    assert f"· {name}</title>" in body
    assert 'class="site-header"' in body
    assert 'class="sidebar"' in body
    assert 'class="site-footer"' in body


def inline_code(body):
    """Inline scripts and style attributes, which the Content-Security-Policy forbids.
    JSON data blocks (the site's TeX macros, allauth's WebAuthn options) never run."""
    return re.findall(
        r'<script(?![^>]*\ssrc=)(?![^>]*\stype="application/json")[^>]*>|\sstyle=', body
    )


@pytest.mark.parametrize("path", ENTRANCE_PAGES)
def test_entrance_pages_sit_in_the_site_layout_in_chinese(client, path):
    body = client.get(path).content.decode()
    assert '<html lang="zh-hans">' in body
    assert_in_site_layout(body)
    assert inline_code(body) == []


@pytest.mark.parametrize("path", MANAGE_PAGES)
def test_account_pages_carry_the_account_menu(member_client, path):
    body = member_client.get(path).content.decode()
    assert_in_site_layout(body)
    assert 'class="widget account-menu"' in body
    assert 'aria-current="page"' in body
    assert inline_code(body) == []


def test_login_page_speaks_english_on_request(client):
    body = client.get("/accounts/login/", headers={"accept-language": "en"}).content.decode()
    assert '<html lang="en">' in body
    assert "Sign In" in body


def test_form_errors_stand_next_to_their_field_in_the_readers_language(client):
    data = {
        "username": "emmy",
        "email": "emmy@example.org",
        "password1": "Noether-Symmetry-1918",
        "password2": "something else entirely",
    }
    body = client.post("/accounts/signup/", data).content.decode()
    field = re.search(r'<div[^>]*>(?:(?!</div>).)*id="id_password2".*?</div>', body, re.S).group(0)
    assert "每次输入的密码必须相同。" in field

    english = client.post("/accounts/signup/", data, headers={"accept-language": "en"})
    assert "You must type the same password each time." in english.content.decode()


def test_sidebar_invites_visitors_to_register_and_log_in(client):
    body = client.get("/").content.decode()
    assert 'href="/accounts/signup/"' in body
    assert 'href="/accounts/login/"' in body


def test_sidebar_shows_a_member_their_avatar_name_settings_and_logout(member_client, member):
    member.display_name = "Ada L."
    member.save()
    body = member_client.get("/", headers={"accept-language": "en"}).content.decode()
    assert f'src="/members/{member.username}/avatar.svg"' in body
    assert "Logged in as Ada L." in body
    assert 'href="/members/settings/"' in body
    assert re.search(r'<form action="/accounts/logout/" method="post">', body)
    assert 'href="/accounts/signup/"' not in body


def test_sidebar_links_the_admin_for_editors_only(member_client, member):
    assert 'href="/admin/"' not in member_client.get("/").content.decode()
    make_editor(member)
    assert 'href="/admin/"' in member_client.get("/").content.decode()
