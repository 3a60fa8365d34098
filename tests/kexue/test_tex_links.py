"""Links in formulas and in Markdown lead only to the web, mail or the site.

The formulas are read back as a browser hands them to MathJax (entities
decoded), and judged without any help from kexue.safe_urls.
"""

import re
from html.parser import HTMLParser

import pytest

from kexue.markup import render_comment, render_post
from tests.hardening.vectors import TEX_LINK_TRICKS, short

pytestmark = pytest.mark.django_db

FORMULA_TRICKS = [t for t in TEX_LINK_TRICKS if not t.startswith("[")]
MARKDOWN_TRICKS = [t for t in TEX_LINK_TRICKS if t.startswith("[")]
RENDERERS = {"comment": render_comment, "post": lambda text: render_post(text)[0]}
# Whatever could make MathJax draw a link: \href, \url, or \mmlToken's href option.
LINK_COMMAND = re.compile(r"(?<!\\)(?:\\\\)*\\(?:href|url)(?![A-Za-z])|href\s*=")


DANGEROUS = re.compile(r"(?:javascript|vbscript|data):", re.IGNORECASE)


class _Page(HTMLParser):
    """The formulas' TeX (the text of each arithmatex element, or the TeX
    annotation of the MathML written into it), the links, and every href."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.formulas, self.links, self.hrefs, self.text = [], [], [], []
        self._open = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        is_formula = attributes.get("class") == "arithmatex"
        if is_formula:
            self.formulas.append("")
        is_formula |= attributes.get("encoding") == "application/x-tex"
        self._open.append(is_formula)
        if tag == "a":
            self.links.append(attributes.get("href"))
        if "href" in attributes:
            self.hrefs.append(attributes["href"])

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        if self._open and self._open[-1]:
            self.formulas[-1] += data
        elif not any(self._open):
            self.text.append(data)

    def dangerous_hrefs(self):
        compact = ("".join(ch for ch in href if ord(ch) > 32) for href in self.hrefs)
        return [href for href in compact if DANGEROUS.match(href)]


def read(html):
    page = _Page()
    page.feed(html)
    return page


@pytest.mark.parametrize("profile", RENDERERS)
@pytest.mark.parametrize("tex", FORMULA_TRICKS, ids=short)
def test_a_link_in_a_formula_to_anything_but_the_web_loses_its_link(tex, profile):
    page = read(RENDERERS[profile](tex))
    assert page.formulas, "the formula is still typeset"
    assert [f for f in page.formulas if LINK_COMMAND.search(f)] == []
    assert page.links == []
    assert page.dangerous_hrefs() == []


@pytest.mark.parametrize(
    ("tex", "shown"),
    [
        (r"$\href{jav&#x09;ascript:alert(1)}{a}$", r"\({a}\)"),
        (r"$\href {vbscript:x} b + 1$", r"\( b + 1\)"),
        (r"$\url{jav&#x09;ascript:alert(1)}$", r"\(\text{javascript:alert(1)}\)"),
        (r"$\url{data:text/html,{x}}$", r"\(\text{data:text/html,x}\)"),
        (r"$\mmlToken{mi}[href='javascript:x' mathvariant=bold]{a}$", r"\(\mmlToken{mi}{a}\)"),
    ],
)
def test_the_words_of_a_refused_link_stay(tex, shown):
    assert read(render_comment(tex)).formulas == [shown]


@pytest.mark.parametrize(
    "tex",
    [
        r"$\href{https://example.org/a?b=1&c=2#top}{a}$",
        r"$\href{HTTP://example.org/}{a}$",
        r"$\href{mailto:ada@example.org}{write}$",
        r"$\href{#mjx-eqn:gauss}{(1)}$",
        r"$\href{/archives/12/}{an earlier post}$",
        r"$\url{https://example.org/}$",
        r"$\mmlToken{mi}[mathvariant=bold]{x}$",
        r"$a \\href{x}$",
    ],
)
def test_links_to_the_web_mail_and_the_site_stay_as_written(tex):
    assert read(render_comment(tex)).formulas == [rf"\({tex[1:-1]}\)"]


def test_a_formula_with_a_refused_link_keeps_its_other_entities_as_the_browser_read_them():
    # &amp;#x09; is the text "&#x09;" to the browser, never a tab.
    page = read(render_comment(r"$a &lt; b \href{javascript:x}{c} &amp;#x09; &amp;$"))
    assert page.formulas == [r"\(a < b {c} &#x09; &\)"]


def test_a_formula_without_a_refused_link_is_stored_exactly_as_written():
    html = render_comment(r"$a &lt; b &amp;#x09; \href{https://example.org/}{c}$")
    assert r"\(a &lt; b &amp;#x09; \href{https://example.org/}{c}\)" in html


def test_a_macro_that_receives_a_good_url_later_loses_its_link_too():
    # #1 could be anything when the macro is used, in this formula or another.
    page = read(render_comment(r"$\def\site#1{\href{#1}{here}}\site{https://example.org/}$"))
    assert page.formulas == [r"\(\def\site#1{{here}}\site{https://example.org/}\)"]


@pytest.mark.parametrize("profile", RENDERERS)
@pytest.mark.parametrize("text", MARKDOWN_TRICKS, ids=short)
def test_a_markdown_link_with_a_port_like_scheme_is_text(text, profile):
    page = read(RENDERERS[profile](text))
    assert page.links == []
    assert "".join(page.text).strip() == "x"


@pytest.mark.parametrize("profile", RENDERERS)
def test_markdown_links_to_the_web_mail_and_the_site_stay(profile):
    text = "[a](https://example.org/) [b](mailto:ada@example.org) [c](/archives/1/) [d](#top)"
    links = read(RENDERERS[profile](text)).links
    assert links == ["https://example.org/", "mailto:ada@example.org", "/archives/1/", "#top"]


def test_footnote_links_the_post_pipeline_makes_stay():
    html = render_post("A claim.[^1]\n\n[^1]: Its source.")[0]
    assert [link for link in read(html).links if link.startswith("#fn")] != []
