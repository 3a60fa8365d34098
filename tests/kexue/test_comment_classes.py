"""Comments keep only the classes the pipeline itself gives them.

The allowlist (kexue/markup/sanitize.py COMMENT_CLASSES) must hold every class
that rendering a comment really produces, or code loses its colours; and
nothing else, or a comment can dress up as the site (a draft banner, a
visually hidden trap, a reply link the scripts act on).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from kexue.markup import pipeline, render_comment
from kexue.markup.sanitize import COMMENT_TAGS, is_comment_class

pytestmark = pytest.mark.django_db

CODE = """# a comment
/* a block */ // a line
@decorator
def f(x, *args): return "s\\n" + 'c' + f"{x}" + r"raw" + 0x1F + 1.5e3 + 7 - x
class A(B): pass
<tag attr="v">&amp;</tag> $variable `command` {key: [1, true, null]}
SELECT * FROM t WHERE a = 'b';
-removed
+added
"""
LANGUAGES = [
    "python", "pycon", "c", "cpp", "java", "javascript", "typescript", "rust", "go", "haskell",
    "julia", "matlab", "r", "latex", "html", "xml", "css", "bash", "console", "diff", "sql",
    "json", "yaml", "toml", "ini", "make", "ruby", "php", "lua", "text",
]  # fmt: skip
FENCE_OPTIONS = ["", 'linenums="1"', 'linenums="3 1 2" hl_lines="1 3"', 'title="f.x" hl_lines="2"']
OTHER_SAMPLES = [
    "    indented code\n    second line",
    "Inline `#!python print('x')` and `#!c int x = 1;` and `plain`.",
    "Math $x^2$, \\(y\\), $$\\int f$$ and\n\n"
    "$$\n\\begin{align}a&=b\\label{e}\\end{align}\n$$\n\n\\eqref{e}",
    "Text $$x$$ inside and \\begin{equation}y\\end{equation} too.",
    "*em* **strong** ~~gone~~ `code` [link](https://example.org/) > quote\n\n- a\n- b\n\n1. c",
]
SAMPLES = [
    f"```{{.{language} {options}}}\n{CODE}```"
    for language in LANGUAGES
    for options in FENCE_OPTIONS
] + OTHER_SAMPLES


class _Classes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found, self.ids = set(), []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in (attributes.get("class") or "").split():
            self.found.add((tag, name))
        if "id" in attributes:
            self.ids.append(attributes["id"])


def classes(html):
    parser = _Classes()
    parser.feed(html)
    return parser


def markdown_only(text):
    """What the comment pipeline emits before bleach sees it."""
    return pipeline._markdown("comment", pipeline.COMMENT_EXTENSIONS, False).convert(text)


def site_classes():
    """Every class the site's own stylesheets, templates, scripts and HTML-writing code name."""
    root = Path(settings.BASE_DIR)
    names = set()
    for css in (root / "static" / "css").glob("*.css"):
        names |= set(re.findall(r"\.(-?[A-Za-z_][-\w]*)", css.read_text()))
    writers = [
        *(root / "templates").rglob("*.html"),
        *root.glob("*/*.py"),
        *root.glob("kexue/*/*.py"),
    ]
    for writer in writers:
        for value in re.findall(r'class="([^"{]*)"', writer.read_text()):
            names |= set(value.split())
    for script in (root / "static" / "js").glob("*.js"):
        names |= set(re.findall(r"""["'\s(]\.([A-Za-z_][-\w]*)""", script.read_text()))
    return names


def test_the_allowlist_holds_every_class_the_comment_pipeline_emits():
    emitted = set().union(*(classes(markdown_only(text)).found for text in SAMPLES))
    # Tables (line numbers, a title) are not comment tags: bleach keeps their text only.
    kept = {(tag, name) for tag, name in emitted if tag in COMMENT_TAGS}
    names = {name for _, name in kept}
    assert {"hll", "filename", "special", "normal", "kd", "s2", "l-Scalar-Plain"} <= names
    assert sorted(pair for pair in kept if not is_comment_class(*pair)) == []


@pytest.mark.parametrize("text", SAMPLES[::7] + OTHER_SAMPLES, ids=range(len(SAMPLES[::7]) + 5))
def test_a_rendered_comment_keeps_the_classes_the_pipeline_gave_it(text):
    emitted = {pair for pair in classes(markdown_only(text)).found if pair[0] in COMMENT_TAGS}
    assert classes(render_comment(text)).found == emitted


HOSTILE_FENCES = [
    "```{.draft-banner .visually-hidden}\nOfficial notice\n```",
    "```{.python .visually-hidden .draft-banner}\nx = 1\n```",
    "```{.text .arithmatex}\n\\(\\href{javascript:alert(1)}{x}\\)\n```",
    "```{#site-header .python .skip-link}\nx = 1\n```",
    "`#!visually-hidden x` `#!draft-banner y`",
]


@pytest.mark.parametrize("text", HOSTILE_FENCES)
def test_a_fenced_block_cannot_name_its_own_classes_or_id(text):
    found = classes(render_comment(text))
    assert {name for _, name in found.found} <= {"highlight", "n", "o", "mi"}
    assert found.ids == []


def test_no_class_of_the_site_outside_the_allowlist_reaches_a_comment():
    names = sorted(site_classes() | {"mjx-container", "math-scope", "tex2jax_ignore"})
    assert {"draft-banner", "visually-hidden", "reply-link", "comment-author"} <= set(names)
    listed = " ".join(f".{name}" for name in names)
    text = f"```{{.python {listed}}}\nx = 1\n```\n\n```{{.text {listed}}}\ny\n```"
    found = classes(render_comment(text)).found
    assert sorted(pair for pair in found if not is_comment_class(*pair)) == []
    assert {name for _, name in found} <= {"highlight", "n", "o", "mi"}
