"""The demo posts' Markdown (kexue/sitewide/demo/posts), for tests that need real
formulas in the numbers and kinds a post has."""

import re
from pathlib import Path

POSTS = Path(__file__).resolve().parents[1] / "kexue" / "sitewide" / "demo" / "posts"


def demo_body(name):
    """The body of demo post `name`, without its front matter."""
    text = (POSTS / f"{name}.md").read_text(encoding="utf-8")
    return re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL)
