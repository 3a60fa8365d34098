"""Site TeX macros typeset wherever MathJax runs (a post, a comment preview), and
without JavaScript the stored MathML shows them expanded too."""

import re

import pytest

from kexue.models import SiteSettings
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MACROS = "\n".join(
    [
        r"\newcommand{\R}{\mathbb{R}}",
        r"\newcommand{\E}[1]{\mathbb{E}_{#1}}",
        r"\def\bm{\boldsymbol}",
    ]
)
BODY = r"For $x \in \R^n$, the mean is $\E{q}[x]$ and $\bm{v}$ is bold."

# The MathML MathJax made of each typeset formula (its assistive copy): what the
# macros expanded to, whichever font draws it.
TYPESET_MATHML = """
root => Array.from(root.querySelectorAll('mjx-container')).map(
  c => (c.querySelector('mjx-assistive-mml math') || {}).outerHTML || '')
"""


@pytest.fixture
def site_macros(db):
    row = SiteSettings.current()
    row.tex_macros = MACROS
    row.save()
    return row


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr("comments.forms.MIN_SECONDS_TO_WRITE", 0)


def token(variant, letter):
    return re.compile(rf'<mi[^>]*\smathvariant="{variant}"[^>]*>{letter}</mi>')


def assert_expanded(formulas):
    assert len(formulas) == 3
    first, second, third = formulas
    assert token("double-struck", "R").search(first), first
    assert token("double-struck", "E").search(second), second
    assert token("bold-italic", "v").search(third), third


def test_a_site_macro_typesets_on_a_post(page, site_macros):
    post = PostFactory(title="Macros", body=BODY)
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']", timeout=20000)
    body = page.locator(".post-body")
    assert body.locator("mjx-merror").count() == 0
    assert_expanded(body.evaluate(TYPESET_MATHML))
    assert "\\R" not in body.inner_text()
    assert page.console_errors == []


def test_a_site_macro_typesets_in_a_comment_preview(page, site_macros):
    post = PostFactory(body="Plain.")
    page.goto(page.base_url + post.get_absolute_url())
    page.wait_for_selector("html[data-mathjax='done']", timeout=20000)
    page.fill("textarea[name=body]", BODY)
    page.click("[data-preview-button]")
    preview = page.locator("[data-preview]")
    preview.locator("mjx-container").first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-preview] mjx-container').length === 3")
    assert preview.locator("mjx-merror").count() == 0
    assert_expanded(preview.evaluate(TYPESET_MATHML))
    assert page.console_errors == []


def test_without_javascript_the_stored_mathml_shows_the_macros(
    browser, live_server, site_macros, mathml_worker
):
    post = PostFactory(title="Macros", body=BODY)
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server.url + post.get_absolute_url())
        formulas = page.locator(".post-body .arithmatex > math")
        assert formulas.count() == 3
        assert_expanded([formulas.nth(n).evaluate("m => m.outerHTML") for n in range(3)])
        # Native MathML is laid out: each formula has a box, the annotation none.
        assert all(formulas.nth(n).bounding_box()["width"] > 0 for n in range(3))
        assert "\\R" not in page.locator(".post-body").inner_text()
    finally:
        context.close()
