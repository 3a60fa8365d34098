"""The Markdown + TeX pipeline: MathJax must read exactly the TeX the author wrote.

MathJax typesets the text content of the elements arithmatex marks, so each
case compares that text, entities decoded, with the expected TeX byte for byte.
"""

import html
from html.parser import HTMLParser

import pytest

from kexue.markup import MORE_MARKER, render_comment, render_post, split_excerpt
from tests.inert import executable_markup


class _Page(HTMLParser):
    """Collects the TeX of arithmatex elements, the visible text and the tags.

    A formula stored with its MathML keeps the TeX MathJax reads in the
    annotation (the page script puts it back): that is the formula's TeX here,
    and stands for the formula in the text.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.math = []
        self.text = []
        self.tags = []
        self._math_depth = 0
        self._mathml = []  # open elements inside a <math>

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if self._math_depth:
            self._math_depth += 1
            if tag == "math" or self._mathml:
                self._mathml.append(tag)
        elif "arithmatex" in (dict(attrs).get("class") or "").split():
            self._math_depth = 1
            self.math.append("")

    def handle_endtag(self, tag):
        if self._math_depth:
            self._math_depth -= 1
        if self._mathml:
            self._mathml.pop()

    def _add(self, raw):
        if self._mathml and self._mathml[-1] != "annotation":
            return  # the MathML's own text: the annotation holds the formula
        self.text.append(raw)
        if self._math_depth:
            self.math[-1] += raw

    def handle_data(self, data):
        self._add(data)

    def handle_entityref(self, name):
        self._add(f"&{name};")

    def handle_charref(self, name):
        self._add(f"&#{name};")


def read(page_html):
    page = _Page()
    page.feed(page_html)
    page.close()
    page.math = [html.unescape(tex) for tex in page.math]
    page.text = html.unescape("".join(page.text))
    return page


def tex_in(page_html):
    """The TeX MathJax will read, one string per marked element, in page order."""
    return read(page_html).math


def post_html(text):
    return render_post(text)[0]


INLINE_CASES = [
    pytest.param("$a_1$ and $b_2$", [r"\(a_1\)", r"\(b_2\)"], id="subscripts-in-two-formulas"),
    pytest.param("$a*b$ and $c*d$", [r"\(a*b\)", r"\(c*d\)"], id="asterisks-in-two-formulas"),
    pytest.param(
        r"$\alpha^*_{ij}$ and $\beta^*_{kl}$",
        [r"\(\alpha^*_{ij}\)", r"\(\beta^*_{kl}\)"],
        id="star-superscript-then-subscript",
    ),
    pytest.param("$x__1$ and $y__2$", [r"\(x__1\)", r"\(y__2\)"], id="double-underscore-pairs"),
    pytest.param("$a_b$ _word_ $c_d$", [r"\(a_b\)", r"\(c_d\)"], id="emphasis-between-formulas"),
    pytest.param(
        r"$\{x \mid x>0\}$ and $\{b_1\}$",
        [r"\(\{x \mid x>0\}\)", r"\(\{b_1\}\)"],
        id="escaped-braces",
    ),
    pytest.param("$a<b>c$", [r"\(a<b>c\)"], id="angle-brackets-like-a-tag"),
    pytest.param(
        r"$\text{if } a<b \text{ and } c>d$",
        [r"\(\text{if } a<b \text{ and } c>d\)"],
        id="less-and-greater-than",
    ),
    pytest.param(
        r"$a \& b$, $p \% q$ and $\#S$",
        [r"\(a \& b\)", r"\(p \% q\)", r"\(\#S\)"],
        id="tex-escaped-specials",
    ),
    pytest.param(r"$\$5 + \$3$", [r"\(\$5 + \$3\)"], id="escaped-dollars-inside-math"),
    pytest.param(r"$a \\ b$", [r"\(a \\ b\)"], id="double-backslash-inline"),
    pytest.param(r"$a\_b$", [r"\(a\_b\)"], id="markdown-escape-inside-math-kept"),
    pytest.param("$[a](b)$", [r"\([a](b)\)"], id="link-like-text-in-math"),
    pytest.param(
        r"$f(x) = \begin{cases} 1 & x>0 \\ 0 & \text{else} \end{cases}$",
        [r"\(f(x) = \begin{cases} 1 & x>0 \\ 0 & \text{else} \end{cases}\)"],
        id="cases-inside-inline-math",
    ),
    pytest.param("能量$E=mc^2$，而动量$p$。", [r"\(E=mc^2\)", r"\(p\)"], id="chinese-hugging-math"),
    pytest.param(
        "（$x$）、「$y$」；$z_1$！",
        [r"\(x\)", r"\(y\)", r"\(z_1\)"],
        id="full-width-brackets-hugging-math",
    ),
    pytest.param(r"\(a<b\) and \(\{x\}\)", [r"\(a<b\)", r"\(\{x\}\)"], id="round-bracket-inline"),
    pytest.param(r"\\$x$", [r"\(x\)"], id="escaped-backslash-before-dollar"),
    pytest.param("**$a_1$** and *$b_2$*", [r"\(a_1\)", r"\(b_2\)"], id="math-inside-emphasis"),
    pytest.param(
        "[see $x_1$](https://example.com/a_b) and $y_2$",
        [r"\(x_1\)", r"\(y_2\)"],
        id="math-in-link-text",
    ),
]

DISPLAY_CASES = [
    pytest.param(
        "$$\nx_1 * y_1 = z_1\n$$", ["\\[\nx_1 * y_1 = z_1\n\\]"], id="dollar-display-block"
    ),
    pytest.param(
        r"\[ \int_0^1 f(x)\,dx \]", [r"\[ \int_0^1 f(x)\,dx \]"], id="square-bracket-display"
    ),
    pytest.param(
        "$$\n\\begin{aligned}\na &= b \\\\\nc &< d\n\\end{aligned}\n$$",
        ["\\[\n\\begin{aligned}\na &= b \\\\\nc &< d\n\\end{aligned}\n\\]"],
        id="ampersands-and-line-breaks-in-aligned",
    ),
    pytest.param(
        "\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}",
        ["\\begin{equation}\nE = mc^2 \\label{eq:energy}\n\\end{equation}"],
        id="equation-with-label-has-no-wrapper",
    ),
    pytest.param(
        "\\begin{align*}\na_1 &= b_1 \\\\\n&= c_1\n\\end{align*}",
        ["\\begin{align*}\na_1 &= b_1 \\\\\n&= c_1\n\\end{align*}"],
        id="align-star",
    ),
    pytest.param(
        "\\begin{gather}\na^2 \\\\\nb^2\n\\end{gather}",
        ["\\begin{gather}\na^2 \\\\\nb^2\n\\end{gather}"],
        id="gather",
    ),
    pytest.param(
        "\\begin{multline}\na + b \\\\\n+ c\n\\end{multline}",
        ["\\begin{multline}\na + b \\\\\n+ c\n\\end{multline}"],
        id="multline",
    ),
    pytest.param(
        "\\[\n\\begin{align}\nx &= y\n\\end{align}\n\\]",
        ["\\begin{align}\nx &= y\n\\end{align}"],
        id="align-inside-square-brackets-unwrapped",
    ),
    pytest.param(
        "$$\n\\begin{equation}\nx\n\\end{equation}\n$$",
        ["\\begin{equation}\nx\n\\end{equation}"],
        id="equation-inside-dollars-unwrapped",
    ),
    pytest.param(
        "\\begin{aligned}\nx &= y\n\\end{aligned}",
        ["\\[\\begin{aligned}\nx &= y\n\\end{aligned}\\]"],
        id="aligned-keeps-its-display-wrapper",
    ),
    pytest.param(
        "\\begin{equation}\na = b \\label{eq:x}\n\\end{equation}\n\n"
        "As \\eqref{eq:x} and \\ref{eq:x} show.",
        [
            "\\begin{equation}\na = b \\label{eq:x}\n\\end{equation}",
            r"\(\eqref{eq:x}\)",
            r"\(\ref{eq:x}\)",
        ],
        id="eqref-and-ref-in-text",
    ),
    pytest.param(
        "Before\n$$\na*b*c\n$$\nwhere $a$ is",
        ["\\[\na*b*c\n\\]", r"\(a\)"],
        id="dollar-display-without-blank-lines",
    ),
    pytest.param("so $$x_1$$ in a sentence", [r"\[x_1\]"], id="dollar-display-mid-sentence"),
    pytest.param(
        "Before\n\\[\nx_1 * y_1 * z\n\\]\nafter",
        ["\\[\nx_1 * y_1 * z\n\\]"],
        id="square-display-without-blank-lines",
    ),
    pytest.param(
        "Before\n\\begin{equation}\na*b*c \\label{eq:a}\n\\end{equation}\nwhere $a$ is",
        ["\\begin{equation}\na*b*c \\label{eq:a}\n\\end{equation}", r"\(a\)"],
        id="equation-without-blank-lines",
    ),
]

CONTAINER_CASES = [
    pytest.param(
        "- $a_1$ and $b_1$\n- $c*d$\n    - nested $e_{2}$",
        [r"\(a_1\)", r"\(b_1\)", r"\(c*d\)", r"\(e_{2}\)"],
        id="math-in-lists",
    ),
    pytest.param(
        "1. first $a$\n\n2. second\n\n    $$\n    b_1 * b_2\n    $$",
        [r"\(a\)", "\\[\nb_1 * b_2\n\\]"],
        id="display-in-ordered-list-item",
    ),
    pytest.param(
        "> $x^2$ and $y_1$\n>\n> $$\n> a*b\n> $$",
        [r"\(x^2\)", r"\(y_1\)", "\\[\na*b\n\\]"],
        id="math-in-blockquote",
    ),
    pytest.param(
        "| Left | Centre |\n|:-----|:------:|\n| $a_1$ | $b*c$ |",
        [r"\(a_1\)", r"\(b*c\)"],
        id="math-in-table-cells",
    ),
    pytest.param(
        "Euler[^1] and $a_1$.\n\n[^1]: Note $e^{i\\pi} + 1 = 0$.",
        [r"\(a_1\)", r"\(e^{i\pi} + 1 = 0\)"],
        id="math-in-footnote",
    ),
    pytest.param("## Energy $E_k$ and $p_1$", [r"\(E_k\)", r"\(p_1\)"], id="math-in-heading"),
]


@pytest.mark.parametrize(("source", "expected"), INLINE_CASES + DISPLAY_CASES + CONTAINER_CASES)
def test_post_math_reaches_mathjax_unchanged(source, expected):
    assert tex_in(post_html(source)) == expected


@pytest.mark.parametrize(("source", "expected"), INLINE_CASES + DISPLAY_CASES[:3])
def test_comment_math_reaches_mathjax_unchanged(source, expected):
    assert tex_in(render_comment(source)) == expected


def test_emphasis_still_works_around_math():
    page = read(post_html("Stars *around* $a*b$ and __bold__ $c_d$."))
    assert ("em", {}) in page.tags
    assert ("strong", {}) in page.tags
    assert page.math == [r"\(a*b\)", r"\(c_d\)"]


@pytest.mark.parametrize(
    ("source", "visible", "expected"),
    [
        pytest.param(r"costs \$5 and \$10", "costs $5 and $10", [], id="two-prices"),
        pytest.param(r"a \$ sign and $x$", r"a $ sign and \(x\)", [r"\(x\)"], id="beside-math"),
        pytest.param(r"$x$\$ after", r"\(x\)$ after", [r"\(x\)"], id="right-after-math"),
        pytest.param(r"one \$\$ two", "one $$ two", [], id="escaped-double-dollar"),
    ],
)
def test_escaped_dollar_shows_a_dollar_sign(source, visible, expected):
    page = read(post_html(source))
    assert page.text.strip() == visible
    assert page.math == expected


def test_unescaped_prices_are_not_math():
    page = read(post_html("Tickets cost $5 and $6 at the door."))
    assert page.text.strip() == "Tickets cost $5 and $6 at the door."
    assert page.math == []


def test_escaped_brackets_in_running_text_stay_brackets():
    page = read(post_html(r"see \[1\] and \[2\]"))
    assert page.text.strip() == "see [1] and [2]"
    assert page.math == []


def test_tex_in_inline_code_stays_code():
    body = post_html("`$x$`, `$$y$$` and `\\eqref{w}` but $z$")
    assert "<code>$x$</code>" in body
    assert "<code>$$y$$</code>" in body
    assert "<code>\\eqref{w}</code>" in body
    assert tex_in(body) == [r"\(z\)"]


def test_dollars_and_eqref_in_fenced_code_stay_code():
    body = post_html('```python\nprice = "$a_1$"  # \\eqref{x}\n```')
    assert "arithmatex" not in body
    assert read(body).text.strip() == 'price = "$a_1$"  # \\eqref{x}'


def test_fenced_code_is_highlighted_with_pygments_classes():
    body = post_html("```python\ndef f(x):\n    return x ** 2\n```")
    assert '<div class="highlight"><pre>' in body
    assert '<span class="k">def</span>' in body
    assert '<span class="nf">f</span>' in body
    assert '<span class="mi">2</span>' in body


def test_footnotes_link_both_ways():
    body = post_html("Claim[^proof].\n\n[^proof]: See the appendix.")
    page = read(body)
    assert ("a", {"class": "footnote-ref", "href": "#fn:proof"}) in page.tags
    assert ("li", {"id": "fn:proof"}) in page.tags
    assert any(tag == "a" and attrs.get("href") == "#fnref:proof" for tag, attrs in page.tags)
    assert "See the appendix." in page.text


def test_tables_keep_header_cells_and_alignment():
    page = read(post_html("| Left | Centre |\n|:-----|:------:|\n| 1 | 2 |"))
    assert ("th", {"style": "text-align: left;"}) in page.tags
    assert ("td", {"style": "text-align: center;"}) in page.tags


def heading_ids(body):
    return [attrs["id"] for tag, attrs in read(body).tags if tag in {"h2", "h3", "h4"}]


def test_chinese_headings_get_readable_unique_ids():
    source = "## 引言\n\n## 麦克斯韦方程组\n\n### 引言\n\n## 第一节：能量守恒（续）\n\n## 引言"
    body, toc = render_post(source)
    assert heading_ids(body) == ["引言", "麦克斯韦方程组", "引言_1", "第一节能量守恒续", "引言_2"]
    assert [attrs["href"] for tag, attrs in read(toc).tags if tag == "a"] == [
        "#" + id_ for id_ in heading_ids(body)
    ]
    assert render_post(source) == (body, toc)


def test_punctuation_only_headings_still_get_distinct_ids():
    ids = heading_ids(post_html("## ！？。\n\n## ……"))
    assert all(ids)
    assert len(set(ids)) == 2


def test_a_post_without_headings_has_no_toc():
    assert render_post("Just $x$.")[1] == ""


@pytest.mark.parametrize(
    ("source", "excerpt"),
    [
        pytest.param(
            f"Euler: $e^{{i\\pi}}$\n\n{MORE_MARKER}\n\nRest.", "Euler: $e^{i\\pi}$\n\n", id="marker"
        ),
        pytest.param("No marker, $x$.", None, id="no-marker"),
        pytest.param(None, None, id="empty-body"),
    ],
)
def test_split_excerpt(source, excerpt):
    assert split_excerpt(source) == excerpt


def test_more_marker_is_invisible_and_the_excerpt_keeps_its_math():
    source = f"Euler: $e^{{i\\pi}}+1=0${MORE_MARKER}rest"
    page = read(post_html(source))
    assert page.text.strip() == r"Euler: \(e^{i\pi}+1=0\)rest"
    assert page.math == [r"\(e^{i\pi}+1=0\)"]
    assert tex_in(post_html(split_excerpt(source))) == [r"\(e^{i\pi}+1=0\)"]


HOSTILE = [
    pytest.param("<script>alert(1)</script>", id="script"),
    pytest.param('<img src=x onerror="alert(1)">', id="img-onerror"),
    pytest.param("<svg onload=alert(1)>", id="svg-onload"),
    pytest.param('<a href="https://ok.example" onclick="alert(1)">ok</a>', id="onclick"),
    pytest.param("[x](javascript:alert(1))", id="javascript-link"),
    pytest.param("[x](JaVaScRiPt:alert(1))", id="javascript-mixed-case"),
    pytest.param("[x](jav&#x09;ascript:alert(1))", id="javascript-tab-entity"),
    pytest.param("[x](jav\tascript:alert(1))", id="javascript-raw-tab"),
    pytest.param("[x](&#106;avascript:alert(1))", id="javascript-decimal-entity"),
    pytest.param("[x][r]\n\n[r]: javascript:alert(1)", id="javascript-reference-link"),
    pytest.param('<a href="jav&#x09;ascript:alert(1)">x</a>', id="raw-anchor-tab-entity"),
    pytest.param('<a href=" javascript:alert(1)">x</a>', id="raw-anchor-leading-space"),
    pytest.param(
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", id="data-html-link"
    ),
    pytest.param("![x](javascript:alert(1))", id="javascript-image"),
    pytest.param("<iframe src='https://evil.example'></iframe>", id="iframe"),
    pytest.param("<form action='javascript:alert(1)'><button>x</button></form>", id="form"),
    pytest.param("<base href='https://evil.example/'>", id="base"),
    pytest.param("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", id="mxss"),
    pytest.param("$<script>alert(1)</script>$", id="script-in-math"),
    pytest.param("$$\n<img src=x onerror=alert(1)>\n$$", id="onerror-in-display-math"),
    pytest.param(r"\eqref{<script>}", id="script-in-eqref"),
]


@pytest.mark.parametrize("source", HOSTILE)
def test_post_html_is_inert(source):
    assert executable_markup(post_html(source)) == []


@pytest.mark.parametrize("source", HOSTILE)
def test_comment_html_is_inert(source):
    assert executable_markup(render_comment(source)) == []


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[x](data:image/svg+xml;base64,PHN2Zz4=)", id="data-svg-link"),
        pytest.param("![x](data:image/svg+xml;base64,PHN2Zz4=)", id="data-svg-image"),
    ],
)
def test_post_drops_data_urls(source):
    assert "data:" not in post_html(source)


def test_post_keeps_safe_links_and_images():
    tags = read(post_html("[ok](https://example.com) ![p](https://example.com/a.png)")).tags
    assert ("a", {"href": "https://example.com"}) in tags
    assert ("img", {"alt": "p", "src": "https://example.com/a.png"}) in tags


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("<b>bold</b> <i>it</i>", id="inline-tags"),
        pytest.param('<div class="x">block</div>', id="block-tag"),
        pytest.param("<script>alert(1)</script>", id="script"),
    ],
)
def test_raw_html_in_comments_is_shown_as_text(source):
    page = read(render_comment(source))
    assert page.text.strip() == source
    assert [tag for tag, attrs in page.tags] == ["p"]


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("[x](https://example.com)", id="inline-link"),
        pytest.param("<https://example.com>", id="autolink"),
        pytest.param("[x][r]\n\n[r]: https://example.com", id="reference-link"),
    ],
)
def test_comment_links_are_marked_as_user_content(source):
    links = [attrs for tag, attrs in read(render_comment(source)).tags if tag == "a"]
    assert links == [{"href": "https://example.com", "rel": "nofollow ugc noopener"}]


@pytest.mark.parametrize(
    ("source", "forbidden"),
    [
        pytest.param("![p](https://example.com/a.png)", "img", id="image"),
        pytest.param("# Title", "h1", id="atx-heading"),
        pytest.param("Title\n-----", "h2", id="setext-heading"),
        pytest.param("| a |\n|---|\n| b |", "table", id="table"),
    ],
)
def test_comments_allow_no_images_headings_or_tables(source, forbidden):
    assert forbidden not in [tag for tag, attrs in read(render_comment(source)).tags]
