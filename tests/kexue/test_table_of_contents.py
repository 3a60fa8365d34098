"""The table of contents keeps the formulas of headings as math, with the same anchors."""

import re

from kexue.markup import render_post

SOURCE = (
    "## 位移与$\\sqrt n$\n\nText[^a].\n\n"
    "### The bound $a<b$ & *why* it holds[^a]\n\nMore.\n\n"
    "## Plain heading\n\n[^a]: A note."
)


# A formula stored with its MathML, reduced to the TeX of its annotation.
WITH_MATHML = re.compile(
    r'(<span class="arithmatex">)<math [^>]*>.*?'
    r'<annotation encoding="application/x-tex">([^<]*)</annotation></semantics></math>(</span>)',
    re.S,
)


def links(toc):
    return re.findall(r'<a href="([^"]*)">(.*?)</a>', WITH_MATHML.sub(r"\1\2\3", toc))


def test_a_headings_formula_is_marked_math_in_the_toc_not_raw_tex():
    body, toc = render_post(SOURCE)
    assert toc.count("<math") == 2  # and MathML for feeds and readers without script
    assert links(toc) == [
        ("#位移与sqrt-n", '位移与<span class="arithmatex">\\(\\sqrt n\\)</span>'),
        ("#the-bound-ab--why-it-holds", 'The bound <span class="arithmatex">\\(a&lt;b\\)</span>'
         " &amp; why it holds"),
        ("#plain-heading", "Plain heading"),
    ]  # fmt: skip
    # Nesting as in the post: the h3 sits in the first entry's list.
    assert re.search(r"<li><a [^>]*>位移与.*?</a><ul>\n<li><a href=\"#the-bound", toc, re.S)


def test_every_toc_anchor_is_a_headings_id():
    body, toc = render_post(SOURCE)
    ids = re.findall(r'<h[2-4] id="([^"]*)"', body)
    assert [href for href, _ in links(toc)] == ["#" + id_ for id_ in ids]
