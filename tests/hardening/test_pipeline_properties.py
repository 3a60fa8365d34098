"""Properties of the Markdown + math pipeline that must hold for any text at all."""

import re
from html.parser import HTMLParser

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kexue.markup import render_comment, render_post, render_snippet
from kexue.markup.sanitize import comment_cleaner, post_cleaner, snippet_cleaner

from .checks import mathml_disallowed
from .vectors import FULL, XSS_VECTORS

# Deterministic and moderate in `make test`; random and long with `make test-hostile`.
PROPERTY = settings(
    max_examples=2000 if FULL else 120,
    deadline=None,
    derandomize=not FULL,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

# Pieces of Markdown, TeX and HTML that the pipeline treats specially, so the
# generated texts reach its corners far more often than random characters would.
PIECES = [
    "$", "$$", "\\(", "\\)", "\\[", "\\]", "\\begin{equation}", "\\end{equation}",
    "\\begin{align}", "\\end{align}", "\\label{a}", "\\eqref{a}", "\\ref{a}", "\\\\", "\\$",
    "\\href{javascript:alert(1)}{x}", "\\unicode{<img>}", "x_1", "a^2", "{", "}",
    "*", "**", "_", "__", "`", "``", "```", "~~~", "~~", "\n", "\n\n", "    ", "\t", "> ",
    "- ", "* ", "1. ", "# ", "## ", "### ", "---", "|", "| a | b |\n|---|:-:|\n", "[^1]",
    "[^1]: ", "[", "]", "(", ")", "[x]", "[x]: ", "<", ">", "&", "&amp;", "&#106;", "&#x3c;",
    "\"", "'", "javascript:", "JaVaScRiPt:", "data:text/html,", "vbscript:", "http://e.org/",
    "https://e.org/a?b=1&c=2", "mailto:a@e.org", "<https://e.org>", "<!--more-->", "<!--",
    "-->", "<script>", "</script>", "<img src=x onerror=alert(1)>", '<a href="', '">',
    "<svg>", "<math>", "<style>", "<div>", "</div>", "<details>", "<table>", "<td>",
    '<td style="color:red;text-align:center">', "<p>", "</p>", "\x00", "\u202e", "\u200b",
    "{{", "}}", "{%", "%}", "数学", "é", "\r\n",
]  # fmt: skip
TEXTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join),
    st.sampled_from(XSS_VECTORS),
)

URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href", "poster"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
USER_CONTENT_REL = "nofollow ugc noopener"
VOID_ELEMENTS = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}


def attribute_allowed(cleaner, tag, name, value):
    allowed = cleaner.attributes
    if callable(allowed):
        return allowed(tag, name, value)
    return name in allowed.get(tag, []) or name in allowed.get("*", [])


def disallowed(cleaner, html, marks_links=False):
    """What in `html` the cleaner's allowlists do not permit; inside a formula
    element's <math>, what the MathML allowlist does not."""
    found = []
    open_elements = []  # (tag, is a formula element)

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            in_math = any(name == "math" for name, _formula in open_elements)
            formula = "arithmatex" in (dict(attrs).get("class") or "").split()
            if tag not in VOID_ELEMENTS:
                open_elements.append((tag, formula))
            if tag == "math" and not in_math:
                parent_is_formula = len(open_elements) > 1 and open_elements[-2][1]
                if not parent_is_formula:
                    found.append("<math> outside a formula element")
            if in_math or tag == "math":
                found.extend(mathml_disallowed(tag, attrs))
                return
            if tag not in cleaner.tags:
                found.append(f"tag <{tag}>")
            for name, value in attrs:
                value = value or ""
                if marks_links and tag == "a" and name == "rel":
                    if value != USER_CONTENT_REL:
                        found.append(f"<a rel={value!r}>")
                elif not attribute_allowed(cleaner, tag, name, value):
                    found.append(f"attribute {name} on <{tag}>")
                if name in URL_ATTRIBUTES:
                    scheme = SCHEME.match(INVISIBLE.sub("", value))
                    if scheme and scheme.group(1).lower() not in cleaner.protocols:
                        found.append(f"{name}={value!r} on <{tag}>")
                if name == "style":
                    properties = {d.split(":")[0].strip() for d in value.split(";") if d.strip()}
                    if not properties <= {"text-align"}:
                        found.append(f"style={value!r}")

        def handle_startendtag(self, tag, attrs):
            self.handle_starttag(tag, attrs)
            if tag not in VOID_ELEMENTS:
                open_elements.pop()

        def handle_endtag(self, tag):
            for depth in range(len(open_elements) - 1, -1, -1):
                if open_elements[depth][0] == tag:
                    del open_elements[depth:]
                    break

    parser = Parser(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return found


def comment_links_marked(html):
    return html.count("<a ") == html.count(f'rel="{USER_CONTENT_REL}"')


@PROPERTY
@given(TEXTS)
def test_any_post_renders_within_the_post_allowlist(text):
    html, toc = render_post(text)
    assert disallowed(post_cleaner, html) == []
    assert disallowed(post_cleaner, toc) == []


@PROPERTY
@given(TEXTS)
def test_any_comment_renders_within_the_comment_allowlist(text):
    html = render_comment(text)
    assert disallowed(comment_cleaner, html, marks_links=True) == []
    assert comment_links_marked(html)


@PROPERTY
@given(TEXTS)
def test_any_snippet_renders_within_the_snippet_allowlist(text):
    assert disallowed(snippet_cleaner, render_snippet(text)) == []


@PROPERTY
@given(TEXTS, TEXTS)
def test_rendering_is_stable_whatever_was_rendered_in_between(text, other):
    """The same source gives the same HTML, even after another text went through
    the same (reused, per-thread) Markdown instance."""
    for render in (render_post, render_comment, render_snippet):
        first = render(text)
        render(other)
        assert render(text) == first
