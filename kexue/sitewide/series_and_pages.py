"""Series and static pages in an export's site.yaml: written by export_markdown,
checked and read back by import_markdown (folder_import.py).

    series:
      - slug: matrix-exponential
        title: 矩阵指数三讲
        description: …
        parts: [part-one-slug, part-two-slug]     # in reading order
    pages:
      - path: about/licence
        title: 许可协议说明
        status: published                         # or draft
        in_menu: true
        menu_order: 2
        aliases: [/licence.html]                  # old addresses, answered with a 301
        body: |
          Markdown …

A page's body is kept in site.yaml rather than as a file: every `.md` file of
an export's folder is read as a post. Like posts, a series (by slug) or page
(by path) that exists already is left as it is; a post joins a series only
while it is in none.
"""

from urllib.parse import parse_qsl

from django.core.exceptions import ValidationError

from blog.legacy import normalize
from blog.models import LegacyPath, Page, Post, Series
from blog.page_paths import clean_path, validate_page_path

TITLE_LENGTH = Series._meta.get_field("title").max_length
SLUG_LENGTH = Series._meta.get_field("slug").max_length


def dump_series():
    parts = Post.objects.exclude(series=None).order_by("series_position", "pk")
    slugs = {}
    for post in parts.only("slug", "series_id"):
        slugs.setdefault(post.series_id, []).append(post.slug)
    return [
        {
            "slug": series.slug,
            "title": series.title,
            "description": series.description,
            "parts": slugs.get(series.pk, []),
        }
        for series in Series.objects.order_by("slug")
    ]


def dump_pages():
    pages = Page.objects.prefetch_related("legacy_paths").order_by("path")
    return [
        {
            "path": page.path,
            "title": page.title,
            "status": page.status,
            "in_menu": page.in_menu,
            "menu_order": page.menu_order,
            "aliases": sorted(legacy.path for legacy in page.legacy_paths.all()),
            "body": page.body,
        }
        for page in pages
    ]


def series_problem(fields):
    if not isinstance(fields, dict):
        return "not a list of fields (slug, title, description, parts)"
    slug, title = fields.get("slug"), fields.get("title")
    if not isinstance(slug, str) or not slug or len(slug) > SLUG_LENGTH:
        return f"the slug {slug!r} is not text of 1 to {SLUG_LENGTH} characters"
    if not isinstance(title, str) or not title.strip() or len(title) > TITLE_LENGTH:
        return f"the title {title!r} is not text of 1 to {TITLE_LENGTH} characters"
    if not isinstance(fields.get("description", ""), str):
        return "the description is not text"
    parts = fields.get("parts", [])
    if not isinstance(parts, list) or not all(isinstance(part, str) for part in parts):
        return "parts must be a list of post slugs"
    return None


def page_problem(fields):
    if not isinstance(fields, dict):
        return "not a list of fields (path, title, status, in_menu, menu_order, aliases, body)"
    path, title = fields.get("path"), fields.get("title")
    if not isinstance(path, str):
        return f"the path {path!r} is not text"
    try:
        validate_page_path(path)
    except ValidationError as error:
        return f"the path {path!r}: {' '.join(error.messages)}"
    if not isinstance(title, str) or not title.strip() or len(title) > TITLE_LENGTH:
        return f"the title {title!r} is not text of 1 to {TITLE_LENGTH} characters"
    if fields.get("status", Post.Status.PUBLISHED) not in Post.Status.values:
        return f"the status is {fields.get('status')!r}, not {' or '.join(Post.Status.values)}"
    if not isinstance(fields.get("in_menu", False), bool):
        return "in_menu is not true or false"
    order = fields.get("menu_order", 0)
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 32767:
        return f"menu_order is {order!r}, not a whole number from 0 to 32767"
    if not isinstance(fields.get("body"), str):
        return "the body is not text"
    aliases = fields.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
        return "aliases must be a list of old paths"
    return None


def import_series(entries, *, dry_run):
    """Returns (series created, parts placed, warnings)."""
    created = placed = 0
    warnings = []
    for fields in entries:
        series = Series.objects.filter(slug=fields["slug"]).first()
        if series is None:
            created += 1
            if dry_run:
                continue
            series = Series.objects.create(
                slug=fields["slug"],
                title=fields["title"],
                description=fields.get("description", ""),
            )
        for slug in fields.get("parts", []):
            post = Post.objects.filter(slug=slug).only("pk", "series_id").first()
            if post is None:
                warnings.append(f"series {fields['slug']}: no post has the slug {slug!r}")
            elif post.series_id is None:
                placed += 1
                if dry_run:
                    continue
                # An update, not a save: the post's text is rendered already.
                position = Post(series=series).next_series_position()
                Post.objects.filter(pk=post.pk).update(series=series, series_position=position)
    return created, placed, warnings


def import_pages(entries, *, dry_run):
    """Returns (pages created, warnings)."""
    created = 0
    warnings = []
    for fields in entries:
        path = clean_path(fields["path"])
        if Page.objects.filter(path=path).exists():
            continue
        created += 1
        if dry_run:
            continue
        page = Page.objects.create(
            path=path,
            title=fields["title"],
            body=fields["body"],
            status=fields.get("status", Post.Status.PUBLISHED),
            in_menu=fields.get("in_menu", False),
            menu_order=fields.get("menu_order", 0),
        )
        for alias in fields.get("aliases", []):
            address, _, query = alias.partition("?")
            old = normalize(address, dict(parse_qsl(query)))
            if LegacyPath.objects.filter(path=old).exists():
                warnings.append(f"page /{path}/: another post or page has the old address {old}")
            else:
                LegacyPath.objects.create(path=old, page=page)
    return created, warnings
