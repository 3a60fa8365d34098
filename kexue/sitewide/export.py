"""The whole blog as files: what `export_markdown DIR` writes and `import_markdown DIR` reads.

    DIR/site.yaml             categories (slug, name, description, order), tags
                              (slug: name), the media library's files, the
                              series and the static pages (series_and_pages.py)
    DIR/posts/<slug>.md       every post, drafts and scheduled ones included, with
                              the front matter of blog/importing/markdown.py
    DIR/comments/<slug>.json  its discussion, for a post that has one
                              (kexue/sitewide/discussions.py)
    DIR/media/<name>          every media-library file under its storage name

A body is the Markdown as stored, so its links to media files
(`/media/attachments/2024/05/plot.png`) are as the editor pasted them: DIR/media/
mirrors the site's /media/, so they keep working where DIR is served as a
site's root, and `import_markdown` puts the files back under the same names.
Posts and comments carry their numbers: imported where those are free, they
keep their addresses (/archives/<number>/, #comment-<id>).

Writers appear by the names readers see. Nothing private leaves the site
unless asked for (`include_private`): no e-mail address, no IP address, no
text of a comment its writer deleted. Members' accounts, profiles and
avatars are theirs: members download their own data from their settings.
"""

import shutil
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.files.storage import default_storage
from django.utils import timezone

from blog.models import Attachment, Category, Post, Tag
from comments.models import Comment

from .discussions import dump_discussion
from .series_and_pages import dump_pages, dump_series

SITE_FILE = "site.yaml"
POSTS = "posts"
COMMENTS = "comments"
MEDIA = "media"
WRITTEN = (SITE_FILE, POSTS, COMMENTS, MEDIA)
CHUNK = 1024 * 1024


class ExportError(ValueError):
    """An export that cannot start; the message says why and what to do."""


@dataclass
class Exported:
    posts: int = 0
    pages: int = 0
    discussions: int = 0
    comments: int = 0
    media: int = 0
    warnings: list[str] = field(default_factory=list)


def export_site(directory, *, include_private=False, force=False):
    """Write every post, discussion, label and media file into `directory`.

    A folder that holds anything already is refused unless `force`, which
    replaces what an earlier export wrote there and leaves everything else.
    Exporting an unchanged site again writes the same files.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ExportError(f"{directory} is a file, not a folder.")
    if directory.exists() and any(directory.iterdir()):
        if not force:
            raise ExportError(
                f"{directory} is not empty: export into an empty or new folder, "
                "or give --force to replace an earlier export there."
            )
        _remove_earlier_export(directory)
    exported = Exported()
    (directory / POSTS).mkdir(parents=True, exist_ok=True)
    (directory / COMMENTS).mkdir(exist_ok=True)
    media = _copy_media(directory / MEDIA, exported)
    site = _site(media)
    exported.pages = len(site["pages"])
    _write_yaml(directory / SITE_FILE, site)
    posts = (
        Post.objects.select_related("author", "category")
        .prefetch_related("tags", "legacy_paths")
        .order_by("published_at", "pk")
    )
    for post in posts.iterator(chunk_size=200):
        (directory / POSTS / f"{post.slug}.md").write_text(_post_file(post), encoding="utf-8")
        exported.posts += 1
        comments = list(
            Comment.objects.filter(post=post).in_display_order().select_related("author")
        )
        if comments:
            text = dump_discussion(comments, include_private=include_private)
            (directory / COMMENTS / f"{post.slug}.json").write_text(text, encoding="utf-8")
            exported.discussions += 1
            exported.comments += len(comments)
    return exported


def _remove_earlier_export(directory):
    for name in WRITTEN:
        path = directory / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _site(media):
    return {
        "categories": [
            {
                "slug": category.slug,
                "name": category.name,
                **({"name_en": category.name_en} if category.name_en else {}),
                "description": category.description,
                "order": category.order,
            }
            for category in Category.objects.order_by("order", "name")
        ],
        "tags": dict(Tag.objects.order_by("slug").values_list("slug", "name")),
        # Apart from `tags`, so a site.yaml written before English names reads the same.
        "tags_en": dict(
            Tag.objects.exclude(name_en="").order_by("slug").values_list("slug", "name_en")
        ),
        "media": media,
        "series": dump_series(),
        "pages": dump_pages(),
    }


def _copy_media(folder, exported):
    """Copy every media-library file; returns the site.yaml entries of those copied."""
    entries = []
    for attachment in Attachment.objects.order_by("file", "pk"):
        names = [name for name in (attachment.file.name, attachment.web_file.name) if name]
        missing = [name for name in names if not default_storage.exists(name)]
        if missing:
            exported.warnings.append(
                f"media: {', '.join(missing)} is not in the site's storage; "
                f"{attachment.title or attachment.file.name!r} is left out"
            )
            continue
        for name in names:
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy, CHUNK)
            exported.media += 1
        entry = {"file": attachment.file.name, "title": attachment.title, "kind": attachment.kind}
        if attachment.web_file:
            entry["web_file"] = attachment.web_file.name
        entries.append(entry)
    return entries


def _post_file(post):
    fields = {
        "title": post.title,
        "date": timezone.localtime(post.published_at),
        "author": post.author.username,
    }
    if post.category is not None:
        fields["category"] = post.category.slug
    fields["tags"] = sorted(tag.slug for tag in post.tags.all())
    fields["status"] = post.status
    fields["pinned"] = post.pinned
    fields["allow_comments"] = post.allow_comments
    fields["slug"] = post.slug
    # Imported into a site where no post has this number, the post keeps its address.
    fields["number"] = post.pk
    aliases = sorted(legacy.path for legacy in post.legacy_paths.all())
    if aliases:
        fields["aliases"] = aliases
    # Lists of plain values inline, as people write tags by hand.
    front_matter = _yaml(fields, default_flow_style=None)
    return f"---\n{front_matter}---\n{post.body}\n"


def _write_yaml(path, data):
    path.write_text(_yaml(data), encoding="utf-8")


def _yaml(data, **style):
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, **style)
