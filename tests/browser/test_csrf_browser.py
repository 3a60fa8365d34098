"""In Chromium: a guest comments in place from a page the shared cache served,
and a form another site makes the browser send is refused."""

import pytest

from comments.models import Comment
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ATTACKER = "http://attacker.test/"


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.KEXUE_PAGE_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def one_second_to_write(monkeypatch):
    # The minimum writing time is real here, only shorter: the stamp must come
    # from the ticket fetched as the guest starts writing, not from the page.
    monkeypatch.setattr("comments.forms.MIN_SECONDS_TO_WRITE", 1)


def cached(browser, live_server, post, locale):
    """The post's address, once another reader (in the same language) had the page stored."""
    url = live_server.url + post.get_absolute_url()
    first_reader = browser.new_context(locale=locale)
    assert first_reader.new_page().goto(url).headers["x-cache"] == "miss"
    first_reader.close()
    return url


def write(page, body):
    page.fill("input[name=guest_name]", "Cached Guest")
    page.fill("input[name=guest_email]", "guest@example.org")
    page.fill("textarea[name=body]", body)
    page.wait_for_timeout(1200)  # a person takes longer than this to write


def test_a_guest_posts_twice_in_place_from_a_cached_page(browser, page, live_server):
    post = PostFactory(body="Plain.")
    response = page.goto(cached(browser, live_server, post, "zh-CN"))
    assert response.headers["x-cache"] == "hit"
    assert page.locator("input[name=csrfmiddlewaretoken]").count() == 0
    assert page.input_value("input[name=started]") == ""

    with page.expect_response("**/comments/form-ticket/"):
        write(page, "From the cache, **in place**.")
    page.click("form[data-comment-form] button[type=submit]")
    first = page.locator("article.comment").first
    first.wait_for()
    assert first.locator("strong").inner_text() == "in place"
    assert page.url == live_server.url + post.get_absolute_url()  # posted in place

    # The first comment spent the stamp: the next one is fetched as writing starts.
    write(page, "And a second thought.")
    page.click("form[data-comment-form] button[type=submit]")
    page.locator("article.comment").nth(1).wait_for()
    bodies = list(Comment.objects.order_by("pk").values_list("guest_name", "body"))
    assert bodies == [
        ("Cached Guest", "From the cache, **in place**."),
        ("Cached Guest", "And a second thought."),
    ]
    assert page.locator(".form-errors p:visible").count() == 0
    assert page.console_errors == []


def test_a_guest_posts_from_a_cached_page_without_javascript(browser, live_server):
    post = PostFactory()
    context = browser.new_context(java_script_enabled=False, locale="en-US")
    page = context.new_page()
    try:
        assert page.goto(cached(browser, live_server, post, "en-US")).headers["x-cache"] == "hit"
        write(page, "Typed without script.")
        page.click("form[data-comment-form] button[type=submit]")
        page.wait_for_load_state("load")
        assert page.url.endswith(f"/comments/post/{post.pk}/confirm/")
        assert page.input_value("textarea[name=body]") == "Typed without script."
        assert not Comment.objects.exists()
        page.wait_for_timeout(1200)
        page.click("form[data-comment-form] button[type=submit]")
        page.wait_for_load_state("load")
        comment = Comment.objects.get()
        assert comment.body == "Typed without script."
        assert page.url.endswith(f"{post.get_absolute_url()}#comment-{comment.pk}")
    finally:
        context.close()


def test_a_form_another_site_makes_the_browser_send_is_refused(page, live_server):
    post = PostFactory()
    target = f"{live_server.url}/comments/post/{post.pk}/"
    forged = f"""<!DOCTYPE html><html><body>
      <form method="post" action="{target}">
        <input name="body" value="Laundered spam"><input name="guest_name" value="Spam">
        <input name="guest_email" value="spam@example.net"><input name="started" value="">
      </form>
      <script>document.forms[0].submit()</script></body></html>"""
    page.route(ATTACKER, lambda route: route.fulfill(body=forged, content_type="text/html"))
    with page.expect_response(target) as answer:
        page.goto(ATTACKER)
    assert answer.value.status == 403
    page.wait_for_load_state("load")
    assert page.locator("h1.page-title").count() == 1
    assert not Comment.objects.exists()
