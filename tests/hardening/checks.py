"""What a page that shows hostile text must not contain."""

from html.parser import HTMLParser

from django.conf import settings

from tests.inert import executable_markup

# Elements and attributes no page of the site emits itself, so any of them
# came from what a visitor typed.
FOREIGN_TAGS = {"style", "svg", "math", "noscript", "xmp", "plaintext", "noembed"}
FOREIGN_ATTRIBUTES = {"style", "srcdoc", "formaction"}

# What a template engine would print had it evaluated TEMPLATE_INJECTION.
EVALUATED = ["94011", "8888", "DEFAULT_MESSAGE_LEVELS", "sql_queries", "class 'object'"]


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in FOREIGN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            self.problems.append("<meta http-equiv>")
        if tag == "form" and not (attributes.get("action") or "/").startswith("/"):
            self.problems.append(f"<form action={attributes['action']!r}>")
        self.problems.extend(
            f"<{tag} {name}=...>" for name in FOREIGN_ATTRIBUTES & attributes.keys()
        )

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def problems(html):
    """Everything in the HTML that could run, restyle or was evaluated."""
    collector = _Collector()
    collector.feed(html)
    found = executable_markup(html) + collector.problems
    # Only the text: signed form stamps in attributes may hold any digits.
    text = " ".join(collector.text)
    found += [f"evaluated template text: {marker!r}" for marker in EVALUATED if marker in text]
    if settings.SECRET_KEY in html:
        found.append("the secret key")
    return found


def has_form_error(html):
    """Whether the page tells the visitor what was wrong with the form."""
    return any(mark in html for mark in ('class="errorlist', "field-error", "form-errors"))
