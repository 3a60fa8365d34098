"""The layers of docs/architecture.md, checked from the source: no module imports upward."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ["kexue", "members", "blog", "comments"]
# Lowest first. A module may import its own layer and the ones below it.
LAYERS = [
    ("shared", ["kexue"]),
    ("members", ["members"]),
    ("blog", ["blog"]),
    ("comments", ["comments"]),
    ("composition", ["kexue.sitewide", "kexue.urls"]),
    ("development", ["kexue.devtools"]),
]


def layer_of(module):
    """The index in LAYERS of a dotted module name of ours, or None for anything else.

    The longest matching prefix wins: kexue.sitewide is composition, kexue.markup shared."""
    matches = [
        (len(prefix), index)
        for index, (_name, prefixes) in enumerate(LAYERS)
        for prefix in prefixes
        if module == prefix or module.startswith(prefix + ".")
    ]
    return max(matches)[1] if matches else None


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(module, source, is_package=False):
    """Every module the source imports, at the top or inside a function, relative ones resolved."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, node.module] if node.module else base)
            yield target
            # `from kexue import sitewide` imports the submodule kexue.sitewide.
            yield from (f"{target}.{alias.name}" for alias in node.names)


def imports_above(module, source, is_package=False):
    own = layer_of(module)
    for target in imported_modules(module, source, is_package):
        theirs = layer_of(target)
        if theirs is not None and theirs > own:
            yield f"{module} ({LAYERS[own][0]}) imports {target} ({LAYERS[theirs][0]})"


def test_no_module_imports_a_layer_above_its_own():
    found = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = module_name(path)
            found += imports_above(module, path.read_text(), path.name == "__init__.py")
    assert found == []


@pytest.mark.parametrize(
    ("module", "source", "upward"),
    [
        ("blog.views", "from comments.models import Comment", True),
        ("blog.views", "def f():\n    import comments.thread", True),
        ("blog.views", "from kexue import sitewide", True),
        ("blog.views", "from kexue.markup import render_post", False),
        ("blog.views", "from members.models import User", False),
        ("members.views", "from blog.models import Post", True),
        ("kexue.models", "from .sitewide.search import results", True),
        ("kexue.caching", "from .markup import render_post", False),
        ("comments.views", "from blog.models import Post", False),
        ("kexue.sitewide.search", "from comments.models import Comment", False),
        ("kexue.sitewide.search", "from kexue.devtools import loadgen", True),
        ("members.adapters", "from kexue.outbox.queueing import queue_email", False),
        ("kexue.outbox.queueing", "from comments.models import Notification", True),
    ],
)
def test_the_checker_tells_upward_imports_from_allowed_ones(module, source, upward):
    assert bool(list(imports_above(module, source))) is upward
