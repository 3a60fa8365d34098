"""In Chromium, without JavaScript: a guest subscribes from a page the shared
cache served, confirms from the mail's link, and another site cannot send the box."""

import pytest

from blog.models import Subscriber
from kexue.outbox.models import Message
from tests.blog.subscribing import confirmations_to, link_in
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATTACKER = "http://attacker.test/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


def test_a_guest_subscribes_from_a_cached_page_and_confirms(browser, live_server):
    post = PostFactory()
    url = live_server.url + post.get_absolute_url()
    first_reader = browser.new_context(locale="en-US")
    assert first_reader.new_page().goto(url).headers["x-cache"] == "miss"
    first_reader.close()

    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    try:
        assert page.goto(url).headers["x-cache"] == "hit"
        box = page.locator(".post-subscribe form")
        box.locator("input[name=email]").fill("emmy@example.org")
        box.locator("button[type=submit]").click()
        page.wait_for_load_state("load")
        assert page.locator("h1.page-title").inner_text() == "Check your inbox"
        assert not Subscriber.objects.exists()

        path = link_in(confirmations_to("emmy@example.org").get(), "confirm")
        page.goto(live_server.url + path)
        page.click("form.subscribe-confirm button[type=submit]")
        page.wait_for_load_state("load")
        assert page.locator("h1.page-title").inner_text() == "Subscribed"
        assert Subscriber.objects.get().email == "emmy@example.org"
    finally:
        context.close()


def test_another_site_cannot_make_the_browser_send_the_box(page, live_server):
    target = f"{live_server.url}/subscribe/"
    forged = f"""<!DOCTYPE html><html><body>
      <form method="post" action="{target}"><input name="email" value="victim@example.org"></form>
      <script>document.forms[0].submit()</script></body></html>"""
    page.route(ATTACKER, lambda route: route.fulfill(body=forged, content_type="text/html"))
    with page.expect_response(target) as answer:
        page.goto(ATTACKER)
    assert answer.value.status == 403
    assert not Message.objects.exists()
