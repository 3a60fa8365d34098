"""Excerpts and descriptions: no footnote marks, formulas whole."""

import pytest

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db

NOETHER = (
    "This is Noether's theorem[^noether], and `x[^a]` is code.\n\n<!--more-->\n\n"
    "## Setting\n\nMore.\n\n[^noether]: Emmy Noether, 1918."
)


def test_an_excerpt_before_the_marker_drops_the_marker_it_cannot_resolve_but_not_code():
    post = PostFactory(body=NOETHER)
    assert "[^noether]" not in post.excerpt_html
    assert "This is Noether's theorem, and <code>x[^a]</code> is code." in post.excerpt_html
    assert post.description == "This is Noether's theorem, and x[^a] is code."


def test_an_excerpt_of_leading_paragraphs_has_neither_footnote_marks_nor_footnotes():
    post = PostFactory(body="Short claim[^a].\n\n[^a]: The note.")
    assert "fnref" not in post.excerpt_html and "footnote" not in post.excerpt_html
    assert "The note" not in post.excerpt_html
    assert post.excerpt_html == "<p>Short claim.</p>"


def test_a_description_stops_before_a_formula_that_would_not_fit_and_has_no_label():
    words = "word " * 55  # 275 characters
    post = PostFactory(
        body=f"{words}then $\\int_0^1 x^2\\,dx = \\frac13 + \\text{{a long tail}}$ done.\n\n"
        "\\begin{equation}\nx \\label{eq:x}\n\\end{equation}"
    )
    assert post.description == (words + "then").strip() + "…"
    short = PostFactory(
        body="Area $\\int_0^1 x\\,dx$:\n\n\\begin{equation}\nx \\label{eq:x}\n\\end{equation}"
    )
    assert short.description == "Area \\(\\int_0^1 x\\,dx\\): \\begin{equation} x \\end{equation}"
