"""What MathJax typesets from: a formula stored with its server-rendered
MathML is typeset from the TeX in its annotation, and the site's TeX macros
(site settings) reach pages and comment previews (mathjax-config.js)."""

import json

import pytest

from blog.models import Post
from kexue.models import SiteSettings
from tests.factories import PostFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATHML = 'xmlns="http://www.w3.org/1998/Math/MathML"'
# The stored shape: each formula element holds MathML whose TeX annotation is
# the formula as written. The MathML here says something else on purpose, so
# the page shows which of the two MathJax typeset.
STORED_WITH_MATHML = f"""
<p>Inline <span class="arithmatex"><math {MATHML}><semantics><mi>STALE</mi>
<annotation encoding="application/x-tex">\\(x_1 &lt; y\\)</annotation>
</semantics></math></span>.</p>
<div class="arithmatex"><math display="block" {MATHML}><semantics><mi>STALE</mi>
<annotation encoding="application/x-tex">\\begin{{equation}}
a+b=c \\label{{eq:sum}}
\\end{{equation}}</annotation></semantics></math></div>
<p>See <span class="arithmatex"><math {MATHML}><semantics><mi>STALE</mi>
<annotation encoding="application/x-tex">\\(\\eqref{{eq:sum}}\\)</annotation>
</semantics></math></span>.</p>
<p>Stored as TeX: <span class="arithmatex">\\(z^2\\)</span>.</p>
"""
MACROS = "\\newcommand{\\R}{\\mathbb{R}}\n\\newcommand{\\E}[1]{\\mathbb{E}_{#1}}"
DOUBLE_STRUCK_R = "mjx-c.mjx-c211D"
DOUBLE_STRUCK_E = "mjx-c.mjx-c1D53C"


def wait_for_math(page):
    page.wait_for_selector("html[data-mathjax='done']", timeout=30000)


def test_a_formula_stored_with_mathml_is_typeset_from_its_tex(page):
    post = PostFactory(title="Stored", body="$x$")
    Post.objects.filter(pk=post.pk).update(body_html=STORED_WITH_MATHML)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    body = page.locator(".post-body")
    assert body.locator("mjx-container").count() == 4
    assert body.locator("mjx-merror").count() == 0
    # Only MathJax's own hidden MathML copies are left, none of the stored ones.
    assert body.locator("math").count() == body.locator("mjx-assistive-mml > math").count() == 4
    assert "STALE" not in body.inner_text()
    assert body.locator("mjx-math[data-latex='x_1 < y']").count() == 1
    # Numbering, labels and \eqref work as for TeX stored as TeX.
    assert body.locator("[id='mjx-eqn:eq:sum']").inner_text().strip() == "(1)"
    assert body.locator("a[href='#mjx-eqn%3Aeq%3Asum']").inner_text().strip() == "(1)"
    assert page.console_errors == []


def test_the_sites_tex_macros_reach_the_page_and_the_comment_preview(page):
    settings_row = SiteSettings.current()
    settings_row.tex_macros = MACROS
    settings_row.save()
    post = PostFactory(title="Macros", body=r"Let $x \in \R^n$ and $\E{p}[X] = 0$.")
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    body = page.locator(".post-body")
    assert body.locator("mjx-merror").count() == 0
    assert body.locator(DOUBLE_STRUCK_R).count() == 1
    assert body.locator(DOUBLE_STRUCK_E).count() == 1
    page.fill("textarea[name=body]", r"Over $\R$ too.")
    page.click("[data-preview-button]")
    preview = page.locator("[data-preview]")
    preview.locator("mjx-container").wait_for()
    assert preview.locator(DOUBLE_STRUCK_R).count() == 1
    assert preview.locator("mjx-merror").count() == 0


def test_macros_not_in_mathjaxs_form_are_left_out_with_a_warning_and_the_rest_work(page):
    post = PostFactory(title="Macros", body=r"Let $x \in \R$ and $\E$.")
    given = {"R": "\\mathbb{R}", "not a name": "x", "E": ["\\mathbb{E}", "one"]}
    warnings = []
    page.on("console", lambda m: m.type == "warning" and warnings.append(m.text))

    def tampered(route):
        html = route.fetch().text()
        start = html.index('<script id="tex-macros"')
        end = html.index("</script>", start)
        script = f'<script id="tex-macros" type="application/json">{json.dumps(given)}'
        route.fulfill(body=html[:start] + script + html[end:], content_type="text/html")

    page.route("**" + post.get_absolute_url(), tampered)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    body = page.locator(".post-body")
    assert body.locator(DOUBLE_STRUCK_R).count() == 1
    assert body.locator(DOUBLE_STRUCK_E).count() == 0  # \E was left out
    assert any("\\not a name" in text for text in warnings), warnings
    assert any("\\E " in text for text in warnings), warnings


def test_macros_that_are_not_json_stop_no_formula(page):
    post = PostFactory(title="Macros", body=r"Plain $a+b$.")

    def broken(route):
        html = route.fetch().text()
        start = html.index('<script id="tex-macros"')
        end = html.index("</script>", start)
        route.fulfill(
            body=html[:start]
            + '<script id="tex-macros" type="application/json">{"R": '
            + html[end:],
            content_type="text/html",
        )

    page.route("**" + post.get_absolute_url(), broken)
    page.goto(page.base_url + post.get_absolute_url())
    wait_for_math(page)
    assert page.locator(".post-body mjx-container").count() == 1
    assert page.locator(".post-body mjx-merror").count() == 0
