"""Math on a phone (360 px wide): no page scrolls sideways; a long display
breaks into lines (MathJax 4) or scrolls inside its own box, its equation
number in view."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import Post
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
# The demo post with the most formulas (61) and five numbered equations.
HEAVIEST = "euler-lagrange-brachistochrone"
# One word in \text{} has no place to break a line.
WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
WIDE = r"\begin{equation}\text{" + WORD + r"}\label{eq:wide}\end{equation}"


def wait_for_math(page):
    if page.locator("script[src*='mathjax-config']").count():  # pages without formulas load none
        page.wait_for_selector("html[data-mathjax='done']", timeout=30000)


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def numbers_in_view(page):
    """For each equation number: is its whole box inside the viewport's width,
    as the reader sees it (the display's own box scrolled to its start)?"""
    return page.evaluate(
        "[...document.querySelectorAll('.post-body [id^=\"mjx-eqn:\"]')].map(n => {"
        "  const box = n.getBoundingClientRect();"
        "  return [n.id, box.width > 0 && box.left >= 0 && box.right <= window.innerWidth];"
        "})"
    )


def test_no_page_scrolls_sideways_on_a_phone(page):
    call_command("seed_demo", stdout=StringIO())
    post = Post.objects.get(slug=HEAVIEST)
    page.set_viewport_size(PHONE)
    for path in ["/", post.get_absolute_url(), post.category.get_absolute_url(), "/search/?q=方程"]:
        page.goto(page.base_url + path)
        wait_for_math(page)
        assert page_width(page) <= PHONE["width"], path
    assert page.console_errors == []


def test_the_heaviest_demo_post_breaks_its_displays_and_keeps_every_number_in_view(page):
    call_command("seed_demo", stdout=StringIO())
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + Post.objects.get(slug=HEAVIEST).get_absolute_url())
    wait_for_math(page)
    assert page.locator("mjx-merror").count() == 0
    numbers = numbers_in_view(page)
    assert len(numbers) == 5
    assert all(visible for _, visible in numbers), numbers
    # At least one display is too long for 360 px and was broken into lines.
    assert page.locator(".post-body mjx-linebox").count() > 0
    # Every display fits its column: nothing left to scroll.
    overflowing = page.evaluate(
        "[...document.querySelectorAll('.post-body mjx-container[display=\"true\"]')]"
        ".filter(d => d.scrollWidth > d.clientWidth + 1).length"
    )
    assert overflowing == 0


def test_a_display_that_cannot_break_scrolls_in_a_labelled_box_with_its_number_in_view(page):
    post = PostFactory(title="Wide", body=f"Before.\n\n{WIDE}\n\nAfter.")
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    assert page_width(page) <= PHONE["width"]
    box = page.locator(".post-body mjx-container.math-wide")
    assert box.count() == 1
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    # A reader on a keyboard reaches it and scrolls it with the arrow keys.
    assert box.get_attribute("tabindex") == "0"
    assert box.get_attribute("role") == "region"
    assert box.get_attribute("aria-label")
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)  # a smooth scroll
    assert box.evaluate("b => b.scrollLeft") > 0
    box.evaluate("b => { b.scrollLeft = 0; }")
    assert numbers_in_view(page) == [["mjx-eqn:eq:wide", True]]


def test_a_wide_matrix_scrolls_in_its_box_instead_of_being_squeezed(page):
    rows = [" & ".join(f"{letter}_{{{n}}}" for n in range(14)) for letter in "ab"]
    matrix = r"\begin{pmatrix}" + r" \\ ".join(rows) + r"\end{pmatrix}"
    body = f"Before.\n\n\\begin{{equation}}{matrix}\\label{{eq:m}}\\end{{equation}}\n\nAfter."
    post = PostFactory(title="Matrix", body=body)
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    assert page.locator(".post-body mjx-merror").count() == 0
    assert page.locator(".post-body mjx-container.math-wide").count() == 1
    # Its columns keep their spacing: each entry ends well before the next begins.
    gaps = page.evaluate(
        "(() => { const row = document.querySelector('.post-body mjx-mtable mjx-mtable mjx-mtr');"
        "  const boxes = [...row.querySelectorAll(':scope > mjx-mtd > :first-child')]"
        "    .map(e => e.getBoundingClientRect());"
        "  return boxes.slice(1).map((b, i) => b.left - boxes[i].right); })()"
    )
    assert len(gaps) == 13
    assert min(gaps) >= 8, gaps
    assert numbers_in_view(page) == [["mjx-eqn:eq:m", True]]


def test_a_display_that_fits_is_no_scroll_box(page):
    post = PostFactory(title="Narrow", body=r"$$a+b=c$$")
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    display = page.locator('.post-body mjx-container[display="true"]')
    assert display.count() == 1
    assert display.get_attribute("role") is None
    assert "math-wide" not in (display.get_attribute("class") or "")
