"""Cutting stored HTML into excerpts and plain descriptions."""

import html
import re
from html.parser import HTMLParser

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


def plain_text(fragment):
    text = re.sub(r"<[^>]+>", " ", fragment)
    return " ".join(html.unescape(text).split())
