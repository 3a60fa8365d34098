r"""A WordPress export at benchmark scale: `manage.py generate_wxr FILE`.

Writes a WXR 1.2 file as WordPress writes one: authors, categories and tags
up front, then one item per post with its comments. Bodies are block-editor
HTML with math in every form the importer converts (`$…$`, `\(…\)`, `$$…$$`,
`\[…\]`, AMS environments, `[latex]…[/latex]`, `$latex …$`), with Chinese
around it. Comments come unevenly spread over the posts, in threads up to ten
deep, dated after their post and their parent, mostly approved with some
pending and spam, from guests with e-mail, website (some invalid, as real
exports have) and address, and from the blog's authors. Everything follows
from --seed, and the file is written as it is generated, so its size costs
no memory.
"""

# A paragraph of a WordPress body is one line, as WordPress stores it.
# ruff: noqa: E501

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

SITE = "https://old-blog.example.org"
SITE_OFFSET = timedelta(hours=8)  # the old site's clock: Beijing time
FIRST_POST = datetime(2009, 3, 1, 9, 30, tzinfo=UTC)
MAX_DEPTH = 10  # levels in a thread, the top-level comment included
NEW_THREAD = 0.3  # chance that a comment starts a thread rather than replying
FOLLOW_UP = 0.6  # chance that a reply answers the newest comment (conversations go deep)
APPROVAL = [("1", 85), ("0", 10), ("spam", 5)]

AUTHORS = [
    (1, "kexue", "kexue@old-blog.example.org", "苏剑林"),
    (2, "guest-writer", "guest-writer@old-blog.example.org", "Guest Writer"),
]
CATEGORIES = [
    ("information-theory", "信息论"),
    ("mathematics", "数学研究"),
    ("physics", "物理"),
    ("machine-learning", "Machine Learning"),
]
TAGS = [
    ("entropy", "熵"),
    ("integrals", "积分"),
    ("series", "级数"),
    ("linear-algebra", "线性代数"),
    ("probability", "概率"),
    ("optimization", "优化"),
]
TOPICS = ["信息熵", "高斯积分", "傅里叶级数", "随机游走", "变分推断", "特征值", "拉格朗日乘子"]

# Post bodies: @N@ is the post's number, @A@ and @B@ small numbers, @T@ a topic.
# TeX inside the HTML is written the way WordPress stores it: < and & escaped.
POST_BODIES = [
    r"""<!-- wp:paragraph -->
<p>关于@T@的第@N@篇笔记。设 $x_i = i^2$，$i=1,\dots,@A@$，则 \(\sum_{i=1}^{@A@} x_i = \frac{@A@(@A@+1)(2@A@+1)}{6}\)。</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>当 $0 &lt; a_1 &lt; a_2$ 时有</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>$$\int_0^{@B@} e^{-x^2}\,dx \approx \frac{\sqrt{\pi}}{2} \quad (@B@ \to \infty)$$</p>
<!-- /wp:paragraph -->

<!--more-->

<!-- wp:heading -->
<h2>推导</h2>
<!-- /wp:heading -->

<!-- wp:paragraph -->
<p>由 [latex]\Gamma(\tfrac{1}{2}) = \sqrt{\pi}[/latex] 可得，且 $latex a*b_1 &lt; a*b_2$ 对 $b_1 &lt; b_2$ 成立。</p>
<!-- /wp:paragraph -->

<!-- wp:list -->
<ul><li>第一步：写出 $f(x)=e^{-x^2}$；</li><li>第二步：化为极坐标，<em>注意</em>雅可比行列式 $r$。</li></ul>
<!-- /wp:list -->
""",
    r"""<!-- wp:paragraph -->
<p>Note @N@ on @T@: a small exercise. Let $\lambda_1 \ge \lambda_2 \ge \dots \ge \lambda_@A@$ be the eigenvalues of a symmetric matrix $A$.</p>
<!-- /wp:paragraph -->

<!--more-->

<!-- wp:paragraph -->
<p>The Rayleigh quotient gives</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>\[\lambda_1 = \max_{\|x\|=1} x^{\top} A x, \qquad \lambda_@A@ = \min_{\|x\|=1} x^{\top} A x.\]</p>
<!-- /wp:paragraph -->

<!-- wp:paragraph -->
<p>\begin{align}
a_{@B@} &amp;= \sum_{k} c_k^* c_k \\
&amp;= \|c\|^2
\end{align}</p>
<!-- /wp:paragraph -->

<!-- wp:table -->
<figure class="wp-block-table"><table><tbody><tr><td>$n$</td><td>$\lambda_n$</td></tr><tr><td>@A@</td><td>@B@</td></tr></tbody></table></figure>
<!-- /wp:table -->

<!-- wp:code -->
<pre class="wp-block-code"><code>eigenvalues = numpy.linalg.eigvalsh(A)  # costs $O(n^3)$, not math</code></pre>
<!-- /wp:code -->
""",
    r"""<p>这是一篇旧式（经典编辑器）文章，第@N@篇，讨论@T@。</p>
<p>熵的定义为 [latex]H(X) = -\sum_{x} p(x)\log p(x)[/latex]，当 $p(x)=\frac{1}{@A@}$ 时 $H = \log @A@$。</p>
<!--more-->
<blockquote><p>信息是用来消除随机不确定性的东西。</p></blockquote>
<p>\begin{equation}
I(X;Y) = H(X) - H(X\mid Y) \ge 0 \label{eq:mi-@N@}
\end{equation}</p>
<p>式\eqref{eq:mi-@N@}说明互信息非负；取 $$\beta = @B@$$ 时瓶颈最窄。<a href="https://en.wikipedia.org/wiki/Entropy">Entropy</a> 一文有更多。</p>
""",
]

# Comment bodies as readers typed them: @N@ is the comment's number, @A@ a small number.
COMMENT_BODIES = [
    r"请问式中的 $\lambda_@A@$ 是怎么得到的？",
    r"I think the bound should be $a_n < @A@ \cdot 2^{-n}$, not $\le$.",
    "写得很清楚，谢谢博主！(@N@)",
    "$$\\sum_{k=1}^{@A@} \\frac{1}{k^2} < \\frac{\\pi^2}{6}$$\n\n所以级数收敛。",
    r"Typo in the second step: it is $x_*$, not $x^*$, and \(f'(x) = 2x\).",
    '<blockquote>引用上面的话</blockquote>同意，另见 <a href="https://example.org/ref-@N@">这篇</a>。',
    r"[latex]e^{i\pi} + 1 = 0[/latex] 这个也可以用同样的方法证明吗？第@N@楼。",
    "Could you expand on the case @A@? Thanks.",
]
WEBSITES = ["https://reader-@A@.example.net/", "http://blog.example.com/~u@A@", "", "not a url"]


class Command(BaseCommand):
    help = (
        "Write a synthetic WordPress export (WXR 1.2) for benchmarks: posts with math, "
        "threaded comments up to ten deep, approved, pending and spam."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to write; it must not exist yet.")
        parser.add_argument("--posts", type=int, default=2000, help="Posts in the export.")
        parser.add_argument(
            "--comments", type=int, default=20_000, help="Comments over all the posts."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed, the same file.")

    def handle(self, *args, file, posts, comments, seed, **options):
        if posts < 1 or comments < 0:
            raise CommandError("--posts takes one or more, --comments zero or more.")
        path = Path(file)
        if path.exists():
            raise CommandError(f"{path} exists already; remove it or name another file.")
        if not path.parent.is_dir():
            raise CommandError(f"{path.parent} is not a folder.")
        rng = random.Random(seed)  # noqa: S311 - reproducible data, not secrets
        counts = comments_per_post(posts, comments, rng)
        partial = path.with_name(path.name + ".part")
        summary = Summary()
        with partial.open("w", encoding="utf-8") as out:
            write_export(out, counts, rng, summary)
        partial.replace(path)
        self.stdout.write(
            f"Wrote {path}: {posts} posts, {summary.comments} comments in {summary.threads} "
            f"threads (deepest {summary.deepest} levels), {path.stat().st_size / 1e6:.1f} MB."
        )


@dataclass
class Summary:
    comments: int = 0
    threads: int = 0
    deepest: int = 0  # levels of the deepest thread


def comments_per_post(posts, total, rng):
    """How many comments each post gets: uneven, like real interest, summing to total."""
    weights = [rng.expovariate(1.0) for _ in range(posts)]
    counts = [0] * posts
    for index in rng.choices(range(posts), weights=weights, k=total):
        counts[index] += 1
    return counts


def cdata(text):
    # "]]>" would end the section early; split it over two sections.
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def fill(template, **values):
    for name, value in values.items():
        template = template.replace(f"@{name}@", str(value))
    return template


def wp_dates(moment):
    """(site-local, GMT) in WordPress's "YYYY-MM-DD HH:MM:SS"."""
    shape = "%Y-%m-%d %H:%M:%S"
    return (moment + SITE_OFFSET).strftime(shape), moment.strftime(shape)


def write_export(out, counts, rng, summary):
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        f"<title>{cdata('科学空间 (generated)')}</title>\n<link>{SITE}</link>\n"
        f"<description>{cdata('A generated export for benchmarks')}</description>\n"
        "<language>zh-CN</language>\n<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"<wp:base_site_url>{SITE}</wp:base_site_url>\n"
        f"<wp:base_blog_url>{SITE}</wp:base_blog_url>\n"
    )
    for author_id, login, email, name in AUTHORS:
        out.write(
            f"<wp:author><wp:author_id>{author_id}</wp:author_id>"
            f"<wp:author_login>{cdata(login)}</wp:author_login>"
            f"<wp:author_email>{cdata(email)}</wp:author_email>"
            f"<wp:author_display_name>{cdata(name)}</wp:author_display_name>"
            "<wp:author_first_name><![CDATA[]]></wp:author_first_name>"
            "<wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>\n"
        )
    for term_id, (slug, name) in enumerate(CATEGORIES, start=10):
        out.write(
            f"<wp:category><wp:term_id>{term_id}</wp:term_id>"
            f"<wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
            "<wp:category_parent><![CDATA[]]></wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        )
    for term_id, (slug, name) in enumerate(TAGS, start=100):
        out.write(
            f"<wp:tag><wp:term_id>{term_id}</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
            f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
        )
    next_comment_id = 1
    for number, count in enumerate(counts, start=1):
        next_comment_id = write_post(out, number, count, next_comment_id, rng, summary)
    out.write("</channel>\n</rss>\n")


def write_post(out, number, comment_count, first_comment_id, rng, summary):
    """One <item>; returns the next free comment id (ids are unique site-wide)."""
    post_id = 10_000 + number
    published = FIRST_POST + timedelta(days=number * 2, minutes=rng.randrange(600))
    slug = f"note-{number}"
    status = rng.choices(["publish", "draft", "private"], weights=[96, 3, 1])[0]
    local, gmt = wp_dates(published)
    category_slug, category_name = CATEGORIES[number % len(CATEGORIES)]
    author_login = AUTHORS[1 if number % 5 == 0 else 0][1]
    tags = rng.sample(TAGS, 2)
    body = fill(
        POST_BODIES[number % len(POST_BODIES)],
        N=number,
        A=rng.randrange(2, 50),
        B=rng.randrange(2, 50),
        T=TOPICS[number % len(TOPICS)],
    )
    link = f"{SITE}/{published:%Y/%m/%d}/{slug}/"
    out.write(
        f"<item>\n<title>{cdata(f'{TOPICS[number % len(TOPICS)]}笔记之{number}')}</title>\n"
        f"<link>{link}</link>\n<pubDate>{format_datetime(published)}</pubDate>\n"
        f"<dc:creator>{cdata(author_login)}</dc:creator>\n"
        f'<guid isPermaLink="false">{SITE}/?p={post_id}</guid>\n<description></description>\n'
        f"<content:encoded>{cdata(body)}</content:encoded>\n"
        "<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
        f"<wp:post_id>{post_id}</wp:post_id>\n"
        f"<wp:post_date>{cdata(local)}</wp:post_date>\n"
        f"<wp:post_date_gmt>{cdata(gmt)}</wp:post_date_gmt>\n"
        "<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
        "<wp:ping_status><![CDATA[open]]></wp:ping_status>\n"
        f"<wp:post_name>{cdata(slug)}</wp:post_name>\n"
        f"<wp:status>{cdata(status)}</wp:status>\n"
        "<wp:post_parent>0</wp:post_parent>\n<wp:menu_order>0</wp:menu_order>\n"
        "<wp:post_type><![CDATA[post]]></wp:post_type>\n"
        "<wp:post_password><![CDATA[]]></wp:post_password>\n"
        f"<wp:is_sticky>{int(number % 500 == 1)}</wp:is_sticky>\n"
        f'<category domain="category" nicename="{category_slug}">{cdata(category_name)}</category>\n'
    )
    for tag_slug, tag_name in tags:
        out.write(
            f'<category domain="post_tag" nicename="{tag_slug}">{cdata(tag_name)}</category>\n'
        )
    for comment in discussion(published, comment_count, first_comment_id, rng, summary):
        out.write(comment)
    out.write("</item>\n")
    return first_comment_id + comment_count


def discussion(published, count, first_id, rng, summary):
    """The <wp:comment> elements of one post, in the order they were written."""
    written = published
    depth = {}  # comment id -> level, for the approved comments one may answer
    newest = None
    for comment_id in range(first_id, first_id + count):
        written += timedelta(minutes=rng.randrange(5, 3000))
        parent = 0
        if depth and rng.random() > NEW_THREAD:
            if newest in depth and rng.random() < FOLLOW_UP:
                parent = newest
            else:
                parent = rng.choice(list(depth))
            if depth[parent] == MAX_DEPTH - 1:
                parent = 0
        level = depth[parent] + 1 if parent else 0
        approved = rng.choices([state for state, _ in APPROVAL], [w for _, w in APPROVAL])[0]
        if approved == "1":
            depth[comment_id] = level
            newest = comment_id
        summary.comments += 1
        summary.threads += parent == 0
        summary.deepest = max(summary.deepest, level + 1)
        yield comment_xml(comment_id, parent, written, approved, rng)


def comment_xml(comment_id, parent, written, approved, rng):
    by_author = rng.random() < 0.05
    small = rng.randrange(2, 60)
    body = fill(rng.choice(COMMENT_BODIES), N=comment_id, A=small)
    if by_author:
        user_id, login, email, name = AUTHORS[0]
        website = SITE
    else:
        user_id, reader = 0, rng.randrange(1, 3000)
        name, email = f"读者{reader}", f"reader{reader}@example.net"
        website = fill(rng.choice(WEBSITES), A=reader)
    address = (
        f"203.0.113.{rng.randrange(1, 255)}"
        if rng.random() < 0.8
        else f"2001:db8::{rng.randrange(1, 0xFFFF):x}"
    )
    local, gmt = wp_dates(written)
    return (
        f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
        f"<wp:comment_author>{cdata(name)}</wp:comment_author>"
        f"<wp:comment_author_email>{cdata(email)}</wp:comment_author_email>"
        f"<wp:comment_author_url>{cdata(website)}</wp:comment_author_url>"
        f"<wp:comment_author_IP>{cdata(address)}</wp:comment_author_IP>"
        f"<wp:comment_date>{cdata(local)}</wp:comment_date>"
        f"<wp:comment_date_gmt>{cdata(gmt)}</wp:comment_date_gmt>"
        f"<wp:comment_content>{cdata(body)}</wp:comment_content>"
        f"<wp:comment_approved>{cdata(approved)}</wp:comment_approved>"
        "<wp:comment_type><![CDATA[comment]]></wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>{user_id}</wp:comment_user_id></wp:comment>\n"
    )
