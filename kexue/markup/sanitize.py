"""bleach allowlists: what HTML each kind of text may end up as.

Posts come from trusted editors (rich, but never scripts); comments come from
anyone (a strict inline profile, links marked as user content); snippets are
the short site texts editors write in the site settings.
"""

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter

PROTOCOLS = {"http", "https", "mailto"}

# Classes the pipeline itself emits: math markers, Pygments tokens, footnotes.
INLINE_TAGS = {
    "a",
    "abbr",
    "br",
    "code",
    "del",
    "em",
    "kbd",
    "mark",
    "span",
    "strong",
    "sub",
    "sup",
}
COMMENT_TAGS = INLINE_TAGS | {"blockquote", "div", "li", "ol", "p", "pre", "ul"}
POST_TAGS = COMMENT_TAGS | {
    "caption", "dd", "details", "dl", "dt", "figcaption", "figure", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "img", "ins", "section", "summary", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr",
}  # fmt: skip


def _comment_attribute(tag, name, value):
    if name == "class":
        return tag in {"span", "div", "code", "pre"}
    if tag == "a":
        return name in {"href", "title"}
    return False


POST_ATTRIBUTES = {
    "*": ["class", "id", "title"],
    "a": ["href", "title", "class", "id"],
    "img": ["src", "alt", "title", "width", "height", "loading"],
    "th": ["style", "colspan", "rowspan"],
    "td": ["style", "colspan", "rowspan"],
    "ol": ["start", "class"],
    "abbr": ["title"],
}


class UserContentLinks(Filter):
    """Marks every link in user text so search engines and openers know it."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token["name"] == "a":
                token["data"][(None, "rel")] = "nofollow ugc noopener"
            yield token


post_cleaner = bleach.Cleaner(
    tags=POST_TAGS,
    attributes=POST_ATTRIBUTES,
    protocols=PROTOCOLS,
    css_sanitizer=CSSSanitizer(allowed_css_properties=["text-align"]),
)
# Untrusted text reaches the cleaner with its raw HTML already escaped, so any
# disallowed tag here came from Markdown syntax (a heading, an image): keep its
# text, drop the tag.
comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=_comment_attribute,
    protocols=PROTOCOLS,
    filters=[UserContentLinks],
    strip=True,
)
snippet_cleaner = bleach.Cleaner(
    tags=INLINE_TAGS | {"p"},
    attributes={"a": ["href", "title"], "abbr": ["title"]},
    protocols=PROTOCOLS,
    strip=True,
)
