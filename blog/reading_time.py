"""About how many minutes a post takes to read, from its stored HTML.

Chinese is read by the character and English by the word, at different paces,
so the two are counted apart in the same text: a mixed post adds both.
Formulas are read slower than their few symbols suggest and faster than their
TeX is long: each counts as a few words, a displayed one as more. Code is
skimmed line by line, not read word by word: each non-empty line counts as a
few words, whatever its length. Footnotes are read too.

The count is stored on the post when it is saved (Post.render), so lists show
it without reading a body.
"""

import html
import math
import re

from kexue.mathtext import Formula, pieces

CJK_CHARACTERS_PER_MINUTE = 400
WORDS_PER_MINUTE = 200
INLINE_FORMULA_WORDS = 3
DISPLAY_FORMULA_WORDS = 10
CODE_LINE_WORDS = 4

# Han (with its extensions and compatibility forms), kana, bopomofo and hangul:
# scripts read by the character, with no spaces between words.
CJK = re.compile(
    "[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f]"
)
WORD = re.compile(r"\w+")
# Stored HTML is sanitized: <pre> is never nested and always closed.
CODE_BLOCK = re.compile(r"<pre\b[^>]*>(.*?)</pre>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
DISPLAY = ("\\[", "\\begin")


def reading_minutes(body_html):
    """Whole minutes, at least one."""
    code_lines = 0

    def set_aside(code_block):
        nonlocal code_lines
        code = html.unescape(TAG.sub("", code_block.group(1)))
        code_lines += sum(1 for line in code.splitlines() if line.strip())
        return " "

    prose = CODE_BLOCK.sub(set_aside, body_html or "")
    characters, words = 0, code_lines * CODE_LINE_WORDS
    for piece in pieces(prose, footnotes=True):
        if isinstance(piece, Formula):
            display = piece.tex.startswith(DISPLAY)
            words += DISPLAY_FORMULA_WORDS if display else INLINE_FORMULA_WORDS
        else:
            characters += len(CJK.findall(piece.text))
            words += len(WORD.findall(CJK.sub(" ", piece.text)))
    minutes = characters / CJK_CHARACTERS_PER_MINUTE + words / WORDS_PER_MINUTE
    return max(1, math.floor(minutes + 0.5))
