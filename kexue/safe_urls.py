"""What a URL will really lead to once a browser has read it.

A browser decodes HTML entities, removes tabs and newlines anywhere in a URL
and strips control characters and spaces around it before it looks for the
scheme, so `jav&#x09;ascript:` and `\\x01javascript:` are javascript: URLs
to it while a naive check sees none. Every check here first does all of that
and more (entities decoded until none are left, every whitespace, control and
invisible formatting character removed): whatever scheme a browser could find,
these checks find it too.
"""

import html
import re
import unicodedata
from urllib.parse import urlsplit

# A scheme as the URL standard defines it, up to its colon.
SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})


def normalized_url(value):
    """The URL with entities decoded and every whitespace or control character gone."""
    text = str(value or "")
    for _ in range(10):  # &amp;#x09; is one more round; ten is far past any real text
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return "".join(
        char
        for char in text
        if not char.isspace() and not unicodedata.category(char).startswith(("C", "Z"))
    )


def url_scheme(value):
    """The URL's scheme in lower case, or "" for a relative or fragment link."""
    match = SCHEME.match(normalized_url(value))
    return match.group(1).lower() if match else ""


def is_safe_link(value):
    """A link target text may carry: the web, mail, or a place on this site."""
    return url_scheme(value) in LINK_SCHEMES | {""}


def is_web_url(value):
    """An absolute http(s) address with a host: the only stored URL printed as a link."""
    text = str(value or "").strip()
    try:
        parts = urlsplit(text)
    except ValueError:  # an unbalanced [ in the host
        return False
    # Both readings must agree: the scheme as written, and the one a browser
    # finds after dropping the characters it ignores.
    return (
        parts.scheme.lower() in WEB_SCHEMES
        and url_scheme(text) in WEB_SCHEMES
        and bool(parts.hostname)
    )


def is_site_path(value):
    """A path on this site ("/media/…"), which a browser cannot read as another
    host: not "//host", nor "/\\host", which browsers take for "//host"."""
    text = normalized_url(value)
    return text.startswith("/") and not text.startswith(("//", "/\\")) and "\\" not in text
