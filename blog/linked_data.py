"""What a post page tells machines about itself: link previews and search engines.

- The picture a link preview shows (`og:image`): the post's first image, else
  the site's share image from the settings, else none. Always an absolute URL.
- A schema.org `BlogPosting` in JSON-LD, with what search engines ask of an
  article: headline, dates, author, publisher, image, the page it describes.

Reference managers read the Highwire and Dublin Core tags in
templates/blog/includes/post_meta.html; blog.citation builds the reference.
"""

import html
import json
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import to_locale

from kexue.safe_urls import is_web_url

# Stored HTML went through the sanitizer, which writes every attribute quoted
# with double quotes and escapes quotes inside: a pattern reads it reliably.
IMAGE = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = r'\s{}="([^"]*)"'
SRC = re.compile(ATTRIBUTE.format("src"))
ALT = re.compile(ATTRIBUTE.format("alt"))
# As Django's json_script: inside <script>, "</script>" or "<!--" in a title
# must not end the element or open a comment.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@dataclass(frozen=True)
class ShareImage:
    url: str
    alt: str = ""


def content_language():
    """The language posts are written in (the site's own), as BCP 47: zh-Hans."""
    return to_locale(settings.LANGUAGE_CODE).replace("_", "-")


def first_image(body_html):
    """(src, alt) of the first image in stored HTML, or None."""
    for tag in IMAGE.finditer(body_html or ""):
        src = SRC.search(tag.group())
        if src and src.group(1).strip():
            alt = ALT.search(tag.group())
            return html.unescape(src.group(1)).strip(), html.unescape(alt.group(1) if alt else "")
    return None


def share_image(post, site_image, absolute):
    """The picture for link previews; `absolute` turns a site path into a full URL."""
    found = first_image(post.body_html)
    candidates = [found] if found else []
    if site_image:
        candidates.append((site_image, ""))
    for src, alt in candidates:
        url = iri_to_uri(absolute(src))
        if is_web_url(url):
            return ShareImage(url=url, alt=alt)
    return None


def blog_posting(*, post, url, home_url, author, site_name, image, tags=()):
    """schema.org BlogPosting for the post at `url` (absolute URLs throughout)."""
    published = timezone.localtime(post.published_at)
    # An edit before a scheduled post went out predates its publication.
    modified = max(timezone.localtime(post.updated_at or post.published_at), published)
    site = {"@type": "Blog", "name": site_name, "url": home_url}
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "@id": url,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "headline": post.title,
        "description": post.description,
        "datePublished": published.isoformat(),
        "dateModified": modified.isoformat(),
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site_name, "url": home_url},
        "isPartOf": site,
        "inLanguage": content_language(),
    }
    if image:
        data["image"] = {"@type": "ImageObject", "url": image.url}
    if post.category_id:
        data["articleSection"] = post.category.name
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    if post.reading_minutes:
        data["timeRequired"] = f"PT{post.reading_minutes}M"
    return data


def json_ld(data):
    """A <script type="application/ld+json"> element: data for crawlers, never run,
    so the strict script-src of the CSP has nothing to refuse."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_SAFE)),  # noqa: S308 - JSON with <, >, & escaped
    )
