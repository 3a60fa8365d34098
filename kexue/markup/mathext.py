"""Markdown extension that finishes what arithmatex leaves for MathJax.

- AMS top-level environments (equation, align, gather, ...) must not sit inside
  \\[ \\]: MathJax reports "Erroneous nesting", so their wrapper is removed.
- \\eqref{..} and \\ref{..} written in running text become inline math, so
  MathJax (which only looks at marked math) turns them into links.
- Display math written inside a paragraph (no blank line before or after it)
  is marked too: arithmatex's block processor only takes a whole block, so
  `text $$x$$` became `$\\(x\\)$`, and `*`/`_` in such a display turned
  into emphasis.
- Links in formulas (\\href, \\url, \\mmlToken's href) are checked like every
  other link (kexue/markup/texlinks.py), for posts as for comments.
"""

import html
import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .texlinks import without_unsafe_links

TOP_LEVEL_ENVIRONMENTS = (
    "equation|align|gather|multline|flalign|alignat|eqnarray|xalignat|xxalignat"
)
WRAPPED_ENVIRONMENT = re.compile(
    r"^\\\[\s*(\\begin\{(?:" + TOP_LEVEL_ENVIRONMENTS + r")\*?\}.*\\end\{[a-z]+\*?\})\s*\\\]$",
    re.DOTALL,
)
REFERENCE = r"\\(?:eq)?ref\{[^{}\s]{1,80}\}"
# \x02 and \x03 delimit placeholders (code spans): math never swallows them.
# A single $ may stand inside a $$ display (\text{if $z$ is valid}).
# \[ \] only counts on lines of its own, since Markdown authors also write
# \[1\] for literal brackets.
DISPLAY_IN_PARAGRAPH = (
    r"(?m)(?<!\\)\$\$(?P<dollar>(?:\\.|\$(?!\$)|[^\\$\x02\x03])+?)\$\$"
    r"|^[ \t]*\\\[(?P<square>(?:\\[^\]]|[^\\\x02\x03])+?)\\\][ \t]*$"
    r"|(?P<environment>\\begin\{(?P<name>(?:" + TOP_LEVEL_ENVIRONMENTS + r")\*?)\}"
    r"(?:\\.|[^\\\x02\x03])+?\\end\{(?P=name)\})"
)


def _unwrapped(tex):
    match = WRAPPED_ENVIRONMENT.match(tex)
    return match.group(1) if match else tex


class UnwrapEnvironments(Treeprocessor):
    def run(self, root):
        for element in root.iter("div"):
            if element.get("class") == "arithmatex" and element.text:
                element.text = util.AtomicString(_unwrapped(element.text))


# Markdown's serializer leaves an "&" alone when an entity follows it, as in
# its own RE_AMP; such an "&" in decoded text must stay a character.
ENTITY_AHEAD = re.compile(r"&(?=(?:#[0-9]+|#x[0-9a-f]+|[0-9a-z]+);)", re.IGNORECASE)


class CheckTexLinks(Treeprocessor):
    """The browser hands MathJax the formula with its entities decoded, so the
    links are judged on that text; a formula without a refused link is left
    exactly as written."""

    def run(self, root):
        for element in root.iter():
            if element.get("class") == "arithmatex" and element.text:
                tex = html.unescape(element.text)
                checked = without_unsafe_links(tex)
                if checked != tex:
                    element.text = util.AtomicString(ENTITY_AHEAD.sub("&amp;", checked))


class ReferenceInline(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API name
        element = etree.Element("span", {"class": "arithmatex"})
        element.text = util.AtomicString(rf"\({m.group(0)}\)")
        return element, m.start(0), m.end(0)


class DisplayInParagraph(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API name
        if m.group("environment"):
            tex = m.group("environment")
        else:
            tex = _unwrapped(rf"\[{m.group('dollar') or m.group('square')}\]")
        # A span, since a paragraph cannot hold a div; MathJax still typesets
        # \[ \] and the AMS environments as display math.
        element = etree.Element("span", {"class": "arithmatex"})
        element.text = util.AtomicString(tex)
        return element, m.start(0), m.end(0)


class MathFinishing(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API name
        # After code spans (190), before arithmatex's inline $..$ (189.9), which
        # would split $$x$$, and before escapes (180).
        md.inlinePatterns.register(
            DisplayInParagraph(DISPLAY_IN_PARAGRAPH, md), "tex-display-in-paragraph", 189.95
        )
        # After arithmatex (189.9) and code spans (190), before escapes (180).
        md.inlinePatterns.register(ReferenceInline(REFERENCE, md), "tex-reference", 182)
        md.treeprocessors.register(UnwrapEnvironments(md), "tex-unwrap-environments", 5)
        md.treeprocessors.register(CheckTexLinks(md), "tex-check-links", 4)
