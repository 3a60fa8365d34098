"""The post editor in a real browser: live preview with numbered equations,
keyboard use, saving, and the published page showing the same."""

import pytest
from django.conf import settings
from django.test import Client

from blog.models import Post
from members.roles import make_editor
from tests.browser.test_csp_browser import LISTEN_FOR_VIOLATIONS, violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Mass and energy:\n\n"
    "\\begin{equation}\nE = mc^2 \\label{a}\n\\end{equation}\n\n"
    "\\begin{equation}\np = mv \\label{b}\n\\end{equation}\n\n"
    "So \\eqref{a} and \\eqref{b} hold."
)


def equation_numbers(scope):
    """The numbers MathJax gave, read from the MathML it hands to screen readers
    (its visible glyphs are CSS content, with no text to read)."""
    return scope.locator("mjx-assistive-mml mlabeledtr > mtd:first-child").all_text_contents()


def reference_text(scope, label):
    return scope.locator(f"mjx-assistive-mml mrow[href='#mjx-eqn%3A{label}']").text_content()


@pytest.fixture
def editor_page(page):
    """The page, logged in as an editor (staff in the Editors group, not a superuser)."""
    editor = UserFactory(username="editor")
    make_editor(editor)
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.failed_urls = []

    def _response(response):
        # The admin links no favicon, so Chromium asks for /favicon.ico and logs its 404.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            page.failed_urls.append(response.url)

    page.on("response", _response)
    return page


def problems(page):
    """CSP violations, failed requests and script errors seen so far."""
    errors = [e for e in page.console_errors if not e.startswith("Failed to load resource")]
    return violations(page) + page.failed_urls + errors


def test_preview_typesets_numbered_equations_and_the_saved_post_shows_the_same(editor_page):
    page = editor_page
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(page.base_url + "/admin/blog/post/add/")
    page.fill("#id_title", "Mass and energy")
    page.fill("#id_body", BODY)

    preview = page.locator("#editor-preview [data-preview-output]")
    preview.locator("[id='mjx-eqn:b']").wait_for(timeout=20000)
    assert equation_numbers(preview) == ["(1)", "(2)"]
    assert reference_text(preview, "b") == "(2)"
    # Side by side on a wide screen: the preview starts to the right of the source.
    source_box = page.locator("#id_body").bounding_box()
    preview_box = page.locator("#editor-preview").bounding_box()
    assert preview_box["x"] >= source_box["x"] + source_box["width"]

    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", "2024-03-01")
    page.fill("#id_published_at_1", "09:30:00")
    page.focus("#id_body")
    page.keyboard.press("Control+s")  # save and continue editing
    page.wait_for_url("**/admin/blog/post/*/change/")

    post = Post.objects.get()
    assert (post.status, post.is_public) == ("published", True)
    assert post.body.replace("\r\n", "\n") == BODY  # browsers send CRLF
    # Back on the form, the preview renders the saved text again.
    page.locator("#editor-preview [id='mjx-eqn:a']").wait_for(timeout=20000)
    assert problems(page) == []

    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']", timeout=20000)
    body = page.locator(".post-body")
    assert equation_numbers(body) == ["(1)", "(2)"]
    assert body.locator("[id='mjx-eqn:a']").count() == 1
    assert reference_text(body, "a") == "(1)"
    body.locator("a[href='#mjx-eqn%3Aa']").click()
    page.wait_for_function("() => location.hash === '#mjx-eqn%3Aa'")
    assert problems(page) == []


def test_tab_indents_esc_then_tab_leaves_and_the_preview_follows_edits(editor_page):
    page = editor_page
    page.set_viewport_size({"width": 700, "height": 900})
    page.goto(page.base_url + "/admin/blog/post/add/")
    page.focus("#id_body")
    page.keyboard.type("$$x$$")
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    assert page.input_value("#id_body") == "    $$x$$"
    assert page.evaluate("document.activeElement.id") == "id_body"
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") != "id_body"

    page.fill("#id_body", "$$\\alpha$$")
    page.locator("#editor-preview mjx-container").wait_for(timeout=20000)
    page.fill("#id_body", "Only words now.")
    page.wait_for_function(
        "() => document.querySelector('[data-preview-output]').textContent.includes('Only words')"
    )
    assert page.locator("#editor-preview mjx-container").count() == 0
    # Stacked on a narrow screen: the preview comes below the source.
    source_box = page.locator("#id_body").bounding_box()
    preview_box = page.locator("#editor-preview").bounding_box()
    assert preview_box["y"] >= source_box["y"] + source_box["height"]
    assert problems(page) == []
