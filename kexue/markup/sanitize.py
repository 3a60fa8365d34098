"""bleach allowlists: what HTML each kind of text may end up as.

Posts come from trusted editors (rich, but never scripts); comments come from
anyone (a strict inline profile, links marked as user content); snippets are
the short site texts editors write in the site settings.
"""

import re
from xml.etree import ElementTree

import bleach
from bleach.css_sanitizer import CSSSanitizer
from bleach.html5lib_shim import Filter
from pygments.token import STANDARD_TYPES

from kexue.safe_urls import LINK_SCHEMES, is_safe_link

PROTOCOLS = set(LINK_SCHEMES)

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


# The classes the comment pipeline itself gives each element, found by
# rendering every construct a comment can use (tests/kexue/test_comment_classes.py):
# the math marker, Pygments' token classes, highlighted lines, line numbers and
# a code block's title. Any other class, such as one a fenced block names
# ({.notice .visually-hidden}), would let a comment dress up as the site.
PYGMENTS_TOKEN_CLASSES = frozenset(STANDARD_TYPES.values()) - {""}
# A lexer's own token type (YAML's Literal.Scalar.Plain) is named by Pygments
# after its nearest standard one: "l-Scalar-Plain". No site class looks so.
PYGMENTS_SUBTYPE_CLASS = re.compile(
    "(?:" + "|".join(sorted(PYGMENTS_TOKEN_CLASSES)) + ")(?:-[A-Z][A-Za-z0-9]*)+"
)
COMMENT_CLASSES = {
    "span": PYGMENTS_TOKEN_CLASSES | {"arithmatex", "hll", "normal", "special", "filename"},
    "div": frozenset({"arithmatex", "highlight", "linenodiv"}),
    "code": frozenset({"highlight"}),
}
# MathJax typesets whatever sits in an arithmatex element, so only the
# pipeline's own formulas, which carry that class alone, may keep it.
MATH_MARKER = "arithmatex"


def is_comment_class(tag, name):
    if name in COMMENT_CLASSES.get(tag, ()):
        return True
    return tag == "span" and PYGMENTS_SUBTYPE_CLASS.fullmatch(name) is not None


def comment_classes(tag, value):
    """The classes of value that the pipeline gives a tag, in order, as one string."""
    classes = value.split()
    return " ".join(
        name
        for name in classes
        if is_comment_class(tag, name) and (name != MATH_MARKER or classes == [MATH_MARKER])
    )


def _comment_attribute(tag, name, value):
    if name == "class":
        return bool(comment_classes(tag, value))
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


class SafeLinkTargets(Filter):
    """Links and images lead only to the web, mail or this site, judged as a
    browser reads the URL (kexue.safe_urls): bleach alone takes
    `javascript:123` for a host and port. A refused link keeps its text; a
    refused image goes."""

    def __iter__(self):
        in_refused_link = False
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if kind in {"StartTag", "EmptyTag"} and name in {"a", "img"}:
                target = token["data"].get((None, "href" if name == "a" else "src"))
                if target is not None and not is_safe_link(target):
                    in_refused_link = name == "a"
                    continue
            elif kind == "EndTag" and name == "a" and in_refused_link:
                in_refused_link = False
                continue
            yield token


class CommentClasses(Filter):
    """Keeps only the classes the pipeline gives each element (COMMENT_CLASSES)."""

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and (None, "class") in token["data"]:
                token["data"][(None, "class")] = comment_classes(
                    token["name"], token["data"][(None, "class")]
                )
            yield token


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
    filters=[SafeLinkTargets],
)
# Untrusted text reaches the cleaner with its raw HTML already escaped, so any
# disallowed tag here came from Markdown syntax (a heading, an image): keep its
# text, drop the tag.
comment_cleaner = bleach.Cleaner(
    tags=COMMENT_TAGS,
    attributes=_comment_attribute,
    protocols=PROTOCOLS,
    filters=[SafeLinkTargets, CommentClasses, UserContentLinks],
    strip=True,
)
snippet_cleaner = bleach.Cleaner(
    tags=INLINE_TAGS | {"p"},
    attributes={"a": ["href", "title"], "abbr": ["title"]},
    protocols=PROTOCOLS,
    filters=[SafeLinkTargets],
    strip=True,
)


# --- MathML allowlist -------------------------------------------------------
# kexue/markup/mathml.py adds MathJax's MathML to formulas after bleach has run
# (bleach's HTML parser would mangle it), so the MathML passes this allowlist of
# its own. TeX is anyone's text: \href, \cssId, \class, \style and \color
# reach the MathML as attributes, and only the harmless ones may stay.

MATHML_NAMESPACE = "http://www.w3.org/1998/Math/MathML"

# MathML Core presentation elements and the ones MathJax writes (mlabeledtr for
# numbered rows, menclose for \cancel, maction for \mathtip). Not mglyph (it
# loads an image) nor annotation-xml (it can carry HTML); semantics and
# annotation are written by mathml.py, never taken from MathJax.
MATHML_ELEMENTS = {
    "maction", "menclose", "merror", "mfrac", "mi", "mlabeledtr", "mmultiscripts", "mn", "mo",
    "mover", "mpadded", "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt",
    "mstyle", "msub", "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder",
    "munderover", "none",
}  # fmt: skip

# Layout attributes whose values are words, numbers, lengths and colours. Not
# style (\style would restyle the page around the formula), class, or data-*
# (MathJax's own bookkeeping: data-latex repeats the TeX on every element); no
# id either: every text numbers its equations from (1), so two excerpts on the
# home page, or a post and its comments, would repeat "mjx-eqn:1", and \cssId
# could shadow an element of the page (on the page, MathJax sets the ids).
MATHML_ATTRIBUTES = {
    "accent", "accentunder", "actiontype", "align", "bevelled", "columnalign", "columnlines",
    "columnspacing", "columnspan", "denomalign", "depth", "dir", "display", "displaystyle",
    "equalcolumns", "equalrows", "fence", "form", "frame", "framespacing", "height",
    "indentalign", "indentshift", "largeop", "linebreak", "linethickness", "lspace",
    "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize", "minlabelspacing",
    "minsize", "movablelimits", "notation", "numalign", "rowalign", "rowlines", "rowspacing",
    "rowspan", "rspace", "scriptlevel", "selection", "separator", "side", "stretchy",
    "symmetric", "voffset", "width",
}  # fmt: skip
# No parentheses, colons, semicolons or slashes: a value cannot be url(…),
# an expression or a second declaration; "#ff0000", "2em", "-0.5ex", "red" pass.
MATHML_VALUE = re.compile(r"[-+#.,%\w ]{0,200}")
# Links inside formulas: the web and mail, or a fragment (\eqref's link to an
# equation on the same page).
MATHML_HREF = re.compile(r"(?:https?://|mailto:)[^\s\"'<>\\]+|#[-\w.:%]*", re.IGNORECASE)


def clean_mathml(math):
    """A copy of the namespaced <math> tree MathJax wrote, with only allowed
    elements (a disallowed one goes with its content), allowed attributes and
    their harmless values, and tags without the namespace prefix."""
    return _clean_mathml_element(math, "math")


def _clean_mathml_element(element, name):
    clean = ElementTree.Element(name)
    for attribute, value in element.attrib.items():
        if attribute == "href":
            allowed = MATHML_HREF.fullmatch(value.strip())
        else:
            allowed = attribute in MATHML_ATTRIBUTES and MATHML_VALUE.fullmatch(value)
        if allowed:
            clean.set(attribute, value.strip() if attribute == "href" else value)
    clean.text = element.text
    clean.tail = element.tail
    for child in element:
        namespace, _, child_name = child.tag.rpartition("}")
        if namespace.lstrip("{") != MATHML_NAMESPACE or child_name not in MATHML_ELEMENTS:
            # Its place in the text is kept by its tail.
            tail = child.tail
            if tail:
                if len(clean):
                    clean[-1].tail = (clean[-1].tail or "") + tail
                else:
                    clean.text = (clean.text or "") + tail
            continue
        clean.append(_clean_mathml_element(child, child_name))
    return clean
