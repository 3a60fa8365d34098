"""Cutting stored HTML into excerpts and plain descriptions."""

import re
from html.parser import HTMLParser

from kexue.mathtext import plain_text

DESCRIPTION_LENGTH = 300  # Post.description's max_length
# Markup in which `[^x]` is what the author wrote, and the tags themselves.
KEPT_AS_WRITTEN = re.compile(
    r"<pre\b.*?</pre>|<code\b.*?</code>|<(span|div) class=\"arithmatex\">.*?</\1>|<[^>]*>",
    re.DOTALL,
)
FOOTNOTE_MARKER = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)
UNRESOLVED_MARKER = re.compile(r"\[\^[^\]\s<>]{1,80}\]")
FOOTNOTES = '<div class="footnote">'

VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class _TopLevelBlocks(HTMLParser):
    """Finds where each top-level element of an HTML fragment ends."""

    def __init__(self, source):
        super().__init__(convert_charrefs=False)
        self.line_starts = [0]
        for line in source.splitlines(keepends=True):
            self.line_starts.append(self.line_starts[-1] + len(line))
        self.depth = 0
        self.blocks = []  # (tag, end offset)
        self.current = None

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.current = tag
        if tag not in VOID_TAGS:
            self.depth += 1
        elif self.depth == 0:
            self.blocks.append((tag, self.position() + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        self.depth -= 1
        if self.depth == 0:
            self.blocks.append((self.current, self.position() + len(f"</{tag}>")))


def leading_blocks(fragment, min_chars=280, max_blocks=3):
    """The first paragraphs of a post, whole: enough text to invite reading on."""
    parser = _TopLevelBlocks(fragment)
    parser.feed(fragment)
    parser.close()
    end, taken = 0, 0
    for tag, block_end in parser.blocks:
        if tag in HEADINGS and taken:
            break
        end, taken = block_end, taken + 1
        if taken >= max_blocks or len(plain_text(fragment[:end])) >= min_chars:
            break
    return fragment[:end].strip() if end else fragment


def without_footnotes(fragment):
    """An excerpt without footnote markers or footnotes: they point at notes
    the excerpt's page does not show. A head rendered without the rest of the
    post leaves its markers as text (`[^noether]`); those go too, except in
    code and formulas."""
    fragment = FOOTNOTE_MARKER.sub("", fragment.partition(FOOTNOTES)[0])
    kept, position = [], 0
    for match in KEPT_AS_WRITTEN.finditer(fragment):
        kept.append(UNRESOLVED_MARKER.sub("", fragment[position : match.start()]))
        kept.append(match.group())
        position = match.end()
    kept.append(UNRESOLVED_MARKER.sub("", fragment[position:]))
    return "".join(kept).strip()


def description(excerpt_html):
    """The excerpt as the page's plain-text description, its formulas whole."""
    return plain_text(excerpt_html, DESCRIPTION_LENGTH)
