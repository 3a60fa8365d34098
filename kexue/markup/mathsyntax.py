"""Where math is found: the rules arithmatex alone gets wrong for our authors.

- Padded dollars. `$ \\gamma$` and `$Q(s, a) $` are math, as MathJax itself
  reads `$` delimiters; arithmatex's "smart" dollars refuse a space inside
  either dollar. What keeps prices text instead is the rule Pandoc uses: a
  closing `$` is never followed by a digit, so "$5 and $10" has no closing
  dollar. A formula needs something besides spaces, and `\\$` is a dollar.
- A paragraph that opens with a `$$` display and has prose after it (more
  displays, text) is split after the first display, so the prose is not
  typeset as part of one long display; the rest is read as a paragraph of its
  own, where displays are marked in place (mathext.DisplayInParagraph).
- A `|` inside math in a table row is hidden from the table extension, which
  would otherwise split the cell there, and put back in the formula.
- Raw HTML (a `<figure>` with a caption, `<details>` with a summary) is kept
  as written by Markdown, so formulas in it would never be marked: their text
  is marked here, outside code and outside math that is marked already.
"""

import re

from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor
from pymdownx.arithmatex import RE_BRACKET_INLINE, ArithmatexExtension, InlineArithmatexPattern

from .mathext import TOP_LEVEL_ENVIRONMENTS

# One character of TeX inside single dollars: an escape, or anything but a
# backslash, a dollar or Markdown's placeholder delimiters.
_TEX_CHAR = r"(?:\\.|[^\\$\x02\x03])"
# Groups as arithmatex's own pattern has them: escaped backslashes before a
# dollar, the opening dollar, the TeX.
PADDED_DOLLAR_INLINE = (
    r"(?:(?<!\\)((?:\\{2})+)(?=\$)"
    rf"|(?<!\\)(\$)(?!\$)((?=\s*[^\s$]){_TEX_CHAR}+?)\$(?![\d$]))"
)
# The first display of a block that opens with one; single dollars may stand
# inside it (\text{if $z$}), a double one ends it.
LEADING_DISPLAY = re.compile(r"\A[ ]{0,3}\$\$(?:\\.|\$(?!\$)|[^\\$])+?\$\$")

# A table's delimiter row, as Python-Markdown's tables extension reads it.
DELIMITER_ROW = re.compile(r"^[ ]{0,3}\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
INLINE_MATH_IN_ROW = re.compile(
    r"`+.*?`+"  # code spans are the table extension's own business
    rf"|(?<!\\)\$(?!\$)(?=\s*[^\s$]){_TEX_CHAR}+?\$(?![\d$])"
    r"|(?<!\\)\\\((?:\\[^)]|[^\\])+?\\\)",
)
# Stands for a "|" inside math while the table is split; a Unicode
# noncharacter, which no text means to contain.
HIDDEN_PIPE = "\ufdd0"

# Raw HTML: tags and comments, and the text between them.
RAW_TOKEN = re.compile(r"<!--.*?-->|</?[A-Za-z][-\w:]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>", re.DOTALL)
TAG_NAME = re.compile(r"</?([A-Za-z][-\w:]*)")
MARKED = re.compile(r"""\bclass\s*=\s*(?:"[^"]*\barithmatex\b[^"]*"|'[^']*\barithmatex\b[^']*')""")
NOT_MATH = {"pre", "code", "script", "style", "textarea", "kbd", "samp"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
MATH_IN_TEXT = re.compile(
    r"(?P<escaped>\\\$)"
    r"|\$\$(?P<dollars>(?:\\.|\$(?!\$)|[^\\$])+?)\$\$"
    r"|\\\[(?P<square>(?:\\[^\]]|[^\\])+?)\\\]"
    r"|(?P<environment>\\begin\{(?P<name>(?:" + TOP_LEVEL_ENVIRONMENTS + r")\*?)\}"
    r"(?:\\.|[^\\])+?\\end\{(?P=name)\})"
    r"|\\\((?P<round>(?:\\[^)]|[^\\])+?)\\\)"
    rf"|\$(?!\$)(?P<dollar>(?=\s*[^\s$]){_TEX_CHAR}+?)\$(?![\d$])",
    re.DOTALL,
)


class SplitLeadingDisplay(BlockProcessor):
    """A block that opens with a display and goes on after it."""

    def test(self, parent, block):
        match = LEADING_DISPLAY.match(block)
        return bool(match and block[match.end() :].strip())

    def run(self, parent, blocks):
        block = blocks.pop(0)
        end = LEADING_DISPLAY.match(block).end()
        blocks[0:0] = [block[:end], block[end:].strip("\n")]
        return False  # the display is now a block of its own: arithmatex takes it


class HidePipesInTableMath(BlockProcessor):
    """Before the tables extension (75) splits a table's rows into cells."""

    def test(self, parent, block):
        lines = block.split("\n")
        return len(lines) > 1 and bool(DELIMITER_ROW.match(lines[1])) and "|" in block

    def run(self, parent, blocks):
        blocks[0] = INLINE_MATH_IN_ROW.sub(_hide_pipes, blocks[0])
        return False  # the table itself is still to be read


def _hide_pipes(match):
    found = match.group(0)
    return found if found.startswith("`") else found.replace("|", HIDDEN_PIPE)


class RestorePipes(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            for attribute in ("text", "tail"):
                value = getattr(element, attribute)
                if value and HIDDEN_PIPE in value:
                    restored = value.replace(HIDDEN_PIPE, "|")
                    if isinstance(value, util.AtomicString):
                        restored = util.AtomicString(restored)
                    setattr(element, attribute, restored)


class MarkMathInRawHtml(Postprocessor):
    """Runs on the stored raw HTML blocks before Markdown puts them back (30)."""

    def run(self, text):
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            # The stash also keeps code spans' text, which never opens with a
            # tag; raw HTML always does.
            if isinstance(block, str) and block.lstrip().startswith("<"):
                blocks[index] = mark_math_in_html(block)
        return text


def mark_math_in_html(source):
    """The HTML with each formula in its text wrapped as arithmatex would mark it."""
    out = []
    skipping = []  # names of the open elements whose text is not searched
    position = 0
    for token in RAW_TOKEN.finditer(source):
        out.append(_marked_text(source[position : token.start()], bool(skipping)))
        out.append(token.group(0))
        position = token.end()
        _track(token.group(0), skipping)
    out.append(_marked_text(source[position:], bool(skipping)))
    return "".join(out)


def _track(tag, skipping):
    name_match = TAG_NAME.match(tag)
    if not name_match:
        return  # a comment
    name = name_match.group(1).lower()
    if tag.startswith("</"):
        if skipping and skipping[-1] == name:
            skipping.pop()
        elif skipping and name in skipping:
            del skipping[len(skipping) - 1 - skipping[::-1].index(name) :]
    elif name in VOID or tag.endswith("/>"):
        return
    elif skipping or name in NOT_MATH or MARKED.search(tag):
        skipping.append(name)


def _marked_text(text, skipping):
    if skipping or not text:
        return text
    return MATH_IN_TEXT.sub(_mark, text)


def _mark(match):
    if match.group("escaped"):
        return match.group(0)
    if match.group("environment"):
        tex = match.group("environment")
    elif match.group("round") is not None or match.group("dollar") is not None:
        tex = rf"\({match.group('round') or match.group('dollar')}\)"
    else:
        tex = rf"\[{match.group('dollars') or match.group('square')}\]"
    # The text is HTML already (entities as written): keep it as it stands.
    return f'<span class="arithmatex">{tex}</span>'


class MathSyntax(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Markdown's API name
        arithmatex = next(
            (ext for ext in md.registeredExtensions if isinstance(ext, ArithmatexExtension)), None
        )
        if arithmatex is None:
            return
        config = arithmatex.getConfigs()
        md.inlinePatterns.register(
            InlineArithmatexPattern(f"(?:{PADDED_DOLLAR_INLINE}|{RE_BRACKET_INLINE})", config),
            "arithmatex-inline",
            189.9,
        )
        md.parser.blockprocessors.register(SplitLeadingDisplay(md.parser), "tex-split-display", 80)
        md.parser.blockprocessors.register(HidePipesInTableMath(md.parser), "tex-table-pipes", 76)
        # After the inline patterns (20), before mathext's finishing (5, 4).
        md.treeprocessors.register(RestorePipes(md), "tex-restore-pipes", 6)
        md.postprocessors.register(MarkMathInRawHtml(md), "tex-raw-html", 31)
