"""Demo discussions for `manage.py seed_demo`: original threads with math.

Each entry is (key, parent key, writer, text). A writer is a member's
username, or a guest as ("guest", name, e-mail). Threads go up to seven
replies deep, so the page shows how deep discussions stay readable.
"""

# Each comment is one line of text, as a reader would type it.
# ruff: noqa: E501

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction

from blog.models import Post

from .locking import comment_tree_lock
from .models import Comment

LI = ("guest", "李雷", "lilei@example.org")
MEI = ("guest", "韩梅梅", "hanmeimei@example.org")
OMAR = ("guest", "Omar", "omar@example.org")

DISCUSSIONS = {
    "gaussian-integral-three-ways": [
        (
            "a",
            None,
            "xiaoqing",
            "极坐标那一步我一直有个疑问：把 $I^2$ 写成二重积分，"
            "需要 $\\int\\!\\!\\int e^{-(x^2+y^2)}\\,dx\\,dy$ 绝对收敛才能交换积分次序吧？",
        ),
        (
            "b",
            "a",
            "lintian",
            "对，需要 Fubini–Tonelli。好在被积函数非负，Tonelli 定理直接保证"
            "$$\\int_{\\mathbb{R}^2} e^{-(x^2+y^2)}\\,dA = \\Big(\\int_{\\mathbb{R}} e^{-x^2}\\,dx\\Big)^2,$$"
            "两边同时有限或同时为无穷，不需要事先知道收敛。",
        ),
        (
            "c",
            "b",
            "xiaoqing",
            "明白了，非负性是关键。那如果被积函数换成 $\\cos(x^2)$ 这样会变号的呢？",
        ),
        (
            "d",
            "c",
            OMAR,
            "Then you lose absolute convergence: $\\int_0^\\infty \\cos(x^2)\\,dx$ "
            "converges only conditionally (it equals $\\tfrac12\\sqrt{\\pi/2}$), and the polar trick "
            "needs a limiting argument instead.",
        ),
        (
            "e",
            "d",
            "ada_park",
            "One clean way: insert a damping factor $e^{-\\varepsilon x^2}$, "
            "compute $\\int_0^\\infty e^{-(\\varepsilon - i)x^2}dx = \\tfrac12\\sqrt{\\pi/(\\varepsilon-i)}$, "
            "then let $\\varepsilon \\to 0^+$ using dominated convergence on each finite piece.",
        ),
        (
            "f",
            "e",
            "xiaoqing",
            "这里 $\\sqrt{\\pi/(\\varepsilon - i)}$ 取的是主值分支吧？"
            "$\\varepsilon\\to0^+$ 时 $\\arg(\\varepsilon - i) \\to -\\pi/2$。",
        ),
        (
            "g",
            "f",
            OMAR,
            "Yes, principal branch. So $\\sqrt{\\pi/(-i)} = \\sqrt{\\pi}\\,e^{i\\pi/4}$, "
            "and the real part gives $\\tfrac12\\sqrt{\\pi}\\cos(\\pi/4) = \\tfrac12\\sqrt{\\pi/2}$.",
        ),
        (
            "h",
            "g",
            "lintian",
            "完美闭环：菲涅耳积分 $\\int_0^\\infty \\sin(x^2)\\,dx$ 取虚部，结果相同。",
        ),
        (
            "i",
            None,
            MEI,
            "第三种方法里的 $\\Gamma(1/2)=\\sqrt\\pi$，能不能反过来用高斯积分证明 "
            "$\\Gamma(1/2)$？感觉有点循环论证。",
        ),
        (
            "j",
            "i",
            "lintian",
            "不循环：代换 $t = x^2$ 给出 $\\Gamma(1/2) = 2\\int_0^\\infty e^{-x^2}dx$，"
            "这只是同一个数的两种写法，真正的计算在极坐标那一步。",
        ),
    ],
    "softmax-temperature": [
        (
            "a",
            None,
            "ada_park",
            "Nice post. A small check: as $T \\to 0^+$ the softmax tends to the "
            "one-hot vector of the argmax, but only when the maximum is unique, right?",
        ),
        (
            "b",
            "a",
            "lintian",
            "Right. With ties among $k$ maxima the limit splits the mass evenly: "
            "$p_i \\to 1/k$ on the tied entries, $0$ elsewhere.",
        ),
        (
            "c",
            "b",
            LI,
            "那熵的极限就是 $\\ln k$，而不是 $0$。温度趋于无穷时熵趋于 $\\ln n$，中间单调吗？",
        ),
        (
            "d",
            "c",
            "ada_park",
            "Yes: $\\frac{dH}{dT} = \\frac{\\operatorname{Var}_p(z)}{T^3} \\ge 0$, "
            "so entropy never decreases as the temperature rises.",
        ),
    ],
    "basel-problem": [
        (
            "a",
            None,
            OMAR,
            "The Fourier route is my favourite: Parseval on $f(x)=x$ over "
            "$[-\\pi,\\pi]$ gives $\\sum 1/n^2 = \\pi^2/6$ in three lines.",
        ),
        (
            "b",
            "a",
            "xiaoqing",
            "同样的方法用在 $f(x) = x^2$ 上，可以得到 "
            "$$\\sum_{n\\ge1}\\frac{1}{n^4} = \\frac{\\pi^4}{90}.$$",
        ),
        (
            "c",
            "b",
            MEI,
            "继续下去能得到所有偶数 $\\zeta(2k)$，但奇数的 $\\zeta(3)$ 就没有这样的闭式了。",
        ),
    ],
    "vae-elbo-derivation": [
        (
            "a",
            None,
            "xiaoqing",
            "重参数化那里，如果 $q(z|x)$ 不是高斯而是离散分布，梯度要怎么估计？",
        ),
        (
            "b",
            "a",
            "ada_park",
            "Two common answers: the score-function estimator "
            "$\\nabla_\\phi \\mathbb{E}_q[f] = \\mathbb{E}_q[f\\,\\nabla_\\phi \\log q]$ "
            "(unbiased, high variance), or a Gumbel-softmax relaxation (biased, low variance).",
        ),
        (
            "c",
            "b",
            "lintian",
            "补充一句：Gumbel-softmax 的温度正好就是上一篇文章里的温度参数，"
            "$\\tau\\to0$ 时恢复离散采样。",
        ),
    ],
}


def writer_fields(writer, members):
    if isinstance(writer, tuple):
        _, name, email = writer
        return {"guest_name": name, "guest_email": email, "guest_wants_replies": True}
    return {"author": members[writer]}


def seed_discussions(**kwargs):
    """Adds the demo threads to demo posts that have no comments yet."""
    usernames = {writer for thread in DISCUSSIONS.values() for _, _, writer, _ in thread}
    members = get_user_model().objects.in_bulk(
        [name for name in usernames if isinstance(name, str)], field_name="username"
    )
    posts = Post.objects.filter(slug__in=DISCUSSIONS, comments__isnull=True)
    created = 0
    with transaction.atomic(), comment_tree_lock():
        for post in posts:
            written = {}
            when = post.published_at + timedelta(hours=3)
            for key, parent_key, writer, text in DISCUSSIONS[post.slug]:
                # Parents are read afresh: every insert moves lft/rght values
                # that an older in-memory copy would still hold.
                parent = Comment.objects.get(pk=written[parent_key]) if parent_key else None
                comment = Comment(
                    post=post,
                    parent=parent,
                    body=text,
                    status=Comment.Status.APPROVED,
                    created_at=when,
                    **writer_fields(writer, members),
                )
                comment.save()
                written[key] = comment.pk
                when += timedelta(hours=5)
                created += 1
    return f"Demo comments: {created} new" if created else None
