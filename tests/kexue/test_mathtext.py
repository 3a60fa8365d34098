"""The one text form of stored HTML: formulas whole, marked as math, no Markdown residue."""

from html.parser import HTMLParser

from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from kexue.markup import render_comment, render_post
from kexue.mathtext import Formula, Text, math_snippet, pieces, plain_text
from kexue.search_text import terms_pattern


def mathml_shape(tex, tag="span"):
    """A formula as the MathML step stores it: the TeX only in the annotation."""
    return (
        f'<{tag} class="arithmatex"><math xmlns="http://www.w3.org/1998/Math/MathML">'
        "<semantics><mrow><mi>x</mi><mo>=</mo><mn>1</mn></mrow>"
        f'<annotation encoding="application/x-tex">{escape(tex)}</annotation>'
        f"</semantics></math></{tag}>"
    )


def tex_shape(tex, tag="span"):
    return f'<{tag} class="arithmatex">{escape(tex)}</{tag}>'


class Snippet(HTMLParser):
    """What a snippet shows: the formulas, the marks, and the text outside formulas."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.formulas, self.outside, self.marks_in_formulas = [], [], 0
        self.in_formula = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "span" and ("class", "arithmatex") in attrs:
            self.in_formula = True
            self.formulas.append("")
        elif tag == "mark" and self.in_formula:
            self.marks_in_formulas += 1

    def handle_endtag(self, tag):
        if tag == "span":
            self.in_formula = False

    def handle_data(self, data):
        if self.in_formula:
            self.formulas[-1] += data
        else:
            self.outside.append(data)


def test_tex_comes_from_the_annotation_when_there_is_mathml_else_from_the_text():
    for shape in (tex_shape, mathml_shape):
        euler, display = shape(r"\(e^{i\pi}+1=0\)"), shape(r"\[a<b\]", "div")
        html = f"<p>Euler: {euler} and {display}</p>"
        assert pieces(html) == [
            Text("Euler: "),
            Formula(r"\(e^{i\pi}+1=0\)"),
            Text(" and "),
            Formula(r"\[a<b\]"),
        ], shape.__name__
        assert plain_text(html) == r"Euler: \(e^{i\pi}+1=0\) and \[a<b\]"
        assert math_snippet(html, 100) == (
            'Euler: <span class="arithmatex">\\(e^{i\\pi}+1=0\\)</span> and '
            '<span class="arithmatex">\\(a&lt;b\\)</span>'
        )


def test_mathml_without_a_tex_annotation_is_never_read_as_tex():
    html = (
        '<span class="arithmatex">\\(x\\)<math><mi>y</mi></math></span> and '
        '<span class="arithmatex"><math display="block"><semantics><mi>z</mi>'
        '<annotation encoding="application/x-tex" data-origin="mathjax">\\[z\\]</annotation>'
        "</semantics></math></span>"
    )
    assert pieces(html) == [Formula(r"\(x\)"), Text(" and "), Formula(r"\[z\]")]


def test_footnote_markers_and_footnotes_never_show_and_search_vectors_keep_the_notes():
    html = render_post("Noether's theorem[^noether] holds.\n\n[^noether]: Emmy Noether, 1918.")[0]
    assert plain_text(html) == "Noether's theorem holds."
    assert math_snippet(html, 100) == "Noether&#x27;s theorem holds."
    assert plain_text(html, footnotes=True).startswith(
        "Noether's theorem holds. Emmy Noether, 1918."
    )


def test_an_unresolved_footnote_marker_goes_from_text_but_stays_in_code():
    html = render_post("Theorem[^noether] and `re.sub('[^a]', '', s)`.")[0]
    assert plain_text(html) == "Theorem and re.sub('[^a]', '', s)."


def test_labels_go_and_references_read_ref_since_their_targets_are_on_another_page():
    html = render_post(
        "\\begin{equation}\nE = mc^2 \\label{eq:e}\n\\end{equation}\n\n"
        "By \\eqref{eq:e}, and $x = \\eqref{eq:e} + 1$."
    )[0]
    text = plain_text(html)
    assert "\\label" not in text and "\\eqref" not in text
    assert text.endswith(r"By (ref), and \(x = \text{(ref)} + 1\).")
    snippet = math_snippet(html, 200)
    assert Snippet(snippet).formulas == [r"\(E = mc^2\)", r"\(x = \text{(ref)} + 1\)"]


def test_display_environments_become_their_inline_forms_in_snippets_without_numbers():
    html = render_post(
        "\\begin{align}\na &= b \\notag \\\\\nc &= d \\tag{2}\n\\end{align}\n\n"
        "\\begin{gather*}\nx\n\\end{gather*}"
    )[0]
    assert Snippet(math_snippet(html, 100)).formulas == [
        r"\(\begin{aligned} a &= b \\ c &= d \end{aligned}\)",
        r"\(\begin{gathered} x \end{gathered}\)",
    ]
    # Plain text keeps the TeX as written (on one line).
    assert plain_text(html).startswith(r"\begin{align} a &= b \notag \\ c &= d \tag{2} \end{align}")


def test_tables_read_as_cells_and_rows():
    html = render_post(
        "| symmetry | conserved |\n|---|---|\n| time | energy $E$ |\n| space | $p$ |"
    )[0]
    assert plain_text(html) == r"symmetry · conserved; time · energy \(E\); space · \(p\)"


def test_a_long_text_is_cut_before_a_formula_that_does_not_fit():
    html = render_comment(r"Yes: $\frac{dH}{dT} = \frac{\operatorname{Var}_p(z)}{T^3} \ge 0$, so.")
    assert plain_text(html, 20) == "Yes:…"
    # In a snippet a formula counts as wide as it looks, so it fits in 40.
    assert Snippet(math_snippet(html, 40)).formulas == [
        r"\(\frac{dH}{dT} = \frac{\operatorname{Var}_p(z)}{T^3} \ge 0\)"
    ]
    assert str(math_snippet(html, 6)) == "Yes:…"


def test_a_snippet_starts_near_the_first_match_in_the_text_and_never_marks_a_formula():
    html = render_comment("intro " * 50 + "the entropy $H = -\\sum p \\log p$ and entropy again")
    snippet = math_snippet(html, 60, terms_pattern(["entropy", "log"]))
    assert snippet.startswith("…") and "intro intro intro intro intro" not in snippet
    assert snippet.count("<mark>entropy</mark>") == 2
    assert Snippet(snippet).formulas == [r"\(H = -\sum p \log p\)"]
    assert Snippet(snippet).marks_in_formulas == 0


def test_text_is_escaped_and_stray_delimiters_in_code_stay_text():
    html = render_comment("`\\(x\\)` <b>bold</b> & $y$")
    snippet = Snippet(math_snippet(html, 100))
    assert snippet.formulas == [r"\(y\)"]
    assert "".join(snippet.outside) == "\\(x\\) <b>bold</b> & "


WORDS = st.text(alphabet="abcxyz 熵信息<&>.,", min_size=1, max_size=30)
TEX = st.text(alphabet="xyz^_{}+-=<&\\ab12 ", min_size=1, max_size=40).map(
    lambda body: body.replace("\\", "\\alpha ")
)
FORMULAS = st.one_of(
    TEX.map(lambda body: ("span", rf"\({body}\)")),
    TEX.map(lambda body: ("div", rf"\[{body}\]")),
    TEX.map(lambda body: ("div", f"\\begin{{equation}}{body}\\end{{equation}}")),
)
DOCUMENTS = st.lists(st.one_of(WORDS, FORMULAS), min_size=1, max_size=12)


def build(document, shape):
    html = []
    for piece in document:
        html.append(shape(piece[1], piece[0]) if isinstance(piece, tuple) else escape(piece))
    return "<p>" + "".join(html) + "</p>"


def whole_formulas(document):
    return [
        Formula(" ".join(tex.split()))
        for piece in document
        if isinstance(piece, tuple)
        for tex in [piece[1]]
    ]


def without_whole_formulas(text, formulas, form):
    for formula in sorted(formulas, key=lambda f: -len(form(f))):
        text = text.replace(form(formula), "")
    return text


@settings(max_examples=300, deadline=None)
@given(
    document=DOCUMENTS,
    length=st.integers(min_value=1, max_value=200),
    term=st.sampled_from(["a", "熵", "x", "信息", "zzz"]),
    mathml=st.booleans(),
)
def test_no_cut_length_ever_splits_a_formula_or_marks_inside_one(document, length, term, mathml):
    html = build(document, mathml_shape if mathml else tex_shape)
    formulas = whole_formulas(document)
    inline_forms = {formula.inline_tex for formula in formulas}

    snippet = Snippet(math_snippet(html, length, terms_pattern([term])))
    assert set(snippet.formulas) <= inline_forms
    assert snippet.marks_in_formulas == 0
    outside = "".join(snippet.outside)
    assert "\\(" not in outside and "\\)" not in outside

    text = plain_text(html, length)
    assert len(text) <= length
    rest = without_whole_formulas(text, formulas, lambda formula: formula.tex)
    for delimiter in ("\\(", "\\)", "\\[", "\\]", "\\begin", "\\end"):
        assert delimiter not in rest, (text, rest)
