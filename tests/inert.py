"""Checks that HTML carries no executable markup from user text."""

from html.parser import HTMLParser

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...>")
            compact = "".join((value or "").split()).lower()
            if name in {"href", "src", "action", "formaction", "xlink:href"} and compact.startswith(
                DANGEROUS_SCHEMES
            ):
                self.problems.append(f"<{tag} {name}={value!r}>")
        # Data blocks no browser runs: the site's TeX macros and a post's JSON-LD
        # (blog/linked_data.py escapes "<" in it, so user text cannot close it).
        kind = dict(attrs).get("type")
        data_block = (kind == "application/json" and dict(attrs).get("id") == "tex-macros") or (
            kind == "application/ld+json"
        )
        if (
            tag == "script"
            and not data_block
            and not dict(attrs).get("src", "").startswith("/static/")
        ):
            self.problems.append("<script> that is not a site static file")
        if tag in {"iframe", "object", "embed", "base"}:
            self.problems.append(f"<{tag}>")


def executable_markup(html):
    """The list of executable constructs found in the HTML (empty when inert)."""
    collector = _Collector()
    collector.feed(html)
    return collector.problems
