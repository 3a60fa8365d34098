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
        # The site's TeX macros: a JSON data block, which no browser runs.
        data_block = dict(attrs).get("type") == "application/json" and (
            dict(attrs).get("id") == "tex-macros"
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
