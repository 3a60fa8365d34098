"""Small WordPress exports (WXR) written by tests, shaped as WordPress writes them."""

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

SITE = "https://old.example.org"
# WordPress's theme unit test export, a real WXR 1.2 file (../shared/data/README).
THEME_UNIT_TEST = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "data"
    / "wxr"
    / "themeunittestdata.wordpress.xml"
)


def wxr(*items, authors=(), terms=(), version="1.2", site=SITE):
    """A whole export; `items`, `authors` and `terms` are strings from the helpers below."""
    wp = f"http://wordpress.org/export/{version}/"
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
    xmlns:excerpt="{wp}excerpt/"
    xmlns:content="http://purl.org/rss/1.0/modules/content/"
    xmlns:wfw="http://wellformedweb.org/CommentAPI/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:wp="{wp}">
<channel>
<title>An old blog</title>
<link>{site}</link>
<wp:wxr_version>{version}</wp:wxr_version>
<wp:base_site_url>{site}</wp:base_site_url>
<wp:base_blog_url>{site}</wp:base_blog_url>
{"".join(authors)}{"".join(terms)}{"".join(items)}
</channel>
</rss>
"""


def author(login, *, email="", display_name="", author_id=""):
    return f"""<wp:author>
<wp:author_id>{escape(author_id)}</wp:author_id>
<wp:author_login>{escape(login)}</wp:author_login>
<wp:author_email>{escape(email)}</wp:author_email>
<wp:author_display_name>{escape(display_name)}</wp:author_display_name>
<wp:author_first_name></wp:author_first_name>
<wp:author_last_name></wp:author_last_name>
</wp:author>
"""


def category(slug, name):
    return f"""<wp:category>
<wp:category_nicename>{escape(slug)}</wp:category_nicename>
<wp:category_parent></wp:category_parent>
<wp:cat_name>{escape(name)}</wp:cat_name>
</wp:category>
"""


def item(
    post_id,
    title="A post",
    *,
    post_type="post",
    status="publish",
    name=None,
    date="2019-03-17 20:30:00",
    date_gmt="2019-03-17 12:30:00",
    creator="lin",
    content="<p>Hello.</p>",
    excerpt="",
    categories=(),
    tags=(),
    sticky=False,
    password="",
    comment_status="open",
    link=None,
    guid=None,
    comments=(),
    meta=(),
):
    """One <item>; `categories` and `tags` are (slug, name) pairs, `meta` (key, value) pairs."""
    name = f"post-{post_id}-slug" if name is None else name
    link = f"{SITE}/{date[:10].replace('-', '/')}/{name}/" if link is None else link
    guid = f"{SITE}/?p={post_id}" if guid is None else guid
    labels = "".join(
        f"<category domain={quoteattr(domain)} nicename={quoteattr(slug)}>"
        f"{escape(label)}</category>\n"
        for domain, pairs in (("category", categories), ("post_tag", tags))
        for slug, label in pairs
    )
    postmeta = "".join(
        f"<wp:postmeta><wp:meta_key>{escape(key)}</wp:meta_key>"
        f"<wp:meta_value>{escape(value)}</wp:meta_value></wp:postmeta>\n"
        for key, value in meta
    )
    return f"""<item>
<title>{escape(title)}</title>
<link>{escape(link)}</link>
<dc:creator>{escape(creator)}</dc:creator>
<guid isPermaLink="false">{escape(guid)}</guid>
<description></description>
<content:encoded>{escape(content)}</content:encoded>
<excerpt:encoded>{escape(excerpt)}</excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date>{date}</wp:post_date>
<wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>
<wp:comment_status>{comment_status}</wp:comment_status>
<wp:ping_status>open</wp:ping_status>
<wp:post_name>{escape(name)}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:menu_order>0</wp:menu_order>
<wp:post_type>{post_type}</wp:post_type>
<wp:post_password>{escape(password)}</wp:post_password>
<wp:is_sticky>{int(sticky)}</wp:is_sticky>
{labels}{postmeta}{"".join(comments)}</item>
"""


def comment(
    comment_id,
    content="A comment.",
    *,
    parent=0,
    author="Reader",
    email="reader@example.org",
    url="",
    ip="192.0.2.7",
    date="2019-03-18 09:00:00",
    date_gmt="2019-03-18 01:00:00",
    approved="1",
    comment_type="",
    user_id=0,
):
    return f"""<wp:comment>
<wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author>{escape(author)}</wp:comment_author>
<wp:comment_author_email>{escape(email)}</wp:comment_author_email>
<wp:comment_author_url>{escape(url)}</wp:comment_author_url>
<wp:comment_author_IP>{escape(ip)}</wp:comment_author_IP>
<wp:comment_date>{date}</wp:comment_date>
<wp:comment_date_gmt>{date_gmt}</wp:comment_date_gmt>
<wp:comment_content>{escape(content)}</wp:comment_content>
<wp:comment_approved>{approved}</wp:comment_approved>
<wp:comment_type>{comment_type}</wp:comment_type>
<wp:comment_parent>{parent}</wp:comment_parent>
<wp:comment_user_id>{user_id}</wp:comment_user_id>
</wp:comment>
"""
