"""Every licence as a reader's browser shows it: the badge it chose is served and
drawn, and the footer passes axe and the Nu HTML Checker whatever the choice."""

import os
import shutil

import pytest
from django.test import Client

from kexue import licences
from kexue.models import SiteSettings
from tests.browser.test_accessibility_browser import VNU_JAR, blocking_violations, vnu_errors

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CUSTOM = {
    "custom_licence_name": "Kexue Reuse Terms",
    "custom_licence_url": "https://example.org/t/",
}
EVERY_CHOICE = [code for code, _ in licences.CHOICES]


def choose(code):
    row = SiteSettings.current()
    row.licence, row.licence_notice = code, "Reuse with care."
    if code == licences.CUSTOM:
        row.custom_licence_name, row.custom_licence_url = CUSTOM.values()
    row.save()
    return row.chosen_licence


def test_each_badge_is_served_and_drawn_and_the_footer_passes_axe(page):
    found = {}
    for code in EVERY_CHOICE:
        licence = choose(code)
        page.goto(page.base_url + "/")
        badges = page.locator("footer img.licence-badge")
        if licence.badge:
            assert badges.count() == 1, code
            assert badges.evaluate("img => img.complete && img.naturalWidth") == 88, code
            assert badges.get_attribute("alt") == licence.name
        else:
            assert badges.count() == 0, code
        found[code] = blocking_violations(page)
    assert found == {code: [] for code in EVERY_CHOICE}
    assert page.console_errors == []


def test_the_html_checker_finds_no_error_in_any_licence_line(tmp_path):
    if not shutil.which("java") or not VNU_JAR.exists():
        message = f"The Nu HTML Checker needs Java and {VNU_JAR} (make test fetches it)"
        if os.environ.get("KEXUE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    pages = {}
    for code in EVERY_CHOICE:
        choose(code)
        pages[code] = Client().get("/", headers={"accept-language": "en"}).content
    errors = vnu_errors(pages, tmp_path)
    assert errors == {code: [] for code in errors}
