"""One text form of stored HTML for places that cannot typeset a whole post.

Search snippets, sidebar widgets, moderation lists, meta descriptions and
search vectors all show a post or a comment as a line of text. Cutting
`body_html` with a tag stripper splits formulas mid-command, shows `\\label{}`
and footnote markers, and runs table cells into strings of numbers. Here the
stored HTML is read once into pieces, text and whole formulas, and rendered in
one of two ways:

- `plain_text()`: text with each formula's TeX as written (whole, on one
  line), for meta descriptions, other plain-text places and search vectors;
- `math_snippet()`: safe HTML, text escaped and each formula a
  `<span class="arithmatex">\\(…\\)</span>` that the page's MathJax typesets
  once the template puts it inside a `.math-scope`; matches of a search are
  marked, never inside a formula.

Both cut only between pieces or inside text, so a formula is shown whole or
not at all. A formula's TeX comes from the `application/x-tex` annotation of
its server-rendered MathML when there is one, else from the element's text.
Out of their page, `\\eqref{…}` and `\\ref{…}` point nowhere: they read
"(ref)". Footnote markers and footnote bodies are left out (search vectors
keep the bodies); table cells are separated by " · " and rows by "; ".
"""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import mark_safe

ELLIPSIS = "…"
REFERENCE_TEXT = "(ref)"
CELL_SEPARATOR = " · "
ROW_SEPARATOR = "; "

# Tags that end a word: text on either side of them reads as separate words.
SEPARATING = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "nav", "ol", "p", "pre", "section", "sup", "table", "td", "th", "tr", "ul",
}  # fmt: skip
HIDDEN = {"script", "style", "template"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
CODE = {"code", "pre", "kbd"}

LABEL = re.compile(r"\\label\{[^{}]*\}")
REFERENCE = re.compile(r"\\(?:eq)?ref\{[^{}]*\}")
# A footnote reference Markdown could not resolve (its definition is missing,
# as in an excerpt rendered without the rest of the post): `[^noether]`.
FOOTNOTE_RESIDUE = re.compile(r"\[\^[^\]\s]{1,80}\]")
WHITESPACE = re.compile(r"\s+")
COMMAND = re.compile(r"\\[A-Za-z]+")
INVISIBLE_TEX = re.compile(r"[{}^_&\s]")

# Display environments cannot sit inside inline math; each has an inline
# counterpart that MathJax typesets in a line of text.
INLINE_ENVIRONMENTS = {
    "equation": None,
    "align": "aligned",
    "flalign": "aligned",
    "split": "aligned",
    "eqnarray": "aligned",
    "gather": "gathered",
    "multline": "gathered",
    "alignat": "alignedat",
    "xalignat": "alignedat",
    "xxalignat": "alignedat",
}
ENVIRONMENT = re.compile(r"\\(begin|end)\{(" + "|".join(INLINE_ENVIRONMENTS) + r")\*?\}")
NUMBERING = re.compile(r"\\(?:notag|nonumber)\b|\\tag\*?\{[^{}]*\}")
DELIMITED = re.compile(r"^\\[(\[](.*)\\[)\]]$", re.DOTALL)
MATHML = re.compile(r"<math\b.*?</math>", re.DOTALL)
TEX_ANNOTATION = re.compile(r"<annotation\b[^>]*application/x-tex[^>]*>.*?</annotation>", re.DOTALL)


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Formula:
    """A formula as the stored HTML delimits it: `\\(…\\)`, `\\[…\\]` or `\\begin{…}…`."""

    tex: str

    @property
    def inline_tex(self):
        """The same formula as inline math: `\\(…\\)`, with display environments
        turned into their inline forms and equation numbers dropped."""
        match = DELIMITED.match(self.tex)
        body = match.group(1) if match else self.tex

        def inline(environment):
            replacement = INLINE_ENVIRONMENTS[environment.group(2)]
            return rf"\{environment.group(1)}{{{replacement}}}" if replacement else ""

        body = NUMBERING.sub("", ENVIRONMENT.sub(inline, body))
        if "%" not in body:
            body = WHITESPACE.sub(" ", body)
        return rf"\({body.strip()}\)"

    @property
    def width(self):
        """About how many characters wide the typeset formula is: its symbols,
        each command one, without braces, scripts' carets and spaces."""
        return max(1, len(INVISIBLE_TEX.sub("", COMMAND.sub("c", self.inline_tex[2:-2]))))


class _Reader(HTMLParser):
    """Stored HTML to a list of Text and Formula pieces, in reading order."""

    def __init__(self, footnotes):
        super().__init__(convert_charrefs=True)
        self.footnotes = footnotes
        self.pieces = []
        self.depth = 0
        self.skip_until = None  # depth at which a left-out element closes
        self.formula_at = None  # depth of the open formula element
        self.math_at = None  # depth of an open <math> inside the formula
        self.annotation_at = None
        self.formula_text, self.annotation = [], None
        self.code = 0
        self.cells = []  # per open table row: cells seen so far
        self.rows = []  # per open table: rows seen so far

    # Parsing

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            self.handle_startendtag(tag, attrs)
            return
        self.depth += 1
        if self.skip_until is not None:
            return
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if self.formula_at is not None:
            self._start_inside_formula(tag, attributes)
        elif self._left_out(tag, attributes, classes):
            self.skip_until = self.depth
        elif "arithmatex" in classes:
            self.formula_at = self.depth
            self.formula_text, self.annotation = [], None
        else:
            self._start_text_element(tag)

    def handle_startendtag(self, tag, attrs):
        if self.skip_until is None and self.formula_at is None and tag in SEPARATING:
            self._add(" ")

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        depth, self.depth = self.depth, max(self.depth - 1, 0)
        if self.skip_until is not None:
            if depth <= self.skip_until:
                self.skip_until = None
            return
        if self.formula_at is not None:
            self._end_inside_formula(depth)
            return
        if tag in CODE:
            self.code = max(self.code - 1, 0)
        if tag == "tr" and self.cells:
            self.cells.pop()
        if tag == "table" and self.rows:
            self.rows.pop()
        if tag in SEPARATING:
            self._add(" ")

    def handle_data(self, data):
        if self.skip_until is not None:
            return
        if self.formula_at is None:
            self._add(data if self.code else FOOTNOTE_RESIDUE.sub("", data))
        elif self.annotation_at is not None:
            self.annotation.append(data)
        elif self.math_at is None:
            self.formula_text.append(data)

    # What each element means

    def _left_out(self, tag, attributes, classes):
        if tag in HIDDEN:
            return True
        # Footnote markers (<sup id="fnref:x">) never; the footnotes themselves
        # only where all the text is wanted (search vectors).
        if tag == "sup" and (attributes.get("id") or "").startswith("fnref"):
            return True
        if "footnote-backref" in classes or "footnote-ref" in classes:
            return True
        return "footnote" in classes and not self.footnotes

    def _start_text_element(self, tag):
        if tag in CODE:
            self.code += 1
        elif tag == "table":
            self.rows.append(0)
        elif tag == "tr":
            self.cells.append(0)
            if self.rows:
                self.rows[-1] += 1
                if self.rows[-1] > 1:
                    return self._separate(ROW_SEPARATOR)
        elif tag in {"td", "th"} and self.cells:
            self.cells[-1] += 1
            if self.cells[-1] > 1:
                return self._separate(CELL_SEPARATOR)
        if tag in SEPARATING:
            self._add(" ")

    def _start_inside_formula(self, tag, attributes):
        if tag == "math" and self.math_at is None:
            self.math_at = self.depth
        elif tag == "annotation" and attributes.get("encoding") == "application/x-tex":
            self.annotation_at = self.depth
            self.annotation = []

    def _end_inside_formula(self, depth):
        if self.annotation_at is not None and depth <= self.annotation_at:
            self.annotation_at = None
        if self.math_at is not None and depth <= self.math_at:
            self.math_at = None
        if depth <= self.formula_at:
            self.formula_at = None
            tex = "".join(self.formula_text if self.annotation is None else self.annotation)
            self._add_formula(tex.strip())

    # Pieces

    def _add(self, text):
        if self.pieces and isinstance(self.pieces[-1], Text):
            self.pieces[-1] = Text(self.pieces[-1].text + text)
        else:
            self.pieces.append(Text(text))

    def _separate(self, separator):
        """A separator between table cells or rows, in place of the space before it."""
        if self.pieces and isinstance(self.pieces[-1], Text):
            self.pieces[-1] = Text(self.pieces[-1].text.rstrip())
        self._add(separator)

    def _add_formula(self, tex):
        tex = LABEL.sub("", tex)
        if "%" not in tex:  # a TeX comment would swallow the rest of a joined line
            tex = WHITESPACE.sub(" ", tex)
        match = DELIMITED.match(tex)
        body = match.group(1) if match else tex
        if not REFERENCE.sub("", body).strip():
            # Only references (`\(\eqref{a}\)`): plain words, no formula.
            if body.strip():
                self._add(" ".join([REFERENCE_TEXT] * len(REFERENCE.findall(body))))
            return
        in_words = rf"\text{{{REFERENCE_TEXT}}}"
        self.pieces.append(Formula(REFERENCE.sub(lambda _: in_words, tex)))


def _annotation_only(math):
    annotation = TEX_ANNOTATION.search(math.group())
    return annotation.group() if annotation else ""


def pieces(html, *, footnotes=False):
    """The text and formulas of stored HTML, whitespace collapsed, on one line."""
    reader = _Reader(footnotes)
    # Server-rendered MathML is most of a stored text with math and only its
    # TeX annotation matters here: cutting each <math> down to it first halves
    # the parsing (the reader would skip the rest anyway).
    reader.feed(MATHML.sub(_annotation_only, html or ""))
    reader.close()
    collapsed = [
        piece if isinstance(piece, Formula) else Text(WHITESPACE.sub(" ", piece.text))
        for piece in reader.pieces
    ]
    # One line: no space at either end, none doubled where text meets text.
    if collapsed and isinstance(collapsed[0], Text):
        collapsed[0] = Text(collapsed[0].text.lstrip())
    if collapsed and isinstance(collapsed[-1], Text):
        collapsed[-1] = Text(collapsed[-1].text.rstrip())
    return [piece for piece in collapsed if not isinstance(piece, Text) or piece.text]


# Cutting


def _cut_text_end(text, room):
    """At most `room` characters of text, ending at a space when one is near."""
    if room >= len(text):
        return text
    cut = text[:room]
    space = cut.rfind(" ")
    return cut[:space] if space >= room - 15 and space > 0 else cut


def _window(parts, start, length, *, strict):
    """The parts shown from column `start` for about `length` columns.

    `parts` are (text, is_formula, width) triples: text is as wide as it is
    long, a formula as wide as it looks. Text is cut anywhere (at a space when
    one is near); a formula is kept whole or left out. A window that would
    start inside a formula starts at it; one that would end inside a formula
    ends before it. `strict` keeps the window within `length` even when its
    first formula is wider; otherwise such a formula is shown whole.
    Returns (shown parts, cut at the start, cut at the end).
    """
    offset, shown = 0, []
    cut_before = cut_after = False
    for index, (text, formula, width) in enumerate(parts):
        end = offset + width
        if end <= start:
            offset = end
            cut_before = True
            continue
        if offset < start:
            if formula:
                start = offset  # never from the middle of a formula
            else:
                text = text[start - offset :]
                width = len(text)
                offset = start
                cut_before = True
        room = start + length - offset
        if width > room:
            if formula:
                if not shown and not strict:
                    shown.append((text, formula))
                    cut_after = index + 1 < len(parts)
                else:
                    cut_after = True
            else:
                cut = _cut_text_end(text, room)
                if cut:
                    shown.append((cut, formula))
                cut_after = True
            break
        shown.append((text, formula))
        offset += width
    return shown, cut_before and bool(shown), cut_after


def _trim_ends(shown, cut_before, cut_after):
    """Ellipses where the window cuts, without a space beside them."""
    if not shown:
        return shown
    shown = list(shown)
    if cut_before and not shown[0][1]:
        shown[0] = (shown[0][0].lstrip(), False)
    if cut_after and not shown[-1][1]:
        shown[-1] = (shown[-1][0].rstrip(), False)
    return [part for part in shown if part[0]]


# Rendering


def plain_text(html, limit=None, *, footnotes=False):
    """The text of stored HTML on one line, each formula's TeX whole.

    With a `limit`, at most that many characters, an ellipsis included: the
    text is cut before a formula that does not fit.
    """
    # A limit counts characters here, TeX included: descriptions have a size.
    parts = [
        (piece.tex, True, len(piece.tex))
        if isinstance(piece, Formula)
        else (piece.text, False, len(piece.text))
        for piece in pieces(html, footnotes=footnotes)
    ]
    whole = "".join(text for text, _, _ in parts)
    if limit is None or len(whole) <= limit:
        return whole
    shown, _, cut_after = _window(parts, 0, max(limit - len(ELLIPSIS), 0), strict=True)
    shown = _trim_ends(shown, False, cut_after)
    return "".join(text for text, _ in shown) + ELLIPSIS


def math_snippet(html, length, highlight=None):
    """About `length` characters of stored HTML as safe HTML for a `.math-scope`.

    Text is escaped; each formula is a `<span class="arithmatex">` holding its
    inline TeX. With a `highlight` pattern, the window starts a little before
    the first match in the text and every match in the text is put in <mark>.
    """
    parts = [
        (piece.inline_tex, True, piece.width)
        if isinstance(piece, Formula)
        else (piece.text, False, len(piece.text))
        for piece in pieces(html)
    ]
    start = _first_match(parts, highlight)
    if start is not None:
        start = max(0, start - length // 4)
    shown, cut_before, cut_after = _window(parts, start or 0, length, strict=False)
    shown = _trim_ends(shown, cut_before, cut_after)
    return mark_safe(  # noqa: S308 - _rendered() escapes every piece of text
        (ELLIPSIS if cut_before else "")
        + _rendered(shown, highlight)
        + (ELLIPSIS if cut_after else "")
    )


def math_html(html):
    """All of stored HTML as one line of safe HTML for a `.math-scope`, uncut:
    text escaped, each formula a `<span class="arithmatex">` of inline TeX."""
    shown = [
        (piece.inline_tex, True) if isinstance(piece, Formula) else (piece.text, False)
        for piece in pieces(html)
    ]
    return mark_safe(_rendered(shown, None))  # noqa: S308 - _rendered() escapes


def _rendered(shown, highlight):
    return "".join(
        f'<span class="arithmatex">{escape(text)}</span>' if formula else _marked(text, highlight)
        for text, formula in shown
    )


def _first_match(parts, highlight):
    if highlight is None:
        return None
    offset = 0
    for text, formula, width in parts:
        match = None if formula else highlight.search(text)
        if match:
            return offset + match.start()
        offset += width
    return None


def _marked(text, highlight):
    if highlight is None:
        return escape(text)
    marked, position = [], 0
    for match in highlight.finditer(text):
        marked.append(escape(text[position : match.start()]))
        marked.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    marked.append(escape(text[position:]))
    return "".join(marked)
