"""An editor in another time zone sees the site's times without Django's
"you are N hours behind server time" warning (Chromium with its own zone)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PostFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(browser, live_server):
    """A staff member's browser in New York, twelve or thirteen hours from the site."""
    client = Client()
    client.force_login(StaffFactory())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context = browser.new_context(locale="zh-CN", timezone_id="America/New_York")
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.base_url = live_server.url
    yield page
    context.close()


def open_change_form(page, post):
    page.goto(f"{page.base_url}/admin/blog/post/{post.pk}/change/")
    page.wait_for_load_state("load")
    # Django's calendar script ran: the field has its shortcuts.
    assert page.locator("#id_published_at_1 ~ .datetimeshortcuts").count() == 1


def test_no_time_zone_warning_and_now_is_the_sites_time(editor_page):
    assert settings.TIME_ZONE == "Asia/Shanghai"
    post = PostFactory()
    open_change_form(editor_page, post)
    assert editor_page.locator(".timezonewarning").count() == 0
    help_text = editor_page.locator(".field-published_at").inner_text()
    assert "时间均为 Asia/Shanghai 时区。" in help_text

    # "Now" fills in the site's time, not New York's.
    before = datetime.now(ZoneInfo("Asia/Shanghai")).hour
    editor_page.locator("#id_published_at_1 ~ .datetimeshortcuts a", has_text="现在").click()
    after = datetime.now(ZoneInfo("Asia/Shanghai")).hour
    assert int(editor_page.input_value("#id_published_at_1").split(":")[0]) in {before, after}


def test_the_warning_is_what_the_script_removes(editor_page):
    # Without admin-time-zone.js, Django would warn this editor.
    editor_page.route("**/admin-time-zone.js", lambda route: route.abort())
    open_change_form(editor_page, PostFactory())
    assert editor_page.locator(".timezonewarning").count() > 0
