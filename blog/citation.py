"""How a post is cited: a biblatex entry and a reference line in the reader's language.

Both are built from the same facts (`Reference`), so they cannot disagree:
the author named in the site settings, the post's title and publication date
in the site's time zone, its permanent URL, and the day it was read.

- The BibTeX entry is a biblatex `@online` with `date = {YYYY-MM-DD}` and
  `urldate` (biblatex's fields; `month = {Nov}` is not valid biblatex).
- The line follows GB/T 7714-2015 for electronic resources (`[EB/OL]`) when
  the interface speaks Chinese, and a plain author–date style otherwise.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import get_language

BIBTEX_SPECIAL = str.maketrans({"{": r"\{", "}": r"\}", "\\": r"\textbackslash{}", "%": r"\%",
                                "&": r"\&", "#": r"\#", "$": r"\$", "_": r"\_",
                                "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"})  # fmt: skip
# BibTeX splits a name list at a bare "and": "Tom and Jerry" would be two authors.
NAME_SEPARATOR = re.compile(r"(?<=\s)(and)(?=\s)", re.IGNORECASE)
# A title that already ends a sentence takes no second full stop.
SENTENCE_END = ("." , "?", "!", "。", "？", "！", "…")  # fmt: skip
# Spelled out here, not by the server's locale, so the line is the same everywhere.
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Reference:
    author: str
    title: str
    site_name: str
    url: str
    published: date
    accessed: date
    key: str

    @classmethod
    def for_post(cls, post, *, author, site_name, url, accessed=None):
        return cls(
            author=author,
            title=post.title,
            site_name=site_name,
            url=url,
            published=timezone.localtime(post.published_at).date(),
            # The day the page was served: a cached page keeps it for minutes.
            accessed=accessed or timezone.localdate(),
            key=f"kexue{post.pk}",
        )


def bibtex_escape(text):
    return text.translate(BIBTEX_SPECIAL)


def bibtex_name(name):
    """A name list of one: special characters escaped, a bare "and" braced."""
    return NAME_SEPARATOR.sub(r"{\1}", bibtex_escape(name))


def bibtex(reference):
    fields = [
        ("author", bibtex_name(reference.author)),
        ("title", bibtex_escape(reference.title)),
        ("organization", bibtex_escape(reference.site_name)),
        ("date", reference.published.isoformat()),
        # URLs are read verbatim by biblatex; permanent URLs carry no braces.
        ("url", reference.url),
        ("urldate", reference.accessed.isoformat()),
    ]
    lines = [f"@online{{{reference.key},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields]
    lines.append("}")
    return "\n".join(lines)


def citation(reference, language=None):
    """The reference line in the interface language (the active one by default)."""
    language = language or get_language() or ""
    if language.startswith("zh"):
        return gb_t_7714(reference)
    return author_date(reference)


def sentence(text):
    """The text with a full stop, unless it already ends a sentence ("Jr.", "why?")."""
    return text if text.endswith(SENTENCE_END) else f"{text}."


def gb_t_7714(reference):
    """GB/T 7714-2015, electronic resource: 作者. 题名[EB/OL]. (发布日期)[引用日期]. URL."""
    return (
        f"{sentence(reference.author)} {reference.title}[EB/OL]. "
        f"({reference.published.isoformat()})[{reference.accessed.isoformat()}]. {reference.url}"
    )


def author_date(reference):
    """Author. (Year, Month Day). Title. Site. URL"""
    published = reference.published
    day = f"{published.year}, {MONTHS[published.month - 1]} {published.day}"
    return (
        f"{sentence(reference.author)} ({day}). {sentence(reference.title)} "
        f"{sentence(reference.site_name)} {reference.url}"
    )
