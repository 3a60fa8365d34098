"""The cite block's copy buttons, in a real Chromium: keyboard, clipboard, announcement."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_csp_browser import LISTEN_FOR_VIOLATIONS, violations
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clipboard_page(page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=page.base_url)
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    return page


def clipboard(page):
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_buttons_work_from_the_keyboard_and_say_so(clipboard_page):
    page = clipboard_page
    post = PostFactory(title="熵与信息", body="![A figure](/media/f.png)\n\nText.")
    page.goto(page.base_url + post.get_absolute_url())
    status = page.locator("[data-copy-status]")
    assert status.get_attribute("role") == "status"

    reference = page.locator("button[data-copy=cite-reference]")
    reference.focus()
    page.keyboard.press("Enter")
    expect(status).to_have_text("已复制到剪贴板。")
    assert clipboard(page) == page.locator("#cite-reference").text_content()
    assert "熵与信息[EB/OL]" in clipboard(page)

    page.locator("details.bibtex summary").click()
    page.evaluate("document.querySelector('[data-copy-status]').textContent = 'stale'")
    page.locator("button[data-copy=cite-bibtex]").focus()
    page.keyboard.press("Space")
    expect(status).to_have_text("已复制到剪贴板。")  # said again, for the second copy
    assert clipboard(page).startswith(f"@online{{kexue{post.pk},")
    # The page's JSON-LD is data, not script: the strict CSP refuses nothing.
    assert violations(page) == []


def test_without_the_clipboard_api_the_buttons_stay_hidden(page):
    post = PostFactory()
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_load_state("load")
    assert page.locator("button[data-copy]").count() == 2
    assert page.locator("button[data-copy]:visible").count() == 0
    assert page.locator("#cite-reference").is_visible()
