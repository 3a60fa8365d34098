"""Markdown + TeX to safe HTML."""

import threading

import markdown
from pymdownx.slugs import slugify

from .mathext import MathFinishing
from .mathml import add_mathml
from .mathsyntax import MathSyntax
from .sanitize import comment_cleaner, post_cleaner, snippet_cleaner
from .toc import table_of_contents

MORE_MARKER = "<!--more-->"

MATH = {
    "pymdownx.arithmatex": {"generic": True},
}
CODE = {
    "pymdownx.highlight": {"use_pygments": True, "css_class": "highlight", "guess_lang": False},
    "pymdownx.superfences": {},
    "pymdownx.inlinehilite": {},
}
POST_EXTENSIONS = {
    **MATH,
    **CODE,
    "tables": {},
    "footnotes": {"BACKLINK_TITLE": "%d"},
    "toc": {"slugify": slugify(case="lower", percent_encode=False), "toc_depth": "2-4"},
    "pymdownx.tilde": {"subscript": False},
    "sane_lists": {},
}
COMMENT_EXTENSIONS = {**MATH, **CODE, "pymdownx.tilde": {"subscript": False}, "sane_lists": {}}
SNIPPET_EXTENSIONS = {"sane_lists": {}}

_local = threading.local()


def _markdown(profile, extensions, raw_html):
    """One Markdown instance per profile and thread: building one is costly,
    and an instance is not safe to share between threads."""
    key = f"md_{profile}"
    md = getattr(_local, key, None)
    if md is None:
        md = markdown.Markdown(
            extensions=[*extensions, MathFinishing(), MathSyntax()],
            extension_configs=extensions,
            output_format="html",
        )
        if not raw_html:
            # Raw HTML in untrusted text is shown as text, never parsed.
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        setattr(_local, key, md)
    md.reset()
    return md


def _with_mathml(sanitized_html, tex_macros):
    # After sanitizing, so bleach cannot strip it; the MathML has an allowlist of its own.
    if "arithmatex" not in sanitized_html:
        return sanitized_html
    return add_mathml(sanitized_html, tex_macros)


def render_post(text, *, tex_macros=None, mathml=True):
    """Returns (html, toc_html) for an editor's post body. tex_macros: the
    site's macros (SiteSettings.tex_macros_for_mathjax()) for the MathML;
    mathml=False leaves it to the caller (add_mathml_to_each)."""
    md = _markdown("post", POST_EXTENSIONS, raw_html=True)
    html = post_cleaner.clean(md.convert(text or ""))
    toc = post_cleaner.clean(table_of_contents(md.toc_tokens))
    if not mathml:
        return html, toc
    return _with_mathml(html, tex_macros), _with_mathml(toc, tex_macros)


def render_comment(text, *, tex_macros=None, mathml=True):
    """A reader's comment as safe HTML. mathml=False leaves the MathML to the
    caller, who gives many comments theirs at once (add_mathml_to_each)."""
    html = comment_cleaner.clean(
        _markdown("comment", COMMENT_EXTENSIONS, False).convert(text or "")
    )
    return _with_mathml(html, tex_macros) if mathml else html


def render_snippet(text):
    """A short site text (sponsor line, take-part box): links and emphasis only."""
    return snippet_cleaner.clean(
        _markdown("snippet", SNIPPET_EXTENSIONS, False).convert(text or "")
    )


def split_excerpt(text):
    """The text before the <!--more--> marker, or None when there is no marker."""
    head, marker, _ = (text or "").partition(MORE_MARKER)
    return head if marker else None
