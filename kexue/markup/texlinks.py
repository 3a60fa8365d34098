"""Links inside formulas lead only where a Markdown link may.

MathJax makes links from `\\href{url}{text}`, `\\url{url}` and the `href`
option of `\\mmlToken`. Its own check (ui/safe) reads the URL as written, but
the browser decoded HTML entities before MathJax saw the text and drops tabs
and newlines after MathJax has judged it: `\\href{jav&#x09;ascript:…}{a}`
passes MathJax and then runs. So every such URL is judged here, when the text
is saved, the way `kexue.safe_urls` reads it (entities decoded, whitespace and
control characters gone): http, https, mailto, or a link within the site.

A refused link loses its link and keeps its words: `\\href{bad}{text}` becomes
`{text}`, `\\url{bad}` becomes `\\text{bad}` (as the browser would have read
it, without TeX's special characters), and an `\\mmlToken` loses its `[…]`
options. A link command that is not followed by a written URL
(`\\let\\x\\href`, a `#1` filled in by a macro later) could be given any
URL at typesetting time, so it goes too.
"""

import re

from kexue.safe_urls import is_safe_link, normalized_url

# One TeX token that starts with a backslash: a control word (\href) or a
# control symbol (\\, \{). Reading them in order keeps `\\href` (a line break,
# then the letters h-r-e-f) from looking like \href.
CONTROL_SEQUENCE = re.compile(r"\\(?:([A-Za-z]+)|.)", re.DOTALL)
SPACES = " \t\r\n"
# #1 in a macro's body is replaced by whatever the macro is given.
MACRO_PARAMETER = re.compile(r"#\s*\d")
# A % starts a comment up to the end of the line; a URL is judged with and
# without them, whichever way MathJax reads it.
TEX_COMMENT = re.compile(r"(?<!\\)%[^\n]*\n?")
TEXT_SPECIALS = re.compile(r"[\\{}$#%&^_~]")


def _group(tex, start, opening="{", closing="}"):
    """(content, end) of the group opening after optional spaces at start, or None.
    Braces nest; a backslash escapes the next character, as in MathJax's reader."""
    index = start
    while index < len(tex) and tex[index] in SPACES:
        index += 1
    if index >= len(tex) or tex[index] != opening:
        return None
    depth, position = 0, index
    while position < len(tex):
        char = tex[position]
        if char == "\\":
            position += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        if depth == 0 and char == closing:
            return tex[index + 1 : position], position + 1
        position += 1
    return None


def _is_written_safe_url(url):
    if "\\" in url or MACRO_PARAMETER.search(url):
        return False
    return is_safe_link(url) and is_safe_link(TEX_COMMENT.sub("", url))


def _url_as_text(url):
    # As the browser would have read it, without what TeX's text mode would act on.
    return r"\text{" + TEXT_SPECIALS.sub("", normalized_url(url)) + "}"


def _options_without_href(tex, start):
    """Where an \\mmlToken's [options] holding an href end, or None when it has none."""
    position = start
    name = _group(tex, position)  # the token's element name, {mi}
    if name is not None:
        position = name[1]
    options = _group(tex, position, "[", "]")
    if options and "href" in "".join(options[0].split()).lower():
        return options[1]
    return None


def without_unsafe_links(tex):
    """The TeX (entities already decoded) with every link command that does
    not lead to a safe URL neutralised; the same string when there is none."""
    if "href" not in tex and "url" not in tex and "mmlToken" not in tex:
        return tex
    parts, copied, position = [], 0, 0
    while match := CONTROL_SEQUENCE.search(tex, position):
        position = match.end()
        command = match.group(1)
        if command == "mmlToken":
            options_end = _options_without_href(tex, position)
            if options_end is not None:
                name = _group(tex, position)
                parts.append(tex[copied:position] + (f"{{{name[0]}}}" if name else ""))
                copied = position = options_end
            continue
        if command not in {"href", "url"}:
            continue
        argument = _group(tex, position)
        if argument is not None and _is_written_safe_url(argument[0]):
            position = argument[1]
            continue
        parts.append(tex[copied : match.start()])
        if argument is None:
            copied = position
            continue
        if command == "url":
            parts.append(_url_as_text(argument[0]))
        copied = position = argument[1]
    if not parts:
        return tex
    return "".join(parts) + tex[copied:]
