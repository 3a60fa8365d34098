"""WordPress post HTML to the Markdown Kexue stores, every formula's TeX kept.

WordPress stores a post body as HTML of one of two kinds: classic-editor text,
where WordPress itself turns blank lines into paragraphs and single newlines
into line breaks when it shows the post (its `wpautop`), and block-editor HTML
wrapped in `<!-- wp:... -->` comments, already in paragraphs. Both carry
shortcodes (`[caption]`, `[code]`, `[gallery]`, ...) and math in whatever form
the blog's math plugin read: `$..$`, `\\(..\\)`, `$$..$$`, `\\[..\\]`,
`\\begin{align}..\\end{align}`, `[latex]..[/latex]` and Jetpack's `$latex ..$`.

The conversion runs in three steps:

1. One scan over the raw HTML finds, from left to right, what must not be read
   as anything else: code (`<pre>`, `<code>`, `[code]`), HTML tags and
   comments, shortcodes, and every formula. A formula becomes a placeholder
   element holding nothing but its number, so no later step can touch its
   TeX; entities in it (`&lt;`, `&amp;`) become the characters the author
   typed. A `$` counts as math by arithmatex's rules (no space inside either
   dollar), so "$5 and $10" stays a price.
2. Classic text gets WordPress's paragraphs and line breaks, on the parsed
   tree and never inside `<pre>`.
3. markdownify writes the Markdown, configured for Kexue's pipeline; each
   placeholder becomes its formula between delimiters that arithmatex marks,
   inline as `\\(..\\)`, display math as a paragraph of its own. What Markdown
   cannot say (tables without a header row, definition lists, images with a
   caption) stays HTML, its formulas marked the way arithmatex marks them.
"""

import html
import re
from collections.abc import Mapping

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from markdownify import MarkdownConverter, chomp

from kexue.markup import MORE_MARKER
from kexue.markup.mathext import TOP_LEVEL_ENVIRONMENTS

# The placeholders this module writes into the HTML; the same names in the
# source are shown as text (see _tag).
MATH_TAG = "kexue-math"
DISPLAY_TAG = "kexue-display"
MORE_TAG = "kexue-more"
PAGE_TAG = "kexue-page"
KEEP_TAG = "kexue-keep"
NOTE_TAG = "kexue-note"
OWN_PREFIX = "kexue-"
TYPECHO_MARKDOWN = "<!--markdown-->"


def _tex(escapes_not="", also_not=""):
    """One character (or escape, or line break) of a formula. Formulas never
    run over a blank line or an HTML tag other than <br>: WordPress split the
    paragraph there, so its math plugin never saw one formula either."""
    return (
        rf"(?:\\[^\n{escapes_not}]|\\(?=\n)|<br\s*/?>|<(?![A-Za-z/!?])"
        rf"|\n(?![ \t]*\n)|[^\\<\n{also_not}])"
    )


# The longest formulas looked for, in characters: an opening delimiter without
# its closing one is looked at no further than this, so a long paragraph full
# of stray dollars costs little.
INLINE = "{1,2000}"
DISPLAY = "{1,20000}"
TAG_PATTERN = r"</?[A-Za-z][-\w:]*(?:\"[^\"]*\"|'[^']*'|[^'\">])*>"
SCAN = re.compile(
    "|".join(
        [
            r"(?P<pre><pre\b[^>]*>.*?</pre\s*>)",
            r"(?P<code><code\b[^>]*>.*?</code\s*>)",
            r"(?P<verbatim><(?P<raw>script|style|textarea)\b.*?</(?P=raw)\s*>)",
            r"(?P<more><!--more\b.*?-->)",
            r"(?P<nextpage><!--nextpage-->)",
            r"(?P<comment><!--.*?-->)",
            rf"(?P<tag>{TAG_PATTERN})",
            r"(?P<code_shortcode>\[(?P<code_name>code|sourcecode)\b(?P<code_attrs>[^\]]*)\]"
            r"(?P<code_body>.*?)\[/(?P=code_name)\])",
            r"(?P<latex_shortcode>\[latex\b[^\]]*\](?P<latex>.*?)\[/latex\])",
            r"(?P<latexpage>\[/?latexpage\])",
            r"(?P<caption>\[(?P<caption_name>caption|wp_caption)\b(?P<caption_attrs>[^\]]*)\]"
            r"(?P<caption_body>.*?)\[/(?P=caption_name)\])",
            r"(?P<embed>\[embed\b[^\]]*\](?P<embed_url>[^\[]*)\[/embed\])",
            r"(?P<media>\[(?P<media_name>audio|video)\b(?P<media_attrs>[^\]]*)\]"
            r"(?:[^\[]*\[/(?P=media_name)\])?)",
            r"(?P<keep>\[(?:gallery|playlist)\b[^\]]*\])",
            r"(?P<note>\[(?P<note_name>footnote|ref|efn_note)\](?P<note_body>.*?)\[/(?P=note_name)\])",
            rf"(?P<jetpack>\$latex[ =](?P<jetpack_tex>{_tex(also_not='$')}{INLINE}?)\$)",
            rf"(?P<dollars>\$\$(?P<dollars_tex>(?:\$(?!\$)|{_tex(also_not='$')}){DISPLAY}?)\$\$)",
            rf"(?P<square>\\\[(?P<square_tex>{_tex(escapes_not=chr(92) + ']')}{DISPLAY}?)\\\])",
            rf"(?P<environment>\\begin\{{(?P<env>[A-Za-z]+\*?)\}}{_tex()}{DISPLAY}?\\end\{{(?P=env)\}})",
            rf"(?P<round>\\\((?P<round_tex>{_tex(escapes_not=')')}{INLINE}?)\\\))",
            r"(?P<escaped_dollar>\\\$)",
            rf"(?P<dollar>\$(?!\s)(?P<dollar_tex>{_tex(also_not='$')}{INLINE}?)(?<!\s)\$)",
            r"(?P<reference>\\(?:eq)?ref\{[^{}\s]{1,80}\})",
            r"(?P<url>^[ \t]*(?P<url_text>https?://[^\s<>\"'\[\]]+)[ \t]*$)",
        ]
    ),
    re.DOTALL | re.MULTILINE | re.IGNORECASE,
)
JETPACK_OPTIONS = re.compile(r"(?:&(?:s|bg|fg)=[-\w#]*)+\s*$")
LINE_BREAK = re.compile(r"<br\s*/?>\n?", re.IGNORECASE)
BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
SHORTCODE_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|(\S+)"""
)
CAPTIONED_IMAGE = re.compile(
    r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.DOTALL | re.IGNORECASE
)
ENVIRONMENT_NAME = re.compile(r"\\begin\{([A-Za-z]+\*?)\}")
# arithmatex marks \begin{env} blocks with a lowercase name only.
MARKED_ENVIRONMENT = re.compile(r"[a-z]+\*?")
TOP_LEVEL_ENVIRONMENT = re.compile(rf"(?:{TOP_LEVEL_ENVIRONMENTS})\*?")


def _typed(raw):
    """The TeX an author typed, from the HTML WordPress stored it in."""
    tex = html.unescape(LINE_BREAK.sub("\n", raw)).replace("\xa0", " ")
    return BLANK_LINES.sub("\n", tex)


def _shortcode_attributes(text):
    named, positional = {}, []
    for match in SHORTCODE_ATTRIBUTE.finditer(text):
        if match.group(1):
            named[match.group(1).lower()] = match.group(2)
        elif match.group(3):
            named[match.group(3).lower()] = match.group(4)
        elif match.group(5):
            named[match.group(5).lower()] = match.group(6)
        else:
            positional.append(match.group(7) or match.group(8))
    return named, positional


def _link(url):
    url = html.unescape(url).strip()
    return f'<a href="{html.escape(url)}">{html.escape(url)}</a>' if url else ""


class _Scan:
    """Step 1: the source with every formula and shortcode replaced."""

    def __init__(self):
        self.formulas = []  # (kind, tex); kind: inline, dollars, square, environment

    def protect(self, source):
        return SCAN.sub(self._replace, source)

    def _formula(self, kind, tex):
        self.formulas.append((kind, tex))
        tag = MATH_TAG if kind == "inline" else DISPLAY_TAG
        return f'<{tag} data-n="{len(self.formulas) - 1}"></{tag}>'

    def _replace(self, m):
        kind = m.lastgroup
        if kind in {"pre", "code", "verbatim", "comment"}:
            return m.group(0)
        if kind == "tag":
            return self._tag(m.group(0))
        if kind == "more":
            return f"<{MORE_TAG}></{MORE_TAG}>"
        if kind == "nextpage":
            return f"<{PAGE_TAG}></{PAGE_TAG}>"
        if kind == "latexpage":
            return ""
        if kind == "escaped_dollar":
            return "$"
        if kind == "url":
            return _link(m.group("url_text"))
        return getattr(self, f"_{kind}")(m)

    def _tag(self, tag):
        if tag.lstrip("</").lower().startswith(OWN_PREFIX):
            return html.escape(tag)
        return tag

    def _code_shortcode(self, m):
        named, _ = _shortcode_attributes(m.group("code_attrs"))
        language = named.get("language") or named.get("lang") or ""
        body = html.unescape(m.group("code_body")).strip("\n")
        language_attribute = f' data-language="{html.escape(language)}"' if language else ""
        return f"<pre{language_attribute}>{html.escape(body)}</pre>"

    def _latex_shortcode(self, m):
        tex = _typed(m.group("latex"))
        environment = ENVIRONMENT_NAME.match(tex.strip())
        if environment and tex.strip().endswith(f"\\end{{{environment.group(1)}}}"):
            return self._formula("environment", tex.strip())
        return self._formula("inline", tex)

    def _caption(self, m):
        named, _ = _shortcode_attributes(m.group("caption_attrs"))
        body = self.protect(m.group("caption_body"))
        image = CAPTIONED_IMAGE.match(body)
        picture, caption = (image.group(1), image.group(2)) if image else ("", body)
        if named.get("caption"):
            caption = self.protect(named["caption"])
        classes = " ".join(["wp-caption", *named.get("align", "").split()])
        return (
            f'<figure class="{html.escape(classes)}">{picture}'
            f"<figcaption>{caption.strip()}</figcaption></figure>"
        )

    def _embed(self, m):
        return _link(m.group("embed_url"))

    def _media(self, m):
        named, positional = _shortcode_attributes(m.group("media_attrs"))
        sources = [named.get(key) for key in ("src", "mp3", "m4a", "ogg", "wav", "mp4", "webm")]
        url = next((source for source in sources + positional if source), "")
        return _link(url)

    def _keep(self, m):
        return f'<{KEEP_TAG} data-text="{html.escape(m.group(0))}"></{KEEP_TAG}>'

    def _note(self, m):
        return f"<{NOTE_TAG}>{self.protect(m.group('note_body'))}</{NOTE_TAG}>"

    def _jetpack(self, m):
        return self._formula("inline", JETPACK_OPTIONS.sub("", _typed(m.group("jetpack_tex"))))

    def _dollars(self, m):
        return self._formula("dollars", _typed(m.group("dollars_tex")))

    def _square(self, m):
        return self._formula("square", _typed(m.group("square_tex")))

    def _environment(self, m):
        return self._formula("environment", _typed(m.group("environment")))

    def _round(self, m):
        return self._formula("inline", _typed(m.group("round_tex")))

    def _dollar(self, m):
        return self._formula("inline", _typed(m.group("dollar_tex")))

    def _reference(self, m):
        return self._formula("inline", m.group(0))


# Step 2: WordPress's paragraphs for classic text.

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "legend", "li", "main", "map", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul", DISPLAY_TAG, MORE_TAG, PAGE_TAG, KEEP_TAG,
})  # fmt: skip
# Containers whose loose text WordPress always wraps in paragraphs; in the
# others (a list item, a table cell) text becomes paragraphs only when a blank
# line splits it.
PARAGRAPH_CONTAINERS = frozenset({
    "[document]", "article", "aside", "blockquote", "details", "div", "footer", "header",
    "main", "section",
})  # fmt: skip
FLOW_CONTAINERS = PARAGRAPH_CONTAINERS | {"li", "dd", "td", "th", "figcaption"}
UNTOUCHED = frozenset({"pre", "code", "script", "style", "textarea", MATH_TAG})
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def _is_block(node):
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def _is_text(node):
    return isinstance(node, NavigableString) and not isinstance(node, Comment)


def _autop(soup, node):
    if node.name in UNTOUCHED:
        return
    # Children are taken out and put back as a list: moving them one by one
    # costs a scan of the parent's children each, far too slow for long posts.
    children = [node.contents[0].extract() for _ in range(len(node.contents))]
    if node.name in FLOW_CONTAINERS:
        children = _paragraphs(soup, children, wrap_always=node.name in PARAGRAPH_CONTAINERS)
    else:
        children = _line_breaks(soup, children)
    node.extend(children)
    for child in children:
        if isinstance(child, Tag):
            _autop(soup, child)


def _paragraphs(soup, children, wrap_always):
    """Blank lines split the text between blocks into paragraphs."""
    result, run = [], []
    for child in [*children, None]:
        if child is not None and not _is_block(child):
            run.append(child)
            continue
        groups = [[]]
        for node in run:
            if _is_text(node) and PARAGRAPH_BREAK.search(node):
                for index, part in enumerate(PARAGRAPH_BREAK.split(str(node))):
                    if index:
                        groups.append([])
                    groups[-1].append(NavigableString(part))
            else:
                groups[-1].append(node)
        groups = [group for group in map(_trimmed, groups) if group]
        if wrap_always or len(groups) > 1:
            for group in groups:
                paragraph = soup.new_tag("p")
                paragraph.extend(group)
                result.append(paragraph)
        elif groups:
            result.extend(_line_breaks(soup, groups[0]))
        run = []
        if child is not None:
            result.append(child)
    return result


def _trimmed(group):
    """The group without the whitespace at its two ends."""
    group = list(group)
    while group and _is_text(group[0]) and not group[0].strip():
        group.pop(0)
    while group and _is_text(group[-1]) and not group[-1].strip():
        group.pop()
    if group and _is_text(group[0]):
        group[0] = NavigableString(group[0].lstrip())
    if group and _is_text(group[-1]):
        group[-1] = NavigableString(group[-1].rstrip())
    return group


def _line_breaks(soup, children):
    """Single newlines in text become <br>, except beside a block or a <br>."""
    result = []
    for position, child in enumerate(children):
        if not _is_text(child) or "\n" not in child:
            result.append(child)
            continue
        lines = re.split(r"[ \t]*\n\s*", str(child))
        before = children[position - 1] if position else None
        after = children[position + 1] if position + 1 < len(children) else None
        if not lines[0] and _breaks_already(before):
            lines.pop(0)
        if lines and not lines[-1] and _breaks_already(after):
            lines.pop()
        for index, line in enumerate(lines):
            if index:
                result.append(soup.new_tag("br"))
            if line:
                result.append(NavigableString(line))
    return result


def _breaks_already(neighbour):
    """Whether a newline next to this neighbour already ends a line: at the
    edge of an element, beside a block or a <br>."""
    if neighbour is None:
        return True
    return _is_block(neighbour) or (isinstance(neighbour, Tag) and neighbour.name == "br")


# Step 3: Markdown.

LANGUAGE_CLASS = re.compile(r"(?:^|\s)(?:language|lang)-([\w+#.-]+)")
AUTOLINK = re.compile(r"https?://[^\s<>]+")
BRUSH = re.compile(r"brush:\s*([\w+#.-]+)")
# Where a block of raw HTML can stand: Python-Markdown reads HTML blocks only
# at the start of a line, outside lists, quotes and table cells.
TOP_LEVEL_PARENTS = frozenset({
    "[document]", "div", "section", "article", "aside", "header", "footer", "main", "p",
    "details", "figure",
})  # fmt: skip
BLOCK_IN_CELL = frozenset({
    "ul", "ol", "pre", "blockquote", "table", "div", "dl", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", DISPLAY_TAG,
})  # fmt: skip
LIST_ITEM_INDENT = " " * 4


def code_language(pre):
    """The language a WordPress code block names, in any of the usual ways."""
    for node in [pre, *pre.find_all("code", limit=1)]:
        if node.get("data-language"):
            return node["data-language"]
        if node.get("lang"):
            return node["lang"]
        classes = " ".join(node.get("class") or [])
        match = LANGUAGE_CLASS.search(classes) or BRUSH.search(classes)
        if match:
            return match.group(1)
    return ""


class _Converter(MarkdownConverter):
    def __init__(self, formulas):
        super().__init__(
            heading_style="atx",
            bullets="-",
            strong_em_symbol="*",
            code_language_callback=code_language,
            escape_misc=False,
        )
        self.formulas = formulas
        self.notes = []

    # Text: Markdown syntax in WordPress text is literal there, so it is
    # escaped here; `\$` keeps a price from becoming math.

    def escape(self, text, parent_tags):
        if not text:
            return ""
        text = text.replace("\\", "\\\\")
        # A lone "[" is literal, and "\[" on a line of its own would be
        # display math; inside a link's text or an image's alt it must be
        # escaped to keep the brackets balanced.
        specials = r"[*`$|\[\]]" if "a" in parent_tags else r"[*`$|\]]"
        text = re.sub(specials, lambda m: "\\" + m.group(0), text)
        text = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", text)
        text = re.sub(r"~~+", lambda m: "\\~" * len(m.group(0)), text)
        text = re.sub(r"&(?=#?\w+;)", "&amp;", text)
        text = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text)
        # What would start a quote, heading, list or rule at the start of a line.
        text = re.sub(r"(^|\n)([ \t]*)(>|#{1,6}(?=\s|$)|[-+]+(?=\s|$))", r"\1\2\\\3", text)
        text = re.sub(r"(^|\n)([ \t]*[0-9]{1,9})([.)])(?=\s|$)", r"\1\2\\\3", text)
        return re.sub(
            r"(^|\n)(=+)(?=[ \t]*(?:\n|$))", lambda m: m.group(1) + "&#61;" * len(m.group(2)), text
        )

    # Formulas.

    def _formula(self, el):
        return self.formulas[int(el["data-n"])]

    def convert_kexue_math(self, el, text, parent_tags):
        _, tex = self._formula(el)
        if "\\)" in tex and "$" not in tex:
            return f"${tex}$"
        return f"\\({tex}\\)"

    def convert_kexue_display(self, el, text, parent_tags):
        kind, tex = self._formula(el)
        if kind == "environment" and MARKED_ENVIRONMENT.fullmatch(
            ENVIRONMENT_NAME.match(tex).group(1)
        ):
            math = tex
        elif "$" in tex:
            math = f"\\[{tex}\\]"
        else:
            # Also for \[..\]: in running text only $$..$$ is display math.
            math = f"$${tex}$$"
        if "_inline" in parent_tags:
            # A heading or a table cell is one line of Markdown.
            return f" {math.replace(chr(10), ' ')} "
        if el.parent.name not in FLOW_CONTAINERS | {"p"}:
            return math
        return f"\n\n{math}\n\n"

    def _marked(self, el):
        """The formula as arithmatex would mark it, for HTML kept as HTML."""
        kind, tex = self._formula(el)
        if kind == "inline":
            text = f"\\({tex}\\)"
        elif kind == "environment" and TOP_LEVEL_ENVIRONMENT.fullmatch(
            ENVIRONMENT_NAME.match(tex).group(1)
        ):
            text = tex
        else:
            text = f"\\[{tex}\\]"
        span = BeautifulSoup("", "html.parser").new_tag("span", attrs={"class": "arithmatex"})
        span.string = text
        return span

    # Blocks.

    def convert_li(self, el, text, parent_tags):
        # Python-Markdown reads a list item's later lines and nested lists
        # only when they are indented by four spaces.
        text = (text or "").strip()
        if not text:
            return "\n"
        parent = el.parent
        if parent is not None and parent.name == "ol":
            start = parent.get("start")
            start = int(start) if start and str(start).isdigit() else 1
            bullet = f"{start + len(el.find_previous_siblings('li'))}."
        else:
            bullet = "-"
        lines = text.split("\n")
        rest = [LIST_ITEM_INDENT + line if line else "" for line in lines[1:]]
        return "\n".join([f"{bullet} {lines[0]}", *rest]) + "\n"

    def convert_pre(self, el, text, parent_tags):
        if not text:
            return ""
        text = text.strip("\n")
        fence = "```"
        while fence in text:
            fence += "`"
        return f"\n\n{fence}{code_language(el)}\n{text}\n{fence}\n\n"

    def convert_br(self, el, text, parent_tags):
        if "pre" in parent_tags:
            return "\n"
        return super().convert_br(el, text, parent_tags)

    def convert_kexue_more(self, el, text, parent_tags):
        return f"\n\n{MORE_MARKER}\n\n"

    def convert_kexue_page(self, el, text, parent_tags):
        return "\n\n"

    def convert_kexue_keep(self, el, text, parent_tags):
        # A gallery or playlist names attachments by number only: kept in the
        # source as a comment, where an editor finds it, not shown to readers.
        return f"\n\n<!-- {el['data-text'].replace('--', '- -')} -->\n\n"

    def convert_kexue_note(self, el, text, parent_tags):
        self.notes.append(text.strip())
        return f"[^{len(self.notes)}]"

    def _top_level(self, parent_tags):
        return not (set(parent_tags) - TOP_LEVEL_PARENTS)

    def _kept(self, el):
        for formula in el.find_all([MATH_TAG, DISPLAY_TAG]):
            formula.replace_with(self._marked(formula))
        return f"\n\n{el}\n\n"

    def convert_figure(self, el, text, parent_tags):
        caption = el.find("figcaption", recursive=False)
        pictures = [
            child for child in el.children if isinstance(child, Tag) and child is not caption
        ]
        is_image = (
            caption is not None
            and pictures
            and all(
                child.name == "img" or (child.name == "a" and child.find("img"))
                for child in pictures
            )
        )
        if is_image and self._top_level(parent_tags):
            return self._kept(el)
        return f"\n\n{text.strip()}\n\n"

    def convert_dl(self, el, text, parent_tags):
        if self._top_level(parent_tags):
            return self._kept(el)
        return super().convert_dl(el, text, parent_tags)

    def convert_table(self, el, text, parent_tags):
        if self._top_level(parent_tags) and not self._simple_table(el):
            return self._kept(el)
        return super().convert_table(el, text, parent_tags)

    def _simple_table(self, el):
        """A table that a Markdown table says whole: a header row, plain cells."""
        if el.find(["table", "caption", "tfoot"]):
            return False
        if el.find(attrs={"rowspan": True}) or el.find(attrs={"colspan": True}):
            return False
        head = el.find("thead")
        if head and len(head.find_all("tr")) > 1:
            return False
        rows = el.find_all("tr")
        if not rows or any(cell.name != "th" for cell in rows[0].find_all(["td", "th"])):
            return False
        for cell in el.find_all(["td", "th"]):
            if cell.find(list(BLOCK_IN_CELL)):
                return False
            for formula in cell.find_all(MATH_TAG):
                _, tex = self._formula(formula)
                if "|" in tex or "\n" in tex:
                    return False
        return True

    # Inline.

    def _title(self, el):
        # Python-Markdown reads backslash escapes in a title, but not \".
        title = el.get("title")
        if not title:
            return ""
        return ' "{}"'.format(self.escape(title, {"a"}).replace('"', "&quot;"))

    def convert_img(self, el, text, parent_tags):
        # Images stay images in table cells and headings too.
        alt = self.escape(el.get("alt") or "", {"a"})
        src = (el.get("src") or "").replace(" ", "%20")
        return f"![{alt}]({src}{self._title(el)})"

    def convert_a(self, el, text, parent_tags):
        href = (el.get("href") or "").replace(" ", "%20")
        prefix, suffix, text = chomp(text)
        if "_noformat" in parent_tags or not href or not text:
            return f"{prefix}{text}{suffix}"
        if el.get_text() == href and not el.get("title") and AUTOLINK.fullmatch(href):
            return f"{prefix}<{href}>{suffix}"
        return f"{prefix}[{text}]({href}{self._title(el)}){suffix}"

    def _inline_html(name):  # noqa: N805 - builds methods below
        def convert(self, el, text, parent_tags):
            return f"<{name}>{text}</{name}>" if text.strip() else text

        return convert

    def _emphasis(name, twin):  # noqa: N805 - builds methods below
        inherited = getattr(MarkdownConverter, f"convert_{name}")

        def convert(self, el, text, parent_tags):
            # <strong> inside <strong> is still bold: Markdown cannot nest it.
            if el.find_parent([name, twin]):
                return text
            return inherited(self, el, text, parent_tags)

        return convert

    convert_strong = _emphasis("strong", "b")
    convert_b = _emphasis("b", "strong")
    convert_em = _emphasis("em", "i")
    convert_i = _emphasis("i", "em")

    def convert_abbr(self, el, text, parent_tags):
        title = el.get("title")
        if not title or not text.strip():
            return text
        return f'<abbr title="{html.escape(title)}">{text}</abbr>'

    convert_acronym = convert_abbr
    convert_sup = _inline_html("sup")
    convert_sub = _inline_html("sub")
    convert_ins = _inline_html("ins")
    convert_mark = _inline_html("mark")
    convert_u = _inline_html("ins")

    def _media_link(self, el, text, parent_tags):
        source = el.get("src") or el.get("data")
        if not source:
            inner = el.find("source", src=True)
            source = inner["src"] if inner else ""
        if not source:
            return text
        url = source.replace(" ", "%20")
        return f"[{self.escape(source, parent_tags)}]({url})"

    convert_iframe = _media_link
    convert_audio = _media_link
    convert_video = _media_link
    convert_object = _media_link
    convert_embed = _media_link


def _is_block_content(source):
    return "<!-- wp:" in source


def _html_footnotes(soup):
    """Footnotes written as HTML: a link to a list item that links back."""
    for item in soup.find_all("li", id=True):
        references = soup.find_all("a", href=f"#{item['id']}")
        if len(references) != 1:
            continue
        reference = references[0]
        marker = reference.parent if reference.parent.name == "sup" else reference
        own_ids = {f"#{node['id']}" for node in (reference, marker) if node.get("id")}
        backlinks = [link for link in item.find_all("a", href=True) if link["href"] in own_ids]
        if not backlinks:
            continue
        for backlink in backlinks:
            backlink.decompose()
        note = soup.new_tag(NOTE_TAG)
        note.extend([item.contents[0].extract() for _ in range(len(item.contents))])
        marker.replace_with(note)
        notes_list = item.parent
        item.decompose()
        if notes_list is not None and not notes_list.find("li"):
            notes_list.decompose()


def _block_editor_footnotes(soup, scan, footnotes):
    """WordPress's own footnotes: the body marks each with its id, the text
    of each is kept beside the post (its `footnotes` field)."""
    for marker in soup.find_all("sup", attrs={"data-fn": True}):
        content = footnotes.get(marker["data-fn"])
        if content is None:
            continue
        note = soup.new_tag(NOTE_TAG)
        fragment = BeautifulSoup(scan.protect(content), "html.parser")
        note.extend([fragment.contents[0].extract() for _ in range(len(fragment.contents))])
        marker.replace_with(note)


def wordpress_to_markdown(html_text: str, *, footnotes: Mapping[str, str] | None = None) -> str:
    """A WordPress post body (or excerpt) as Markdown for Kexue's post pipeline.

    `footnotes` gives the text (HTML) of each block-editor footnote by its id,
    as the post's `footnotes` field holds them.
    """
    source = (html_text or "").replace("\r\n", "\n").replace("\r", "\n")
    if source.startswith(TYPECHO_MARKDOWN):
        # Typecho (whose WordPress export these often are) keeps a post
        # written in Markdown as that Markdown behind this marker.
        markdown = source.removeprefix(TYPECHO_MARKDOWN).strip("\n")
        return markdown + "\n" if markdown.strip() else ""
    scan = _Scan()
    protected = scan.protect(source)
    soup = BeautifulSoup(protected, "html.parser")
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    for element in soup.find_all(["script", "style"]):
        element.decompose()
    if not _is_block_content(html_text or ""):
        _autop(soup, soup)
    _html_footnotes(soup)
    if footnotes:
        _block_editor_footnotes(soup, scan, footnotes)
    converter = _Converter(scan.formulas)
    markdown = converter.convert_soup(soup)
    if converter.notes:
        definitions = [
            f"[^{number}]: " + note.replace("\n", "\n" + LIST_ITEM_INDENT)
            for number, note in enumerate(converter.notes, start=1)
        ]
        markdown = markdown.rstrip("\n") + "\n\n" + "\n\n".join(definitions)
    return _tidy(markdown)


FENCE = re.compile(r"^[ \t>]*(`{3,})")


def _tidy(markdown):
    """At most one blank line between blocks, none inside fenced code touched."""
    lines, blank, fence = [], False, None
    for line in markdown.split("\n"):
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None and opening and opening.group(1) == fence:
            fence = None
        elif fence is None and not line.strip():
            blank = bool(lines)
            continue
        if blank:
            lines.append("")
            blank = False
        lines.append(line)
    return "\n".join(lines) + "\n" if lines else ""
