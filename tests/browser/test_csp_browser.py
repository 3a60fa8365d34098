"""The Content-Security-Policy holds on real pages: nothing is refused."""

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PostFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def violations(page):
    refused = [text for text in page.console_errors if "Content Security Policy" in text]
    return refused + page.evaluate("window.cspViolations")


@pytest.fixture
def watched(page):
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    return page


def test_home_and_a_math_post_raise_no_csp_violation(watched):
    post = PostFactory(
        body="Numbered:\n\n\\begin{equation}\nE = mc^2 \\label{e}\n\\end{equation}\n\n"
        "See \\eqref{e}."
    )
    for url in ["/", post.get_absolute_url()]:
        watched.goto(watched.base_url + url)
        watched.wait_for_selector("html[data-mathjax='done']")
        assert watched.locator("mjx-container").count() > 0
        assert violations(watched) == [], url


def test_comment_preview_raises_no_csp_violation(watched):
    post = PostFactory(body="No math here.")
    watched.goto(watched.base_url + post.get_absolute_url())
    watched.fill("textarea[name=body]", r"$$\sum_{n=1}^\infty \frac{1}{n^2} = \frac{\pi^2}{6}$$")
    watched.click("[data-preview-button]")
    watched.locator("[data-preview] mjx-container").wait_for()
    assert violations(watched) == []


def test_admin_pages_raise_no_csp_violation(watched):
    post = PostFactory()
    client = Client()
    client.force_login(StaffFactory())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    watched.context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": watched.base_url}]
    )
    for url in ["/admin/", "/admin/blog/post/", f"/admin/blog/post/{post.pk}/change/"]:
        watched.goto(watched.base_url + url)
        watched.wait_for_load_state("load")
        assert violations(watched) == [], url
