"""The site's TeX macros: definitions an editor writes once, for every formula.

One definition a line, as in a LaTeX preamble:

    \\newcommand{\\R}{\\mathbb{R}}
    \\newcommand{\\E}[1]{\\mathbb{E}_{#1}}
    \\def\\bm{\\boldsymbol}

They become MathJax's `tex.macros` configuration ({"R": "\\mathbb{R}",
"E": ["\\mathbb{E}_{#1}", 1]}), which pages, previews and the server-side
MathML all read. A line that is not such a definition is refused with its
number, so a typo never reaches the pages.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# \newcommand{\name}[n]{body}, \renewcommand too, with or without braces round the name.
NEWCOMMAND = re.compile(
    r"\\(?:re)?newcommand\s*(?:\{\s*\\(?P<braced>[^{}\s]*)\s*\}|\\(?P<bare>[^\s{\[]*))"
    r"\s*(?:\[(?P<count>[^\]]*)\])?\s*(?P<body>.*)",
    re.DOTALL,
)
# \def\name#1#2{body}
DEF = re.compile(
    r"\\def\s*\\(?P<name>[^\s{#\\]*)\s*(?P<params>(?:#\s*\S\s*)*)(?P<body>.*)", re.DOTALL
)
NAME = re.compile(r"[A-Za-z]+")
PARAMETER_USE = re.compile(r"(?<!\\)#(\d)")
MAX_ARGUMENTS = 9


def parse_macros(text):
    """{name: body} or {name: [body, count]} for the definitions in text.
    Raises ValidationError naming the first bad line."""
    macros = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("%"):
            continue
        try:
            name, body, count = _definition(line)
        except ValueError as problem:
            raise ValidationError(
                _("Line %(number)d: %(problem)s"),
                code="bad_macro",
                params={"number": number, "problem": problem},
            ) from None
        if name in macros:
            raise ValidationError(
                _("Line %(number)d: \\%(name)s is already defined above."),
                code="duplicate_macro",
                params={"number": number, "name": name},
            )
        macros[name] = [body, count] if count else body
    return macros


def _definition(line):
    if match := NEWCOMMAND.fullmatch(line):
        name = match.group("braced") if match.group("braced") is not None else match.group("bare")
        count = _argument_count(match.group("count"))
        body = match.group("body")
    elif match := DEF.fullmatch(line):
        name = match.group("name")
        count = _def_parameters(match.group("params"))
        body = match.group("body")
    else:
        raise ValueError(
            _(
                "not a definition; write \\newcommand{\\name}{…}, "
                "\\newcommand{\\name}[2]{…} or \\def\\name{…}."
            )
        )
    if not NAME.fullmatch(name or ""):
        raise ValueError(_("“\\%(name)s” is not a macro name: use letters only.") % {"name": name})
    body = _group(body, name)
    used = max((int(n) for n in PARAMETER_USE.findall(body)), default=0)
    if used > count:
        raise ValueError(
            ngettext(
                "\\%(name)s uses #%(used)d but takes %(count)d argument.",
                "\\%(name)s uses #%(used)d but takes %(count)d arguments.",
                count,
            )
            % {"name": name, "used": used, "count": count}
        )
    return name, body, count


def _argument_count(written):
    if written is None:
        return 0
    if not written.strip().isdigit() or not 1 <= int(written) <= MAX_ARGUMENTS:
        raise ValueError(
            _("the number of arguments must be 1 to 9, not “%(count)s”.") % {"count": written}
        )
    return int(written)


def _def_parameters(written):
    numbers = re.findall(r"#\s*(\S)", written)
    if numbers != [str(n) for n in range(1, len(numbers) + 1)]:
        raise ValueError(_("\\def parameters must be #1, #2, … in order."))
    return len(numbers)


def _group(body, name):
    """The text inside the one braced group that makes up the body."""
    body = body.strip()
    if not body.startswith("{"):
        raise ValueError(_("the body of \\%(name)s must be in braces: {…}.") % {"name": name})
    depth = 0
    escaped = False
    for position, character in enumerate(body):
        if escaped:
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            if depth == 0:
                if body[position + 1 :].strip():
                    raise ValueError(
                        _("unbalanced braces: text after the body of \\%(name)s.") % {"name": name}
                    )
                return body[1:position]
    raise ValueError(_("unbalanced braces: a { in \\%(name)s is never closed.") % {"name": name})
