"""What `import_markdown` does: posts from Markdown files, and from each folder
named also what an export keeps beside them (the layout in export.py).

- `site.yaml`: categories with their names (and English names), descriptions
  and order, tags with their names (their English ones apart, under
  `tags_en`), the media library, the series and the static pages. Labels are
  matched by slug or name and created when missing, before the posts that name
  them; series (by slug) and pages (by path) after the posts
  (series_and_pages.py).
- `media/<name>`: the files site.yaml lists, put back into the site's storage
  under the same names, so the posts' links to them work again.
- `comments/<slug>.json`: the discussion of the post with that slug
  (discussions.py), loaded through comments.importing.

A Hugo or Jekyll folder has none of them, and needs none. An import is all or
nothing: every file is checked before anything is written. A post that exists
already is left as it is, its discussion included, so importing the same
folder again changes nothing.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from blog.importing.markdown import MarkdownImportError, read_posts, write_posts
from blog.models import Attachment, Category, Post, Tag
from comments.importing import DiscussionImportError, import_discussion
from comments.models import Comment

from .discussions import load_discussion
from .export import COMMENTS, MEDIA, SITE_FILE
from .series_and_pages import import_pages, import_series, page_problem, series_problem

LABEL_LENGTH = Category._meta.get_field("name").max_length
CHUNK = 1024 * 1024


@dataclass
class FolderImport:
    """What an import did, or on a dry run would do."""

    posts: object  # blog.importing.markdown.Imported
    categories: int = 0
    categories_new: int = 0
    tags: int = 0
    tags_new: int = 0
    comments: int = 0
    comments_new: int = 0
    discussions: int = 0
    media: int = 0
    media_new: int = 0
    series: int = 0
    series_new: int = 0
    parts_placed: int = 0
    pages: int = 0
    pages_new: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MediaFile:
    source: Path
    name: str  # in the site's storage
    title: str
    kind: str
    web_name: str = ""
    web_source: Path | None = None


def import_folders(sources, *, default_author=None, dry_run=False):
    """Import these files and folders; raises MarkdownImportError, writing nothing."""
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    sources = [Path(source) for source in sources]
    posts = read_posts(sources)
    folders = [source for source in sources if source.is_dir()]
    problems = []
    sites = [_read_site(folder, problems) for folder in folders]
    discussions = _read_discussions(folders, posts, problems)
    media = [
        item
        for folder, site in zip(folders, sites, strict=True)
        for item in _media_files(folder, site.get("media", []), problems)
    ]
    if problems:
        raise MarkdownImportError(problems)
    with transaction.atomic():
        result = FolderImport(posts=None)
        for site in sites:
            _import_labels(site, result, dry_run)
        result.posts = write_posts(posts, default_author=default_author, dry_run=dry_run)
        result.warnings += result.posts.warnings
        _import_discussions(result, discussions, dry_run)
        _import_media(media, result, dry_run)
        for site in sites:
            _import_series_and_pages(site, result, dry_run)
    return result


def _import_series_and_pages(site, result, dry_run):
    series, pages = site.get("series", []), site.get("pages", [])
    created, placed, warnings = import_series(series, dry_run=dry_run)
    result.series += len(series)
    result.series_new += created
    result.parts_placed += placed
    created, page_warnings = import_pages(pages, dry_run=dry_run)
    result.pages += len(pages)
    result.pages_new += created
    result.warnings += warnings + page_warnings


def _read_site(folder, problems):
    path = folder / SITE_FILE
    if not path.is_file():
        return {}
    try:
        site = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        problems.append(f"{path}: cannot be read: {' '.join(str(error).split())}")
        return {}
    shapes = {"categories": list, "tags": dict, "tags_en": dict, "media": list,
              "series": list, "pages": list}  # fmt: skip
    if not isinstance(site, dict):
        problems.append(f"{path}: expected the fields categories, tags and media")
        return {}
    for name, shape in shapes.items():
        if not isinstance(site.get(name, shape()), shape):
            problems.append(f"{path}: {name} must be a {shape.__name__}")
            return {}
    for number, category in enumerate(site.get("categories", []), 1):
        problem = _category_problem(category)
        if problem:
            problems.append(f"{path}: category {number}: {problem}")
    for slug, name in site.get("tags", {}).items():
        problem = _label_problem(slug, name)
        if problem:
            problems.append(f"{path}: tag {slug!r}: {problem}")
    for slug, name in site.get("tags_en", {}).items():
        problem = _label_problem(slug, name)
        if problem:
            problems.append(f"{path}: tags_en {slug!r}: {problem}")
    for kind, check in (("series", series_problem), ("pages", page_problem)):
        for number, fields in enumerate(site.get(kind, []), 1):
            problem = check(fields)
            if problem:
                problems.append(f"{path}: {kind} {number}: {problem}")
    return site


def _category_problem(category):
    if not isinstance(category, dict):
        return "not a list of fields (slug, name, description, order)"
    order = category.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        return f"order is {order!r}, not a whole number from 0"
    if not isinstance(category.get("description", ""), str):
        return "the description is not text"
    name_en = category.get("name_en", "")
    if not isinstance(name_en, str) or len(name_en) > LABEL_LENGTH:
        return f"the English name {name_en!r} is not text of up to {LABEL_LENGTH} characters"
    return _label_problem(category.get("slug"), category.get("name"))


def _label_problem(slug, name):
    if not isinstance(slug, str) or not slug or slugify(slug, allow_unicode=True) != slug:
        return f"{slug!r} is no slug of letters, digits and dashes"
    if not isinstance(name, str) or not name.strip() or len(name) > LABEL_LENGTH:
        return f"the name {name!r} is not text of 1 to {LABEL_LENGTH} characters"
    return None


def _read_discussions(folders, posts, problems):
    """(file, Discussion) by post slug, for every comments/<slug>.json in the folders."""
    slugs = {post.slug for post in posts}
    found = {}
    for folder in folders:
        for path in sorted((folder / COMMENTS).glob("*.json")):
            slug = path.stem
            if slug not in slugs:
                problems.append(f"{path}: no post file has the slug {slug!r}")
                continue
            try:
                found[slug] = (path, load_discussion(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, ValueError) as error:
                problems.append(f"{path}: {error}")
    return found


def _media_files(folder, entries, problems):
    files = []
    where = folder / SITE_FILE
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            problems.append(f"{where}: media file {number} is not a list of fields")
            continue
        try:
            name = _stored_name(entry.get("file"))
            web_name = _stored_name(entry["web_file"]) if entry.get("web_file") else ""
            kind = entry.get("kind", Attachment.Kind.FILE)
            if kind not in Attachment.Kind.values:
                raise ValueError(f"kind {kind!r} is not {' or '.join(Attachment.Kind.values)}")
            title = entry.get("title") or ""
            if not isinstance(title, str):
                raise ValueError("the title is not text")
            item = MediaFile(
                source=folder / MEDIA / name,
                name=name,
                title=title,
                kind=kind,
                web_name=web_name,
                web_source=folder / MEDIA / web_name if web_name else None,
            )
            for source, stored in _copies(item):
                _check_copy(source, stored)
        except ValueError as error:
            problems.append(f"{where}: media file {number}: {error}")
            continue
        files.append(item)
    return files


def _stored_name(value):
    """A storage name as the export wrote it; nothing that could leave the media folder."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError("no file name")
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value:
        raise ValueError(f"{value!r} is not a file name inside {MEDIA}/")
    return str(path)


def _copies(item):
    yield item.source, item.name
    if item.web_name:
        yield item.web_source, item.web_name


def _check_copy(source, name):
    if not source.is_file():
        raise ValueError(f"{source} is missing")
    if default_storage.exists(name) and not _same_bytes(source, name):
        raise ValueError(f"the site already has a different file named {name}")


def _same_bytes(source, name):
    with source.open("rb") as mine, default_storage.open(name, "rb") as theirs:
        while True:
            block = mine.read(CHUNK)
            if block != theirs.read(CHUNK):
                return False
            if not block:
                return True


def _import_labels(site, result, dry_run):
    categories = site.get("categories", [])
    tags = site.get("tags", {})
    result.categories += len(categories)
    result.tags += len(tags)
    for order, fields in enumerate(categories):
        if not _label_exists(Category, fields["slug"], fields["name"]):
            result.categories_new += 1
            if not dry_run:
                Category.objects.create(
                    slug=fields["slug"],
                    name=fields["name"],
                    name_en=fields.get("name_en", ""),
                    description=fields.get("description", ""),
                    order=fields.get("order", order),
                )
    english = site.get("tags_en", {})
    for slug, name in tags.items():
        if not _label_exists(Tag, slug, name):
            result.tags_new += 1
            if not dry_run:
                Tag.objects.create(slug=slug, name=name, name_en=english.get(slug, ""))


def _label_exists(model, slug, name):
    return model.objects.filter(Q(slug=slug) | Q(name=name)).exists()


def _import_discussions(result, discussions, dry_run):
    """The discussions of the posts this import creates; those already there keep theirs."""
    new = {post.slug for post in result.posts.new}
    for slug, (path, discussion) in discussions.items():
        result.discussions += 1
        result.comments += len(discussion.comments)
        if slug not in new:
            continue
        if discussion.strangers:
            result.warnings.append(
                f"{path}: {', '.join(discussion.strangers)} have no account here; "
                "their comments are kept as guests' comments under their names"
            )
        if dry_run:
            result.comments_new += len(discussion.comments)
            continue
        post = Post.objects.get(slug=slug)
        try:
            result.comments_new += import_discussion(post, discussion.comments)
        except DiscussionImportError as error:
            raise MarkdownImportError([f"{path}: {error}"]) from error
        # What comments.importing does not carry: its writer's later edits and deletion.
        comments = Comment.objects.filter(post=post)
        if discussion.deleted:
            comments.filter(source_id__in=discussion.deleted).update(is_deleted=True)
        for key, edited_at in discussion.edited.items():
            comments.filter(source_id=key).update(edited_at=edited_at)


def _import_media(files, result, dry_run):
    """Put the files back into storage and the media library; files written by
    an import that then fails are removed again."""
    written = []
    try:
        for item in files:
            result.media += 1
            if Attachment.objects.filter(file=item.name).exists():
                continue
            result.media_new += 1
            if dry_run:
                continue
            for source, name in _copies(item):
                if not default_storage.exists(name):
                    with source.open("rb") as content:
                        written.append(default_storage.save(name, File(content)))
            Attachment.objects.create(
                title=item.title,
                file=item.name,
                web_file=item.web_name,
                kind=item.kind,
                size=item.source.stat().st_size,
            )
    except BaseException:
        for name in written:
            default_storage.delete(name)
        raise
