"""Markdown extension that finishes what arithmatex leaves for MathJax.

- AMS top-level environments (equation, align, gather, ...) must not sit inside
  \\[ \\]: MathJax reports "Erroneous nesting", so their wrapper is removed.
- \\eqref{..} and \\ref{..} written in running text become inline math, so
  MathJax (which only looks at marked math) turns them into links.
"""

import re
import xml.etree.ElementTree as etree

from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

TOP_LEVEL_ENVIRONMENTS = (
    "equation|align|gather|multline|flalign|alignat|eqnarray|xalignat|xxalignat"
)
WRAPPED_ENVIRONMENT = re.compile(
    r"^\\\[\s*(\\begin\{(?:" + TOP_LEVEL_ENVIRONMENTS + r")\*?\}.*\\end\{[a-z]+\*?\})\s*\\\]$",
    re.DOTALL,
)
REFERENCE = r"\\(?:eq)?ref\{[^{}\s]{1,80}\}"


class UnwrapEnvironments(Treeprocessor):
    def run(self, root):
        for element in root.iter("div"):
            if element.get("class") == "arithmatex" and element.text:
                match = WRAPPED_ENVIRONMENT.match(element.text)
                if match:
                    element.text = util.AtomicString(match.group(1))


class ReferenceInline(InlineProcessor):
    def handleMatch(self, m, data):  # noqa: N802 - Markdown's API name
        element = etree.Element("span", {"class": "arithmatex"})
        element.text = util.AtomicString(rf"\({m.group(0)}\)")
        return element, m.start(0), m.end(0)


class MathFinishing(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API name
        # After arithmatex (185) and code spans (190), before escapes (180).
        md.inlinePatterns.register(ReferenceInline(REFERENCE, md), "tex-reference", 182)
        md.treeprocessors.register(UnwrapEnvironments(md), "tex-unwrap-environments", 5)
