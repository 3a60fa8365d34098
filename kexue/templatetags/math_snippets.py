"""Stored HTML shown short, formulas whole: `{% load math_snippets %}`.

`math_snippet` gives safe HTML whose formulas the page's MathJax typesets, so
put it inside an element with `class="math-scope tex2jax_ignore"`;
`math_plain` gives text for attributes and plain-text places.
"""

from django import template

from kexue.mathtext import math_snippet as snippet
from kexue.mathtext import plain_text

register = template.Library()


@register.filter
def math_snippet(html, length=160):
    """About `length` characters of stored HTML; a formula is kept whole or left out."""
    return snippet(html, int(length))


@register.filter
def math_plain(html, length=160):
    """At most `length` characters of stored HTML as text, each formula's TeX whole."""
    return plain_text(html, int(length))
