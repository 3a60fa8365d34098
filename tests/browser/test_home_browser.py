import pytest

from kexue.models import SiteSettings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_shows_licence_link_and_sponsor_from_settings(page):
    row = SiteSettings.current()
    row.sponsor_text = "Kept running by the **Noether Circle**."
    row.save()

    page.goto(page.base_url + "/")
    licence = page.locator("footer a.licence-link")
    assert licence.get_attribute("href") == row.chosen_licence.url
    assert licence.inner_text() == row.chosen_licence.name
    # Sponsor and licence once per page: in the footer, not again in the sidebar.
    assert page.locator(".footer-sponsor strong").inner_text() == "Noether Circle"
    assert page.get_by_text("Noether Circle").count() == 1
    assert page.locator(".licence-notice").count() == 1
    assert page.locator(".sidebar .licence-notice, .sidebar .widget-sponsor").count() == 0
    assert page.locator("footer img.licence-badge").evaluate("img => img.naturalWidth") > 0
    assert page.console_errors == []
