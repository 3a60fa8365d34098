"""The table of contents keeps the formulas of headings as math, with the same anchors."""

import re

from kexue.markup import render_post

SOURCE = (
    "## 位移与$\\sqrt n$\n\nText[^a].\n\n"
    "### The bound $a<b$ & *why* it holds[^a]\n\nMore.\n\n"
    "## Plain heading\n\n[^a]: A note."
)


def links(toc):
    return re.findall(r'<a href="([^"]*)">(.*?)</a>', toc)


def test_a_headings_formula_is_marked_math_in_the_toc_not_raw_tex():
    body, toc = render_post(SOURCE)
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
