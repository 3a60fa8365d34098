"""The design on the reference pages (kexue/devtools/screenshots.py): accessible
and valid in both themes and at both widths, no sideways scroll on a phone, no
layout shift while MathJax typesets, a dark toggle that is remembered without a
flash, and a print stylesheet that leaves the post alone on the paper."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from PIL import Image

from blog.models import Page, Post, Series
from kexue.devtools import screenshots
from tests.browser.test_accessibility_browser import (
    MATH_POST,
    blocking_violations,
    require_the_checker,
    vnu_errors,
)
from tests.factories import CommentFactory, PageFactory, PostFactory, SeriesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIGHT_PAPER = "rgb(253, 253, 251)"
DARK_PAPER = "rgb(21, 23, 27)"
# Recorded before any script of the page runs: the root's background in the
# first frame the browser renders, and the theme at DOMContentLoaded.
FIRST_PAINT = """
window.kexueFirstPaint = null;
requestAnimationFrame(() => {
  window.kexueFirstPaint = getComputedStyle(document.documentElement).backgroundColor;
});
document.addEventListener("DOMContentLoaded", () => {
  window.kexueThemeAtLoad = document.documentElement.getAttribute("data-theme");
});
"""
# Every layout shift not caused by the reader (none here), from the start.
LAYOUT_SHIFTS = """
window.kexueShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.kexueShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


STATIC_PAGE = """Kexue is a notebook of derivations.

## What you will find

Long posts where every step is written out, such as $\\int_0^1 x\\,dx = \\tfrac12$ and

$$\\sum_{n=1}^\\infty \\frac{1}{n^2} = \\frac{\\pi^2}{6}.$$
"""


@pytest.fixture
def demo(db):
    """The demo site, with a three-part series and a static page of its own if
    seed_demo brings none."""
    call_command("seed_demo", stdout=StringIO())
    if not Series.objects.exists():
        series = SeriesFactory(title="Three ways to sum a series", slug="three-ways")
        for position, post in enumerate(Post.objects.published().order_by("pk")[:3], start=1):
            Post.objects.filter(pk=post.pk).update(series=series, series_position=position)
    if not Page.objects.exists():
        PageFactory(title="About", path="about", body=STATIC_PAGE, in_menu=True)
    pages = screenshots.reference_pages()
    assert set(pages) == {"home", "post", "discussion", "series", "page"}
    return pages


def open_in(browser, live_server, *, width, theme, script=True, init=None):
    context = browser.new_context(
        viewport={"width": width, "height": screenshots.WIDTHS[width]},
        color_scheme=theme,
        locale="zh-CN",
        java_script_enabled=script,
    )
    page = context.new_page()
    if init:
        page.add_init_script(init)
    page.base_url = live_server.url
    return page


def first_paint(page, path):
    page.goto(page.base_url + path)
    page.wait_for_function("window.kexueFirstPaint !== null")
    return page.evaluate("[window.kexueFirstPaint, window.kexueThemeAtLoad]")


@pytest.mark.parametrize("width", list(screenshots.WIDTHS))
@pytest.mark.parametrize("theme", screenshots.THEMES)
def test_reference_pages_are_accessible_and_never_scroll_sideways(
    browser, live_server, demo, width, theme
):
    page = open_in(browser, live_server, width=width, theme=theme)
    found, too_wide = {}, {}
    try:
        for name, path in demo.items():
            screenshots.open_page(page, page.base_url + path)
            found[name] = blocking_violations(page)
            too_wide[name] = page.evaluate(
                "document.documentElement.scrollWidth > window.innerWidth"
            )
        # The theme asked for is the one drawn (axe judged its contrast).
        paper = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
    finally:
        page.context.close()
    assert found == {name: [] for name in demo}
    assert too_wide == {name: False for name in demo}
    assert paper == (DARK_PAPER if theme == "dark" else LIGHT_PAPER)


def test_reference_pages_pass_the_html_checker(demo, tmp_path):
    """The server sends the same HTML whatever the width or theme (the theme is
    the browser's business), so each page is checked once."""
    require_the_checker()
    client = Client()
    pages = {name: client.get(path.split("#")[0]).content for name, path in demo.items()}
    errors = vnu_errors(pages, tmp_path)
    assert errors == {name: [] for name in errors}


@pytest.mark.parametrize("width", list(screenshots.WIDTHS))
def test_typesetting_the_math_post_shifts_the_layout_less_than_a_tenth(
    browser, live_server, demo, width
):
    page = open_in(browser, live_server, width=width, theme="light", init=LAYOUT_SHIFTS)
    try:
        screenshots.open_page(page, page.base_url + demo["post"])
        page.wait_for_timeout(500)  # shifts are reported after the frame that made them
        shifts = page.evaluate("window.kexueShifts")
        displays = page.locator('.post-body mjx-container[display="true"]').count()
    finally:
        page.context.close()
    assert displays >= 3  # MathJax did replace the stored MathML, under observation
    assert sum(shifts) < 0.1, shifts


@pytest.mark.parametrize("system", ["light", "dark"])
def test_the_chosen_theme_is_remembered_and_painted_first_on_the_next_pages(
    browser, live_server, demo, system
):
    other = "dark" if system == "light" else "light"
    paper = {"light": LIGHT_PAPER, "dark": DARK_PAPER}
    page = open_in(browser, live_server, width=1280, theme=system, init=FIRST_PAINT)
    try:
        # No choice yet: the system's theme, no attribute.
        assert first_paint(page, demo["home"]) == [paper[system], None]
        toggle = page.locator("[data-theme-toggle]")
        assert toggle.is_visible()
        assert toggle.get_attribute("aria-pressed") == str(system == "dark").lower()
        toggle.click()
        assert (
            page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
            == (paper[other])
        )
        assert toggle.get_attribute("aria-pressed") == str(other == "dark").lower()

        # Another page, and the same one reloaded: the choice from the first frame on.
        assert first_paint(page, demo["post"]) == [paper[other], other]
        assert page.locator("[data-theme-toggle]").get_attribute("aria-pressed") == (
            str(other == "dark").lower()
        )
        page.reload()
        page.wait_for_function("window.kexueFirstPaint !== null")
        assert page.evaluate("window.kexueFirstPaint") == paper[other]

        # Back to the system's theme, remembered as well.
        page.locator("[data-theme-toggle]").click()
        assert first_paint(page, demo["home"]) == [paper[system], system]
    finally:
        page.context.close()


def test_without_script_the_system_theme_applies_and_no_dead_toggle_shows(
    browser, live_server, demo
):
    page = open_in(browser, live_server, width=360, theme="dark", script=False)
    try:
        page.goto(page.base_url + demo["home"])
        # The page runs no script; Playwright's evaluate still does.
        paper = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        assert paper == DARK_PAPER
        assert not page.locator("[data-theme-toggle]").is_visible()
    finally:
        page.context.close()


def test_print_shows_the_post_formulas_footnotes_and_citation_without_the_site_around_it(
    browser, live_server
):
    links = "See [the source](https://example.org/source) and [the archive](/archives/)."
    body = f"{MATH_POST}\n{links}\n"
    post = PostFactory(title="Printed", body=body)
    CommentFactory(post=post, body="A comment.")
    page = open_in(browser, live_server, width=1280, theme="dark")
    try:
        screenshots.open_page(page, page.base_url + post.get_absolute_url())
        page.emulate_media(media="print")
        for hidden in (".site-header", ".sidebar", ".comment-form", ".discussion", ".site-nav"):
            assert not page.locator(hidden).first.is_visible(), hidden
        for shown in (".post-title", ".post-body", ".cite-block", ".footnote"):
            assert page.locator(shown).first.is_visible(), shown
        assert page.locator(".post-body mjx-container[display='true']").first.is_visible()
        # Equation numbers are printed with their formulas.
        assert page.locator(".post-body [id^='mjx-eqn:']").first.inner_text() == "(1)"
        # Paper is white whatever the screen's theme.
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == (
            "rgb(255, 255, 255)"
        )
        after = page.evaluate(
            "Object.fromEntries([...document.querySelectorAll('.post-body a, .cite-block a')]"
            ".map(a => [a.getAttribute('href'), getComputedStyle(a, '::after').content]))"
        )
    finally:
        page.context.close()
    # An external link in the text carries its address; the site's own links and
    # the permalink (its own text) do not.
    external = after["https://example.org/source"]
    assert "attr(href)" in external or "example.org/source" in external, external
    assert after["/archives/"] == "none"
    permalink = [href for href in after if href.endswith(post.get_absolute_url())]
    assert permalink and after[permalink[0]] == "none"


def test_the_screenshots_are_viewport_high_pngs_of_every_page_width_and_theme(
    browser, live_server, demo, tmp_path
):
    written = screenshots.capture(browser, live_server.url, tmp_path, demo)
    sizes = {path.name: Image.open(path).size for path in written}
    expected = {
        screenshots.file_name(name, width, theme): (width, height)
        for name in demo
        for width, height in screenshots.WIDTHS.items()
        for theme in screenshots.THEMES
    }
    assert sizes == expected


def test_the_screenshots_command_asks_for_content_on_an_empty_site(db, tmp_path):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("screenshots", output=tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_code_wider_than_a_phone_scrolls_in_a_box_the_keyboard_reaches(browser, live_server):
    long_line = "total = " + " + ".join(f"term_{n}" for n in range(30))
    body = f"```python\n{long_line}\nshort = 1\n```\n\n```\nx = 1\n```"
    post = PostFactory(title="Code", body=body)
    page = open_in(browser, live_server, width=360, theme="light")
    try:
        page.goto(page.base_url + post.get_absolute_url())
        page.wait_for_load_state("load")
        wide, narrow = page.locator(".post-body pre").all()
        assert wide.get_attribute("tabindex") == "0"
        assert wide.get_attribute("role") == "region"
        assert wide.get_attribute("aria-label")
        assert narrow.get_attribute("tabindex") is None
        wide.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)  # a smooth scroll
        assert wide.evaluate("box => box.scrollLeft") > 0
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        page.context.close()
