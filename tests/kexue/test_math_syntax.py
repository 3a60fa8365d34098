"""Where the pipeline finds math beyond arithmatex's own rules (kexue/markup/mathsyntax.py).

Each case gives the source and the exact TeX MathJax reads, one string per marked
element, as tests/kexue/test_markup.py does.
"""

import pytest

from kexue.markup import render_comment, render_post
from tests.kexue.test_markup import read, tex_in


def post_html(text):
    return render_post(text)[0]


PADDED_CASES = [
    pytest.param(r"$ \gamma$ 是折扣因子", [r"\( \gamma\)"], id="space-after-opening"),
    pytest.param("动作价值 $Q(s, a) $ 的估计", [r"\(Q(s, a) \)"], id="space-before-closing"),
    pytest.param("$ x $ and $ y $", [r"\( x \)", r"\( y \)"], id="padded-both-sides-twice"),
    pytest.param(r"$2\pi$ rad and $3$ m", [r"\(2\pi\)", r"\(3\)"], id="digits-open-a-formula"),
    pytest.param(r"$\{x \mid x > 0\}$", [r"\(\{x \mid x > 0\}\)"], id="braces-and-spaces"),
]
NOT_MATH_CASES = [
    pytest.param("Tickets cost $5 and $10 at the door.", id="two-prices"),
    pytest.param("from $5 to $6, or $7 to $8", id="four-prices"),
    pytest.param(r"a \$ sign, then \$ x \$", id="escaped-dollars"),
    pytest.param("a lone $ sign", id="one-dollar"),
    pytest.param("$ $", id="only-a-space-between"),
]


@pytest.mark.parametrize(("source", "expected"), PADDED_CASES)
@pytest.mark.parametrize("render", [post_html, render_comment], ids=["post", "comment"])
def test_padded_dollars_are_math_as_mathjax_reads_them(render, source, expected):
    assert tex_in(render(source)) == expected


@pytest.mark.parametrize("source", NOT_MATH_CASES)
def test_prices_and_escaped_dollars_stay_text(source):
    page = read(post_html(source))
    assert page.math == []
    assert "$" in page.text


def test_a_dollar_inside_text_of_an_in_paragraph_display_keeps_the_display_whole():
    source = r"所以 $$f(z) = \begin{cases} 1 & \text{if $z$ is valid} \\ 0 \end{cases}$$ 成立"
    assert tex_in(post_html(source)) == [
        r"\[f(z) = \begin{cases} 1 & \text{if $z$ is valid} \\ 0 \end{cases}\]"
    ]


def test_a_dollar_inside_text_of_a_display_block():
    source = "$$\nx = 1 \\text{ when $n$ is even} \\\\ y = 2\n$$"
    assert tex_in(post_html(source)) == ["\\[\nx = 1 \\text{ when $n$ is even} \\\\ y = 2\n\\]"]


def test_a_block_of_displays_with_prose_between_is_split_into_its_displays():
    source = "$$a = b$$\n其中 $a$ 是长度，\n$$c = d$$"
    page = read(post_html(source))
    assert page.math == [r"\[a = b\]", r"\(a\)", r"\[c = d\]"]
    assert "其中" in page.text and "是长度" in page.text


def test_two_displays_on_one_line_are_two_formulas():
    assert tex_in(post_html("$$a$$ and $$b$$")) == [r"\[a\]", r"\[b\]"]


def test_a_block_that_is_one_display_is_left_alone():
    source = "$$\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n$$"
    assert tex_in(post_html(source)) == [
        "\\[\n\\begin{aligned} a &= b \\\\ c &= d \\end{aligned}\n\\]"
    ]


def test_a_pipe_inside_math_does_not_split_a_table_cell():
    source = (
        "| 量 | 定义 |\n"
        "| --- | --- |\n"
        r"| 范数 | $\|x\| = \sqrt{x^\top x}$ |" "\n"
        r"| 集合 | $\{x | x > 0\}$ 与 \(|y|\) |" "\n"
        "| 代码 | `a|b` |"
    )  # fmt: skip
    html = post_html(source)
    assert tex_in(html) == [r"\(\|x\| = \sqrt{x^\top x}\)", r"\(\{x | x > 0\}\)", r"\(|y|\)"]
    assert html.count("<td>") == 6
    assert "<code>a</code>" not in html and "\ufdd0" not in html


def test_prices_in_a_table_stay_text_and_cells():
    html = post_html("| a | b |\n|---|---|\n| $5 | $6 |")
    assert tex_in(html) == [] and html.count("<td>") == 2


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param(
            '<figure>\n<img src="/media/a.png" alt="">\n'
            "<figcaption>图 1：$p(x)$ 的相图，\\(E_k\\) 守恒</figcaption>\n</figure>",
            [r"\(p(x)\)", r"\(E_k\)"],
            id="figure-caption",
        ),
        pytest.param(
            "<details>\n<summary>证明 $\\|x\\|_2 \\le 1$</summary>\n"
            "由 $$\\sum_i x_i^2 \\le 1$$ 即得。\n</details>",
            [r"\(\|x\|_2 \le 1\)", r"\[\sum_i x_i^2 \le 1\]"],
            id="details-summary-and-body",
        ),
        pytest.param(
            "<table><tr><td>$a &lt; b$</td>"
            "<td>\\begin{align}x&amp;=1\\end{align}</td></tr></table>",
            ["\\(a < b\\)", "\\begin{align}x&=1\\end{align}"],
            id="html-table-cells",
        ),
    ],
)
def test_math_in_raw_html_is_marked(source, expected):
    assert tex_in(post_html(source)) == expected


def test_raw_html_code_and_marked_math_are_not_marked_again():
    source = (
        "<div>\n<code>$x$</code> <pre>$$y$$</pre> "
        '<span class="arithmatex">\\(z\\)</span> and $5 or $6\n</div>'
    )
    html = post_html(source)
    assert tex_in(html) == [r"\(z\)"]
    assert "<code>$x$</code>" in html and "<pre>$$y$$</pre>" in html


def test_raw_html_in_comments_stays_text_and_its_dollars_math_only_as_text():
    html = render_comment("<figure><figcaption>$p$</figcaption></figure>")
    assert "<figure>" not in html
    assert tex_in(html) == [r"\(p\)"]
