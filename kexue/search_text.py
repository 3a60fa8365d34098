"""The text side of site search, shared by every app that indexes something.

PostgreSQL's parser reads a run of Chinese characters as a single word, so
Chinese is cut into words here, in Python, with jieba, and handed to
`to_tsvector('simple', …)` with spaces between the words. The `simple`
configuration only lower-cases, so Chinese and English words both match as
typed. Text that is not Chinese is left as it is for PostgreSQL's parser, which
already reads English words, numbers, `GAN-QP` and `np.exp` well.

Indexing and querying must cut text the same way, or phrases stop matching:
`index_text()` is for what is stored, `parse_query()` for what a reader types.
"""

import functools
import logging
import re
from dataclasses import dataclass

import jieba

from .mathtext import math_snippet, plain_text

# A pasted paragraph would become a query of hundreds of words; nobody types
# more than this into a search box, and segmenting it stays cheap.
MAX_QUERY_LENGTH = 256
SNIPPET_LENGTH = 160

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
HAN_RUN = re.compile(f"([{HAN}]+)")
# Controls become spaces; invisible format characters (zero-width spaces,
# direction marks, soft hyphens, byte-order marks) and unpaired surrogates are
# dropped, so text reads as it looks. PostgreSQL refuses NUL outright.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# A quoted phrase (the closing quote may be missing) or a bare word.
QUERY_PART = re.compile(r'(-*)"([^"]*)"?|([^\s"]+)')
WORD = re.compile(r"\w+(?:[-.']\w+)*")
ASCII_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


@functools.cache
def _jieba():
    """jieba's tokenizer, its dictionary loaded once per process and quietly."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.dt


def clean(text):
    """Text without control and invisible characters, as both sides of search see it."""
    return INVISIBLE.sub("", CONTROLS.sub(" ", text or ""))


def _pieces(text):
    """(piece, is_chinese) in order: runs of Chinese characters and what lies between."""
    for number, piece in enumerate(HAN_RUN.split(text)):
        if piece.strip():
            yield piece, number % 2 == 1


def _words(text, search_mode):
    """Chinese runs cut into words; other text kept whole for PostgreSQL's parser.

    Search mode also yields the shorter dictionary words inside a long one
    (信息论 → 信息 信息论), so a reader's shorter word finds the longer.
    """
    words = []
    for piece, chinese in _pieces(text):
        if not chinese:
            words.append(piece.strip())
        elif search_mode:
            words.extend(_jieba().cut_for_search(piece))
        else:
            words.extend(_jieba().cut(piece))
    return words


def index_text(text):
    """Text ready for `to_tsvector('simple', %s)`.

    The words in order, in search mode, then each Chinese character of a
    longer word once: that is how a one-character query (熵) finds 信息熵,
    which jieba keeps whole. The characters come last so they never stand
    between two words of a phrase.
    """
    words = _words(clean(text), search_mode=True)
    characters = dict.fromkeys(
        character for word in words if len(word) > 1 and HAN_RUN.match(word) for character in word
    )
    return " ".join([*words, *characters])


@dataclass(frozen=True)
class ParsedQuery:
    """A reader's query: `websearch` for PostgreSQL, `terms` for highlighting."""

    websearch: str
    terms: tuple[str, ...]


def parse_query(text):
    """Turn what a reader typed into a `websearch_to_tsquery` string of segmented words.

    The reader's syntax survives: `"a phrase"` must appear as written (its
    words are cut in search mode, exactly as the stored text was, so the
    positions line up), `-word` excludes, `or` between words means either.
    A bare Chinese run such as 信息瓶颈 becomes 信息 AND 瓶颈; ranking puts
    the texts where they stand together first. Each word is quoted so that
    what is inside can never be read as an operator.
    """
    parts, terms = [], []
    for dashes, phrase, bare in QUERY_PART.findall(clean(text)[:MAX_QUERY_LENGTH]):
        if bare.lower() == "or":
            parts.append("or")
            continue
        negated = bool(dashes) or bare.startswith("-")
        source = bare.lstrip("-") or phrase
        # Bare words must all appear, wherever they stand; a phrase, or an
        # excluded word, is its words in a row, cut as the stored text was.
        in_a_row = negated or not bare
        words = _words(source, search_mode=in_a_row)
        if not words:
            continue
        if in_a_row:
            parts.append('{}"{}"'.format("-" if negated else "", " ".join(words)))
        else:
            parts.extend(f'"{word}"' for word in words)
        if not negated:
            terms.extend(_highlight_terms(source, phrase=not bare))
    return ParsedQuery(websearch=" ".join(parts), terms=tuple(dict.fromkeys(terms)))


def _highlight_terms(text, phrase):
    """What to mark in a snippet: a phrase as written; of a bare word, its Latin
    words, and each Chinese run whole with its words of two characters or more."""
    if phrase:
        return [" ".join(text.lower().split())]
    terms = []
    for piece, chinese in _pieces(text.lower()):
        if not chinese:
            terms.extend(WORD.findall(piece))
            continue
        terms.append(piece)
        terms.extend(word for word in _jieba().cut(piece) if len(word) > 1)
    return terms


def html_to_text(html):
    """The readable text of stored HTML, on one line, for the search vectors.

    Formulas keep their TeX (`\\frac{a}{b}` gives the words frac, a, b) and
    footnotes their text; code keeps its identifiers: highlighting splits code
    into spans, so inline tags join without a space while block tags separate
    words (kexue.mathtext reads the HTML).
    """
    return plain_text(html, footnotes=True)


def terms_pattern(terms):
    """A regular expression matching any of the terms as PostgreSQL would, or None."""
    alternatives = []
    for term in sorted(terms, key=len, reverse=True):
        pattern = re.escape(term)
        # Latin words match whole, as in PostgreSQL; Chinese has no word edges.
        if ASCII_WORD_CHAR.match(term[0]):
            pattern = r"(?<![A-Za-z0-9_])" + pattern
        if ASCII_WORD_CHAR.match(term[-1]):
            pattern += r"(?![A-Za-z0-9_])"
        alternatives.append(pattern)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def snippet(html, terms, length=SNIPPET_LENGTH):
    """About `length` characters of stored HTML around the first match, as safe
    HTML for a `.math-scope`: text escaped, every match of the terms in <mark>,
    formulas whole and typeset by the page, never marked inside."""
    return math_snippet(html, length, terms_pattern(terms))
