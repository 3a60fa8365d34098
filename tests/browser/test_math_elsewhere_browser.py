"""Outside the post body, formulas are typeset too: search results, every sidebar
widget, home-page excerpts, the table of contents, profile comment lists and
the admin's moderation queue show no raw TeX or Markdown, on a wide and a
narrow screen, with the demo content (heavy math, footnotes, comments with math)."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from blog.models import Post
from comments.models import Comment
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [1280, 360]
RAW = re.compile(
    r"\\\(|\\\)|\\\[|\\\]|\$[^$\s][^$]*\$|\\begin\{|\\label\{|\\eqref\{|\[\^[^\]\s]+\]"
)
SEARCHES = ["熵", "entropy", "theorem", "高斯", "softmax", "Noether", "积分"]

# The visible text of each element, without MathJax's visually hidden MathML
# copy (which screen readers read); display is set through the CSSOM, which
# the Content-Security-Policy allows.
VISIBLE_TEXT = """selector => {
  const assistive = [...document.querySelectorAll("mjx-assistive-mml")];
  assistive.forEach(element => { element.style.display = "none"; });
  const texts = [...document.querySelectorAll(selector)].map(element => element.innerText);
  assistive.forEach(element => { element.style.display = ""; });
  return texts;
}"""
# Formulas in these places that MathJax did not turn into typeset output.
UNTYPESET = """selector => [...document.querySelectorAll(selector + " .arithmatex")]
  .filter(formula => !formula.querySelector("mjx-container, math")).map(f => f.textContent)"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    # Pending replies with math, for the moderation queue.
    parent = Comment.objects.public().filter(author__isnull=False, body__contains="$").first()
    for body in [r"So $\frac{d}{dT}H \ge 0$ always?", r"And $$\sum_n \frac1{n^2}$$ too."]:
        Comment(
            post=parent.post, parent=parent, guest_name="Guest", body=body, status="pending"
        ).save()
    return parent


def open_page(page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(page.base_url + path)
    page.wait_for_selector("html[data-mathjax='done']", timeout=30000)


def fits(page, width):
    """Typeset snippets, however long their formulas, never widen the page."""
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def check(page, selector, *, required=True):
    """No raw TeX or Markdown in the visible text there, every formula typeset."""
    texts = page.evaluate(VISIBLE_TEXT, selector)
    if required:
        assert texts and any(text.strip() for text in texts), (page.url, selector)
    for text in texts:
        assert not RAW.search(text), (page.url, selector, RAW.search(text).group(), text[:300])
    assert page.evaluate(UNTYPESET, selector) == [], (page.url, selector)
    assert page.locator("mjx-merror").count() == 0, page.url
    return texts


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_sidebar_excerpts_toc_and_profiles_show_no_raw_tex(page, demo, width):
    noether_seen = False
    open_page(page, "/", width)
    check(page, ".sidebar .widget")
    assert page.locator(".widget-recent-comments mjx-container").count() > 0
    # Every page of excerpts: Noether's has a footnote marker before <!--more-->.
    pages = (Post.objects.published().count() + 9) // 10
    for number in range(1, pages + 1):
        open_page(page, f"/?page={number}", width)
        excerpts = check(page, ".entry-excerpt")
        fits(page, width)
        if any("Noether's theorem" in excerpt for excerpt in excerpts):
            noether_seen = True
    assert noether_seen

    typeset_snippets = 0
    for query in SEARCHES:
        open_page(page, f"/search/?q={query}", width)
        check(page, ".search-results")
        fits(page, width)
        typeset_snippets += page.locator(".search-snippet mjx-container").count()
        # Highlighting stays outside formulas.
        assert page.locator(".search-snippet .arithmatex mark").count() == 0
    assert typeset_snippets > 10

    with_math_heading = Post.objects.get(slug="random-walk-and-diffusion")
    open_page(page, with_math_heading.get_absolute_url(), width)
    check(page, ".post-toc")
    assert page.locator(".post-toc mjx-container").count() >= 1
    # The TOC's links still reach their headings.
    targets = page.eval_on_selector_all(
        ".post-toc a", "links => links.map(a => decodeURIComponent(a.hash.slice(1)))"
    )
    assert len(targets) >= 3
    for target in targets:
        assert page.locator(f"[id='{target}']").count() == 1, target

    open_page(page, reverse("members:profile", args=[demo.author.username]), width)
    check(page, ".member-comments")
    fits(page, width)
    assert page.console_errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_admin_moderation_queue_and_comment_list_show_no_raw_tex(page, demo, width):
    client = Client()
    client.force_login(StaffFactory())
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": page.base_url}])
    # The admin links no favicon, so Chromium asks for /favicon.ico and logs its 404.
    failed = []
    page.on(
        "response",
        lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico") and failed.append(r.url),
    )

    open_page(page, reverse("admin:comments_moderation"), width)
    check(page, ".moderation-queue")
    assert page.locator(".moderation-queue mjx-container").count() >= 3

    open_page(page, reverse("admin:comments_comment_changelist"), width)
    check(page, "#result_list")
    assert page.locator("#result_list mjx-container").count() >= 10
    assert failed == []
    assert [error for error in page.console_errors if "404" not in error] == []
