"""What a page that shows hostile text must not contain."""

from html.parser import HTMLParser

from django.conf import settings

from kexue.markup.sanitize import (
    MATHML_ATTRIBUTES,
    MATHML_ELEMENTS,
    MATHML_HREF,
    MATHML_NAMESPACE,
    MATHML_VALUE,
)
from tests.inert import executable_markup

# Elements and attributes no page of the site emits itself, so any of them
# came from what a visitor typed. (<math> the site emits only as the MathML of
# a formula element, held to the MathML allowlist: see _Collector.)
FOREIGN_TAGS = {"style", "svg", "noscript", "xmp", "plaintext", "noembed"}
FOREIGN_ATTRIBUTES = {"style", "srcdoc", "formaction"}

# What a template engine would print had it evaluated TEMPLATE_INJECTION.
EVALUATED = ["94011", "8888", "DEFAULT_MESSAGE_LEVELS", "sql_queries", "class 'object'"]


# What kexue/markup/mathml.py adds to the MathML that passed the allowlist.
MATHML_WRAPPING = {"math": {"xmlns", "display"}, "semantics": set(), "annotation": {"encoding"}}
VOID_ELEMENTS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def mathml_disallowed(tag, attrs):
    """What the MathML allowlist does not permit in one element inside <math>."""
    if tag not in MATHML_ELEMENTS and tag not in MATHML_WRAPPING:
        return [f"MathML tag <{tag}>"]
    found = []
    for name, value in attrs:
        value = value or ""
        if name == "xmlns":
            allowed = tag == "math" and value == MATHML_NAMESPACE
        elif name == "encoding":
            allowed = tag == "annotation" and value == "application/x-tex"
        elif name == "href":
            allowed = MATHML_HREF.fullmatch(value)
        else:
            allowed = name in MATHML_ATTRIBUTES and MATHML_VALUE.fullmatch(value)
        if not allowed:
            found.append(f"attribute {name}={value!r} on MathML <{tag}>")
    return found


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self.text = []
        self._open = []  # (tag, is a formula element) of the elements not yet closed
        self._math_depth = 0

    def handle_starttag(self, tag, attrs):
        self._track(tag, attrs)
        if self._math_depth:
            self.problems.extend(mathml_disallowed(tag, attrs))
            return
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if all(name != tag for name, _formula in self._open):
            return  # a stray end tag closes nothing
        while self._open:
            name, _formula = self._open.pop()
            if self._math_depth:
                self._math_depth -= 1
            if name == tag:
                break

    def _track(self, tag, attrs):
        if tag in VOID_ELEMENTS:
            return
        if tag == "math" and not self._math_depth:
            inside_formula = bool(self._open) and self._open[-1][1]
            if not inside_formula:
                self.problems.append("<math> outside a formula element")
        formula = "arithmatex" in (dict(attrs).get("class") or "").split()
        self._open.append((tag, formula))
        if self._math_depth or tag == "math":
            self._math_depth += 1

    def _check(self, tag, attrs):
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

    def handle_startendtag(self, tag, attrs):
        if self._math_depth:
            self.problems.extend(mathml_disallowed(tag, attrs))
        else:
            self._check(tag, attrs)

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
