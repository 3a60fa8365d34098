"""A post's table of contents with the formulas of its headings kept as math.

Python-Markdown's own TOC flattens each heading to text, so `## 位移与$\\sqrt n$`
came out as the raw TeX `位移与\\(\\sqrt n\\)`. This builds the same nested lists
from its `toc_tokens` (same anchors, same nesting), each heading read by
kexue.mathtext: text escaped, formulas as `span.arithmatex` that the page's
MathJax typesets inside the post's `.math-scope` TOC.
"""

from django.utils.html import escape

from kexue.mathtext import math_html


def table_of_contents(tokens):
    """`<div class="toc">` of nested `<ul>` for Python-Markdown's toc_tokens, or ""."""
    return f'<div class="toc">\n{_entries(tokens)}</div>\n' if tokens else ""


def _entries(tokens):
    items = "".join(
        f'<li><a href="#{escape(token["id"])}">{_heading(token)}</a>'
        f"{_entries(token['children']) if token['children'] else ''}</li>\n"
        for token in tokens
    )
    return f"<ul>\n{items}</ul>\n"


def _heading(token):
    # A heading's data-toc-label, when its writer gave one, says what the TOC shows.
    return math_html(token.get("data-toc-label") or token["html"])
