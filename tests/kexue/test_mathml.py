"""Server-side MathML: every formula of stored HTML carries MathML with its TeX
kept byte for byte; a formula that does not convert keeps its TeX; hostile TeX
leaves nothing active in the MathML."""

import xml.etree.ElementTree as etree

import pytest

from kexue.markup import mathml, render_comment, render_post
from kexue.models import SiteSettings

MATH = "{http://www.w3.org/1998/Math/MathML}"

pytestmark = pytest.mark.usefixtures("mathml_worker")


def formulas(stored_html):
    """(tag, <math> element or None, text) for each formula element."""
    root = etree.fromstring(f"<root>{stored_html}</root>")  # noqa: S314 - our own output
    found = []
    for element in root.iter():
        if element.get("class") == "arithmatex":
            math = element.find(f"{MATH}math")
            found.append((element.tag, math, "".join(element.itertext())))
    return found


def annotation(math):
    return math.find(f"{MATH}semantics/{MATH}annotation").text


@pytest.mark.parametrize(
    ("markdown", "original"),
    [
        (r"inline $a<b \& c>d$ here", r"\(a<b \& c>d\)"),
        (r"chinese \(\text{中文：概率} = \frac12\) here", r"\(\text{中文：概率} = \frac12\)"),
        (
            "$$\n\\begin{aligned} x &= 1 \\\\ y &< 2 \\end{aligned}\n$$",
            "\\[\n\\begin{aligned} x &= 1 \\\\ y &< 2 \\end{aligned}\n\\]",
        ),
        (
            "\\begin{align}\na &= b \\label{eq:ab} \\\\\nc &= d \\tag{*}\n\\end{align}",
            "\\begin{align}\na &= b \\label{eq:ab} \\\\\nc &= d \\tag{*}\n\\end{align}",
        ),
    ],
)
def test_annotation_is_the_formula_text_byte_for_byte(markdown, original):
    html, _toc = render_post(markdown)
    [(_tag, math, _text)] = formulas(html)
    assert math is not None, html
    assert annotation(math) == original
    assert math.find(f"{MATH}semantics/{MATH}annotation").get("encoding") == "application/x-tex"


def test_display_math_is_a_block_and_inline_math_is_not():
    html, _toc = render_post("inline $x$\n\n$$\ny\n$$\n\n\\begin{equation}z\\end{equation}")
    found = formulas(html)
    assert [(tag, math.get("display")) for tag, math, _ in found] == [
        ("span", None),
        ("div", "block"),
        ("div", "block"),
    ]


def test_formula_element_holds_only_the_math():
    html = render_comment(r"so $x^2$ then")
    assert '<span class="arithmatex"><math xmlns="http://www.w3.org/1998/Math/MathML">' in html
    assert html.count("<math") == 1
    # The visible text is the MathML's, not the TeX (the annotation is not rendered).
    [(_tag, math, _text)] = formulas(html)
    assert "".join(math.find(f"{MATH}semantics/{MATH}mrow").itertext()) == "x2"


@pytest.mark.parametrize(
    "broken",
    [r"$\frac{1}{$", r"$\nosuchmacro x$", r"$a & b$", r"$\require{physics} x$"],
)
def test_a_formula_that_does_not_convert_keeps_its_tex(broken):
    html = render_comment(f"before {broken} after")
    [(_tag, math, text)] = formulas(html)
    assert math is None
    assert text == r"\(" + broken.strip("$") + r"\)"


def test_one_bad_formula_leaves_the_others_converted():
    html = render_comment(r"$\frac{1}{$ and $y$ and $\nosuchmacro$ and $z$")
    assert [math is not None for _, math, _ in formulas(html)] == [False, True, False, True]


@pytest.mark.parametrize(
    "hostile",
    [
        r"$\href{javascript:alert(1)}{x}$",
        r"$\href{ javascript:alert(1)}{x}$",
        r"$\href{data:text/html,<script>alert(1)</script>}{x}$",
        r"$\href{vbscript:msgbox}{x}$",
    ],
)
def test_hostile_links_leave_no_href(hostile):
    html = render_comment(hostile)
    [(_tag, math, _text)] = formulas(html)
    assert math is not None
    assert all(element.get("href") is None for element in math.iter())
    semantics = math.find(f"{MATH}semantics")
    semantics.remove(semantics.find(f"{MATH}annotation"))
    assert "script" not in etree.tostring(math, encoding="unicode")


def test_safe_links_and_equation_references_stay():
    html, _toc = render_post(
        "\\begin{equation}x\\label{eq:x}\\end{equation}\n\n"
        r"see $\eqref{eq:x}$ and $\href{https://example.org/a}{site}$"
    )
    hrefs = [e.get("href") for _, math, _ in formulas(html) for e in math.iter() if e.get("href")]
    assert hrefs == ["#mjx-eqn%3Aeq%3Ax", "https://example.org/a"]


def test_numbered_equations_carry_no_ids():
    """Every text numbers from (1): ids would repeat across excerpts and comments
    on one page. MathJax gives the typeset equations their ids."""
    html, _toc = render_post("\\begin{equation}x\\label{eq:x}\\end{equation}\n\n$$y\\tag{2}$$")
    found = formulas(html)
    assert len(found) == 2 and all(math is not None for _, math, _ in found)
    assert " id=" not in html


def test_style_class_ids_and_mathjax_bookkeeping_are_dropped():
    html = render_comment(
        r"$\style{position:fixed;top:0}{x} \class{admin}{y} \cssId{comment-form}{z}"
        r" \color{red}{w} \color{url(javascript:alert(1))}{v}$"
    )
    [(_tag, math, _text)] = formulas(html)
    assert math is not None
    attributes = {name for element in math.iter() for name in element.attrib}
    assert attributes <= {"xmlns", "mathcolor", "encoding"}
    colours = {e.get("mathcolor") for e in math.iter() if e.get("mathcolor")}
    assert colours == {"red"}
    semantics = math.find(f"{MATH}semantics")
    semantics.remove(semantics.find(f"{MATH}annotation"))
    presentation = etree.tostring(math, encoding="unicode")
    assert "data-" not in presentation and "style=" not in presentation
    assert "comment-form" not in presentation and "admin" not in presentation


def test_definitions_in_one_text_do_not_reach_the_next():
    render_comment(r"$\def\R{EVIL}\R$")
    html = render_comment(r"$\R$")
    [(_tag, math, _text)] = formulas(html)
    assert math is None  # \R is undefined again


@pytest.mark.django_db
def test_site_macros_expand_in_the_mathml():
    settings_row = SiteSettings.current()
    settings_row.tex_macros = "\n".join(
        [r"\newcommand{\R}{\mathbb{R}}", r"\newcommand{\E}[1]{\mathbb{E}_{#1}}"]
    )
    settings_row.save()
    html = render_comment(r"$x \in \R$, $\E{q}$", tex_macros=settings_row.tex_macros_for_mathjax())
    [(_, first, _), (_, second, _)] = formulas(html)
    assert first.find(f".//{MATH}mi[@mathvariant='double-struck']").text == "R"
    assert second.find(f".//{MATH}msub/{MATH}mrow/{MATH}mi").text == "E"
    assert annotation(first) == r"\(x \in \R\)"


def test_without_node_formulas_stay_tex_with_one_warning(monkeypatch, caplog):
    monkeypatch.setattr(mathml, "_worker", None)
    monkeypatch.setattr(mathml, "_warned", False)
    monkeypatch.setattr(mathml.shutil, "which", lambda name: None)
    html = render_comment("$x$")
    assert html == '<p><span class="arithmatex">\\(x\\)</span></p>'
    render_comment("$y$ and $z$")
    assert [record.getMessage() for record in caplog.records] == [
        "Formulas are stored as TeX only, without MathML: Node.js is not installed."
    ]


def test_a_stuck_worker_is_replaced_and_the_text_keeps_its_tex(monkeypatch):
    monkeypatch.setattr(mathml, "BATCH_TIMEOUT", 0.5)
    # A macro that expands for ever: MathJax's own limits stop it, or the timeout does.
    html = render_comment(r"$\def\loop{\loop x}\loop$ and $y$")
    assert formulas(html)[0][1] is None
    assert formulas(render_comment("$y$"))[0][1] is not None


def test_texts_converted_at_once_match_texts_converted_one_by_one():
    texts = [
        render_comment(body, mathml=False)
        for body in [r"$a_1 < b$ and \(\frac{1}{2}\)", "no math here", "$$\\sum_k k^2$$", r"$\R$"]
    ]
    assert mathml.add_mathml_to_each(texts) == [mathml.add_mathml(text) for text in texts]


@pytest.mark.parametrize(
    "definition",
    [
        r"$\def\R{EVIL}\R$",
        r"$\newcommand{\R}{EVIL}\R$",
        r"$\let\R\alpha \R$",
        r"$\DeclareMathOperator{\R}{EVIL} \R$",
    ],
)
def test_definitions_in_one_text_of_a_batch_do_not_reach_the_next(definition):
    # The worker makes a fresh TeX input only after a text that may define
    # something; each kind of definition must count as one.
    defining, using = mathml.add_mathml_to_each(
        [render_comment(definition, mathml=False), render_comment(r"$\R$", mathml=False)]
    )
    assert formulas(defining)[0][1] is not None
    [(_tag, math, _text)] = formulas(using)
    assert math is None  # \R is undefined again


def test_definitions_stay_within_their_own_text():
    [html] = mathml.add_mathml_to_each([render_comment(r"$\def\R{X}$ then $\R$", mathml=False)])
    assert all(math is not None for _tag, math, _text in formulas(html))
