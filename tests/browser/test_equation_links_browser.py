"""Equations you can point at: \\eqref popups, equation permalinks, and a
comment's \\eqref to the post it is under (static/js/equation-links.js and
mathjax-config.js)."""

import pytest

from comments.models import Comment
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    r"""
Consider the Gaussian integral
\begin{equation}
\int_{-\infty}^{\infty} e^{-x^2}\,dx = \sqrt{\pi}. \label{eq:gauss}
\end{equation}

An equation without a label:
\begin{equation}
I^2 = \pi
\end{equation}

Hence \eqref{eq:gauss} follows.
"""
    + "\n\n".join(f"Filler paragraph {n}." for n in range(40))
    + "\n\nThe end."
)
GAUSS = "#mjx-eqn%3Aeq%3Agauss"
POPUP = ".eqref-popup"


def wait_for_math(page):
    page.wait_for_selector("html[data-mathjax='done']", timeout=30000)


def open_post(page, post, width=1280):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)


def reference(page, scope=".post-body"):
    return page.locator(f"{scope} a[href='{GAUSS}']").first


def test_hovering_an_eqref_shows_the_equation_in_a_popup(page):
    open_post(page, PostFactory(title="Gauss", body=BODY))
    popup = page.locator(POPUP)
    assert popup.count() == 0 or popup.is_hidden()
    reference(page).hover()
    assert popup.is_visible()
    assert popup.get_attribute("role") == "tooltip"
    # The typeset equation itself (a copy), without ids of its own.
    assert popup.locator("mjx-container mjx-math[data-latex*='e^{-x^2}']").count() >= 1
    assert popup.locator("[id]").count() == 0
    page.mouse.move(5, 5)
    popup.wait_for(state="hidden")
    assert page.console_errors == []


def test_focusing_a_formula_with_an_eqref_shows_it_and_escape_closes_it(page):
    open_post(page, PostFactory(title="Gauss", body=BODY))
    formula = reference(page).locator("xpath=ancestor::mjx-container[1]")
    formula.focus()
    popup = page.locator(POPUP)
    assert popup.is_visible()
    assert formula.get_attribute("aria-describedby") == popup.get_attribute("id")
    page.keyboard.press("Escape")
    assert popup.is_hidden()
    assert formula.get_attribute("aria-describedby") is None
    # Enter, from the keyboard, goes to the equation.
    formula.blur()
    formula.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**" + GAUSS)


def test_a_tap_toggles_the_popup_and_a_tap_on_it_goes_to_the_equation(browser, live_server):
    phone = {"width": 360, "height": 740}
    context = browser.new_context(has_touch=True, is_mobile=True, viewport=phone)
    page = context.new_page()
    page.base_url = live_server.url
    post = PostFactory(title="Gauss", body=BODY)
    page.goto(live_server.url + post.get_absolute_url())
    wait_for_math(page)
    popup = page.locator(POPUP)
    reference(page).tap()
    assert popup.is_visible()
    assert "#" not in page.url  # the tap showed the equation, it did not jump
    reference(page).tap()
    assert popup.is_hidden()
    reference(page).tap()
    popup.tap()
    page.wait_for_url("**" + GAUSS)
    assert popup.is_hidden()
    context.close()


def test_every_numbered_equation_has_a_permalink_from_its_label_or_its_number(page):
    post = PostFactory(title="Gauss", body=BODY)
    open_post(page, post)
    assert page.locator(".post-body #eq-gauss").count() == 1
    assert page.locator(".post-body #eq-2").count() == 1
    link = page.locator(".post-body a.eq-permalink[href='#eq-gauss']")
    assert link.get_attribute("aria-label").endswith("(1)")
    assert link.evaluate("a => getComputedStyle(a).opacity") == "0"
    link.locator("xpath=ancestor::mjx-container[1]").hover()
    assert link.evaluate("a => getComputedStyle(a).opacity") == "1"
    # Beside its number, on the same line.
    number = page.locator("[id='mjx-eqn:eq:gauss']").bounding_box()
    box = link.bounding_box()
    assert box["x"] + box["width"] <= number["x"] + 1
    middle = box["y"] + box["height"] / 2
    assert abs(middle - (number["y"] + number["height"] / 2)) < number["height"]
    # The address works from a fresh page, and stays the same when typeset again.
    page.goto(page.base_url + post.get_absolute_url() + "#eq-2")
    wait_for_math(page)
    page.wait_for_timeout(300)
    target = page.locator("#eq-2").bounding_box()
    assert 0 <= target["y"] < 800
    permalinks = page.locator(".post-body a.eq-permalink")
    assert permalinks.evaluate_all("links => links.map(a => a.hash)") == ["#eq-gauss", "#eq-2"]


def test_a_comments_eqref_shows_the_posts_number_and_goes_to_the_posts_equation(page):
    post = PostFactory(title="Gauss", body=BODY)
    comment = Comment(
        post=post,
        status="approved",
        guest_name="Ann",
        guest_email="ann@example.org",
        body="By \\eqref{eq:gauss} and my own\n\n"
        "\\begin{equation}\ny = 1 \\label{eq:mine}\n\\end{equation}\n\nsee \\eqref{eq:mine}.",
    )
    comment.save()
    open_post(page, post)
    scope = f"#comment-{comment.pk} .comment-body"
    assert page.locator(f"{scope} mjx-merror").count() == 0
    to_post = reference(page, scope)
    assert to_post.inner_text().strip() == "(1)"
    # Its target is the post's equation, not one of the comment's.
    assert page.locator("[id='mjx-eqn:eq:gauss']").count() == 1
    assert page.locator(".post-body [id='mjx-eqn:eq:gauss']").count() == 1
    to_post.hover()
    assert page.locator(POPUP).locator("mjx-math[data-latex*='e^{-x^2}']").count() >= 1
    # The comment's own label still works, numbered in the comment.
    own = page.locator(f"{scope} a[href='#mjx-eqn%3Aeq%3Amine']")
    assert own.inner_text().strip() == "(1)"
    assert page.locator(f"{scope} [id='mjx-eqn:eq:mine']").count() == 1
    assert page.locator(f"{scope} #comment-{comment.pk}-eq-mine").count() == 1
    # Following the reference brings the post's equation into view.
    to_post.click()
    page.wait_for_url("**" + GAUSS)
    page.wait_for_timeout(300)
    assert 0 <= page.locator("[id='mjx-eqn:eq:gauss']").bounding_box()["y"] < 800
    assert page.console_errors == []


def test_a_comment_preview_resolves_the_posts_labels(page):
    post = PostFactory(title="Gauss", body=BODY)
    open_post(page, post)
    page.fill("textarea[name=body]", r"As \eqref{eq:gauss} says.")
    page.click("[data-preview-button]")
    preview = page.locator("[data-preview]")
    preview.locator("mjx-container").wait_for()
    assert preview.locator(f"a[href='{GAUSS}']").inner_text().strip() == "(1)"
    assert preview.locator("mjx-merror").count() == 0
