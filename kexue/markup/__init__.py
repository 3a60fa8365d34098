"""The one Markdown + math pipeline that posts, comments and site texts share.

Text is rendered once, when it is saved; pages print the stored HTML.
"""

from .mathml import add_mathml_to_each
from .pipeline import MORE_MARKER, render_comment, render_post, render_snippet, split_excerpt

__all__ = [
    "MORE_MARKER",
    "add_mathml_to_each",
    "render_comment",
    "render_post",
    "render_snippet",
    "split_excerpt",
]
