"""Original demo content for `manage.py seed_demo`: a small science blog.

Every text here was written for Kexue. The posts exercise the whole Markdown
and math pipeline: numbered equations with cross-references, align
environments, inline math beside Chinese punctuation, code, tables, footnotes,
images, excerpts and tables of contents.
"""

from django.dispatch import Signal

from . import information_posts, math_posts, ml_posts, notes_posts, physics_posts
from .records import DemoPost

# Sent by seed_demo inside its transaction once the posts exist, so other apps
# (which blog must not import) can add their own demo content; receivers return
# a one-line summary or None.
demo_seeded = Signal()

# (slug, name, description), in display order.
CATEGORIES = [
    ("math", "数学", "分析、级数、积分与概率论的读书笔记。"),
    ("physics", "物理", "经典力学、变分原理与统计物理。"),
    ("ml", "机器学习", "从数学出发理解模型、损失函数与优化。"),
    ("information-theory", "信息论", "熵、互信息以及它们在学习中的角色。"),
    ("notes", "随笔", "写作习惯、工具与杂感。"),
]

# slug -> name
TAGS = {
    "fourier-analysis": "傅里叶分析",
    "series": "级数",
    "integrals": "积分",
    "asymptotics": "渐近分析",
    "probability": "概率",
    "stochastic-processes": "随机过程",
    "calculus-of-variations": "变分法",
    "symmetry": "对称性",
    "entropy": "熵",
    "deep-learning": "深度学习",
    "generative-models": "生成模型",
    "linear-algebra": "线性代数",
    "optimization": "优化",
    "statistics": "统计",
    "python": "Python",
    "writing": "写作",
}

# The editor writes every post; the members exist so the site has people in it.
# Addresses use the reserved example.org domain.
EDITOR = {
    "username": "lintian",
    "first_name": "林天",
    "email": "lintian@example.org",
}
MEMBERS = [
    {"username": "xiaoqing", "first_name": "晓青", "email": "xiaoqing@example.org"},
    {"username": "ada_park", "first_name": "Ada", "last_name": "Park", "email": "ada@example.org"},
]

POSTS: list[DemoPost] = [
    *notes_posts.POSTS,
    *math_posts.POSTS,
    *physics_posts.POSTS,
    *ml_posts.POSTS,
    *information_posts.POSTS,
]

__all__ = ["CATEGORIES", "EDITOR", "MEMBERS", "POSTS", "TAGS", "DemoPost"]
