"""Posts from Markdown files with YAML front matter, as Hugo and Jekyll keep them.

A file begins with its fields between two `---` lines; the Markdown body follows::

    ---
    title: 傅里叶级数：从一个方波说起
    date: 2019-03-17 20:30
    author: lintian
    category: math
    tags: [fourier-analysis, series]
    status: published
    pinned: false
    ---
    一个周期为$2\\pi$的方波……

Only `title` is required.

- `date`: a date, or a date and time; one without a UTC offset is read in
  settings.TIME_ZONE. `+3 days` means three days after the import, on the hour
  (the demo's scheduled post): a published post dated ahead is scheduled.
  Without a date, a post is dated at the import.
- `author`: a username; the importer's default author when absent.
- `category` and `tags` (a list): each is found by slug or name, and created,
  named as written, when there is none.
- `status`: `published` (the default) or `draft`. `pinned`: true or false.
- `slug`: the file's name without `.md` when absent.

Any other field is an error, so a misspelt one is not silently dropped.

An import is all or nothing: every file is read and checked first, and a
problem in any of them (each reported with its file) stops it before anything
is written. Posts are known by their slug; a post that exists already is left
as it is, so importing the same files again adds only what is new.
"""

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from ..models import POST_NUMBER, Category, Post, Tag

FIELDS = ("title", "date", "author", "category", "tags", "status", "pinned", "slug")
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<fields>.*?)^---[ \t]*$\n?", re.DOTALL | re.MULTILINE)
DAYS_AHEAD = re.compile(r"\+\s*(?P<days>\d+)\s+days?")
TITLE_LENGTH = Post._meta.get_field("title").max_length
SLUG_LENGTH = Post._meta.get_field("slug").max_length
LABEL_LENGTH = Category._meta.get_field("name").max_length


class MarkdownImportError(ValueError):
    """Files that cannot be imported; `problems` holds one "file: what is wrong" each."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class MarkdownPost:
    """One file's post, read and checked, before it is written."""

    path: Path
    slug: str
    title: str
    body: str
    published_at: datetime
    status: str
    pinned: bool
    author: str | None  # a username
    category: str | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class Imported:
    posts: list[MarkdownPost]  # every file's post
    new: list[MarkdownPost]  # those created (or, on a dry run, that would be)


def import_posts(sources, *, default_author=None, dry_run=False):
    """Create the posts of these files and folders whose slugs are not taken yet.

    `sources` is a path or a list of paths; a folder stands for every `.md`
    file below it. Posts are saved one by one, so each renders on save and is
    indexed for search; categories and tags they name are created as needed.
    Raises MarkdownImportError, having written nothing, when any file is wrong.
    """
    posts = read_posts(sources)
    authors = _authors(posts, default_author)
    slugs = [post.slug for post in posts]
    taken = set(Post.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new = [post for post in posts if post.slug not in taken]
    if not dry_run:
        with transaction.atomic():
            for post in new:
                _create(post, authors[post.author or default_author])
    return Imported(posts=posts, new=new)


def read_posts(sources):
    """The posts of these files and folders, in path order; raises MarkdownImportError."""
    if isinstance(sources, str | os.PathLike):
        sources = [sources]
    now = timezone.now()
    posts, problems = [], []
    for path in _markdown_files(sources, problems):
        try:
            posts.append(read_post(path, now=now))
        except MarkdownImportError as error:
            problems += error.problems
    first_with_slug = {}
    for post in posts:
        first = first_with_slug.setdefault(post.slug, post.path)
        if first != post.path:
            problems.append(f"{post.path}: slug {post.slug!r} is also the slug of {first}")
    if problems:
        raise MarkdownImportError(problems)
    return posts


def read_post(path, *, now=None):
    """One file's post; raises MarkdownImportError naming the file and what is wrong."""
    path = Path(path)
    try:
        fields, body = _split(path.read_text(encoding="utf-8-sig"))
        post = _post(path, fields, body, now or timezone.now())
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as error:
        raise MarkdownImportError([f"{path}: {_one_line(error)}"]) from error
    return post


def _markdown_files(sources, problems):
    files = []
    for source in map(Path, sources):
        if source.is_dir():
            found = sorted(source.rglob("*.md"))
            if not found:
                problems.append(f"{source}: no .md files in this folder")
            files += found
        elif source.is_file():
            files.append(source)
        else:
            problems.append(f"{source}: no such file or folder")
    return files


def _split(text):
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ValueError("no front matter: the file must begin with a line '---'")
    fields = yaml.safe_load(match["fields"]) or {}
    if not isinstance(fields, dict):
        raise ValueError("the front matter is not a list of `name: value` fields")
    return fields, text[match.end() :].lstrip("\n").rstrip()


def _post(path, fields, body, now):
    unknown = sorted(set(map(str, fields)) - set(FIELDS))
    if unknown:
        raise ValueError(f"unknown field {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    title = _text(fields, "title")
    if not title:
        raise ValueError("no title")
    if len(title) > TITLE_LENGTH:
        raise ValueError(f"the title is longer than {TITLE_LENGTH} characters")
    status = fields.get("status", Post.Status.PUBLISHED)
    if status not in Post.Status.values:
        raise ValueError(f"unknown status {status!r} (use {' or '.join(Post.Status.values)})")
    pinned = fields.get("pinned", False)
    if not isinstance(pinned, bool):
        raise ValueError(f"pinned is {pinned!r}, not true or false")
    slug = slugify(_text(fields, "slug") or path.stem, allow_unicode=True)
    if not slug or len(slug) > SLUG_LENGTH:
        raise ValueError(f"{slug!r} is no slug of 1 to {SLUG_LENGTH} letters, digits and dashes")
    if POST_NUMBER.fullmatch(slug):
        # /archives/<digits>/ is the post numbered so; this slug could never be reached.
        raise ValueError(f"slug {slug!r} is only digits and would read as a post number")
    category = _text(fields, "category")
    tags = fields.get("tags") or []
    if not isinstance(tags, list):
        raise ValueError("tags must be a list, like [series, python]")
    tags = tuple(_label_text(tag, "tag") for tag in tags)
    return MarkdownPost(
        path=path,
        slug=slug,
        title=title,
        body=body,
        published_at=_date(fields.get("date"), now),
        status=status,
        pinned=pinned,
        author=_text(fields, "author"),
        category=_label_text(category, "category") if category else None,
        tags=tags,
    )


def _text(fields, name):
    """A field that holds text; YAML reads `title: 1984` as a number, which is fine."""
    value = fields.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text, not {value!r}")
    return str(value).strip()


def _label_text(value, kind):
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"the {kind} {value!r} is not text")
    value = str(value).strip()
    if not slugify(value, allow_unicode=True):
        raise ValueError(f"the {kind} {value!r} has no letters or digits")
    if len(value) > LABEL_LENGTH:
        raise ValueError(f"the {kind} {value[:20]!r}… is longer than {LABEL_LENGTH} characters")
    return value


def _date(value, now):
    if value is None:
        return now
    if isinstance(value, str):
        ahead = DAYS_AHEAD.fullmatch(value.strip())
        if ahead:
            later = now + timedelta(days=int(ahead["days"]))
            return later.replace(minute=0, second=0, microsecond=0)
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(
                f"cannot read the date {value!r} (write 2024-05-01, 2024-05-01 20:30 or +3 days)"
            ) from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    elif not isinstance(value, datetime):
        raise ValueError(f"cannot read the date {value!r}")
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value


def _authors(posts, default_author):
    """Users by username for every post; raises MarkdownImportError for missing ones."""
    wanted = {post.author or default_author for post in posts} - {None}
    found = get_user_model().objects.in_bulk(wanted, field_name="username")
    problems = []
    if default_author is not None and default_author not in found:
        problems.append(f"default author: no user named {default_author!r}")
    for post in posts:
        if post.author is None and default_author is None:
            problems.append(f"{post.path}: no author, and no default author was given")
        elif post.author is not None and post.author not in found:
            problems.append(f"{post.path}: no user named {post.author!r}")
    if problems:
        raise MarkdownImportError(problems)
    return found


def _create(source, author):
    post = Post(
        title=source.title,
        slug=source.slug,
        author=author,
        category=_label(Category, source.category) if source.category else None,
        body=source.body,
        status=source.status,
        published_at=source.published_at,
        pinned=source.pinned,
    )
    post.save()
    post.tags.set([_label(Tag, name) for name in source.tags])
    return post


def _label(model, value):
    """The category or tag with this slug or name, created when there is none."""
    slug = slugify(value, allow_unicode=True)
    found = model.objects.filter(Q(slug=value) | Q(slug=slug) | Q(name=value)).first()
    return found or model.objects.create(name=value, slug=slug)


def _one_line(error):
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, yaml.YAMLError):
        return "the front matter is not valid YAML: " + " ".join(str(error).split())
    return str(error)
