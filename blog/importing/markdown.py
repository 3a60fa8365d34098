"""Posts from Markdown files with front matter, as Kexue, Hugo and Jekyll keep them.

A file begins with its fields between two `---` lines (YAML) or two `+++`
lines (TOML, as Hugo allows); the Markdown body follows::

    ---
    title: 傅里叶级数：从一个方波说起
    date: 2019-03-17 20:30
    author: lintian
    category: math
    tags: [fourier-analysis, series]
    status: published
    pinned: false
    aliases: [/2019/03/fourier-series/]
    ---
    一个周期为$2\\pi$的方波……

Only `title` is required.

- `date`: a date, or a date and time; one without a UTC offset is read in
  settings.TIME_ZONE. `+3 days` means three days after the import, on the hour
  (the demo's scheduled post): a published post dated ahead is scheduled.
  Without a date, a Jekyll file name `2019-03-17-slug.md` gives the day;
  without either, a post is dated at the import.
- `author`: a username; the importer's default author when absent.
- `category` and `tags` (a list): each is found by slug or name, and created,
  named as written, when there is none. Hugo's and Jekyll's `categories` (a
  list) may stand instead of `category`: Kexue files a post under one
  category, the first, and the others become tags, so the posts filed under
  them can still be listed together.
- `status`: `published` (the default) or `draft`; Hugo's `draft: true` and
  Jekyll's `published: false` make a draft too.
- `pinned`, `allow_comments` (true by default): true or false.
- `number`: the post's number on the site that exported it (its address
  `/archives/<number>/`); when no post here has that number, the imported
  post gets it, so links to the old address keep working. A new number otherwise.
- `slug`: when absent, the file's name without `.md` (Jekyll's date taken
  off the front; for a Hugo bundle's `index.md`, the folder's name).
- `aliases` (Hugo), or `redirect_from` (Jekyll): the post's old addresses, a
  list (or one text). Each answers with a 301 to the post (blog.legacy). An
  alias that Kexue answers itself (`/archives/`, `/feed/`, a post's number…)
  would never be reached; it is left out with a warning, and so is one that
  another post has already.

Other fields (Hugo's `weight`, Jekyll's `layout`, a misspelt name…) are
ignored; the import reports them, each once, with the number of files.

In a folder, every `.md` and `.markdown` file below it is a post, except Hugo
section pages (`_index.md`) and what lies in its `media/` folder, where an
export (kexue/sitewide/export.py) keeps its media files.

An import is all or nothing: every file is read and checked first, and a
problem in any of them (each reported with its file) stops it before anything
is written. Posts are known by their slug; a post that exists already is left
as it is, so importing the same files again adds only what is new.
"""

import os
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import yaml
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Q
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from ..legacy import normalize
from ..models import POST_NUMBER, Category, LegacyPath, Post, Tag

FIELDS = (
    "title",
    "date",
    "author",
    "category",
    "categories",
    "tags",
    "status",
    "draft",
    "published",
    "pinned",
    "allow_comments",
    "slug",
    "number",
    "aliases",
    "redirect_from",
)
FRONT_MATTER = {
    "---": re.compile(r"\A---[ \t]*\n(?P<fields>.*?)^---[ \t]*$\n?", re.DOTALL | re.MULTILINE),
    "+++": re.compile(
        r"\A\+\+\+[ \t]*\n(?P<fields>.*?)^\+\+\+[ \t]*$\n?", re.DOTALL | re.MULTILINE
    ),
}
SUFFIXES = (".md", ".markdown")
HUGO_SECTION_PAGE = "_index"
HUGO_BUNDLE_PAGE = "index"
MEDIA_FOLDER = "media"
JEKYLL_NAME = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})-(?P<slug>.+)")
DAYS_AHEAD = re.compile(r"\+\s*(?P<days>\d+)\s+days?")
TITLE_LENGTH = Post._meta.get_field("title").max_length
SLUG_LENGTH = Post._meta.get_field("slug").max_length
LABEL_LENGTH = Category._meta.get_field("name").max_length
PATH_LENGTH = LegacyPath._meta.get_field("path").max_length
# The one route that answers only for a post that has the slug; any other
# address of it (no post with that slug) falls through to the old addresses.
SLUG_ROUTE = "blog:post_by_slug"


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
    allow_comments: bool = True
    number: int | None = None  # the post's number on the site it was exported from
    aliases: tuple[str, ...] = ()  # normalized by blog.legacy.normalize
    ignored: tuple[str, ...] = ()  # front-matter fields Kexue does not use


@dataclass(frozen=True)
class Imported:
    posts: list[MarkdownPost]  # every file's post
    new: list[MarkdownPost]  # those created (or, on a dry run, that would be)
    warnings: list[str] = field(default_factory=list)  # "file: alias … left out because …"

    @property
    def ignored_fields(self):
        """How many files hold each front-matter field that Kexue does not use."""
        return Counter(name for post in self.posts for name in post.ignored)


def import_posts(sources, *, default_author=None, dry_run=False):
    """Create the posts of these files and folders whose slugs are not taken yet.

    `sources` is a path or a list of paths; a folder stands for every Markdown
    file below it. Raises MarkdownImportError, having written nothing, when any
    file is wrong.
    """
    return write_posts(read_posts(sources), default_author=default_author, dry_run=dry_run)


def write_posts(posts, *, default_author=None, dry_run=False):
    """Create those of these posts (from read_posts) whose slugs are not taken yet.

    Posts are saved one by one, so each renders on save and is indexed for
    search; categories and tags they name are created as needed, and their
    aliases become old addresses. Raises MarkdownImportError, having written
    nothing, when an author is missing.
    """
    authors = _authors(posts, default_author)
    slugs = [post.slug for post in posts]
    taken = set(Post.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    new = [post for post in posts if post.slug not in taken]
    aliases, warnings = _usable_aliases(new, slugs=set(slugs))
    if not dry_run:
        with transaction.atomic():
            numbers = _free_numbers(new)
            for post in new:
                number = post.number if post.number in numbers else None
                author = authors[post.author or default_author]
                _create(post, author, aliases[post.path], number)
    return Imported(posts=posts, new=new, warnings=warnings)


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
    first_with_slug, first_with_number, first_with_alias = {}, {}, {}
    for post in posts:
        first = first_with_slug.setdefault(post.slug, post.path)
        if first != post.path:
            problems.append(f"{post.path}: slug {post.slug!r} is also the slug of {first}")
        first = first_with_number.setdefault(post.number, post.path) if post.number else None
        if first not in (None, post.path):
            problems.append(f"{post.path}: number {post.number} is also the number of {first}")
        for alias in post.aliases:
            first = first_with_alias.setdefault(alias, post.path)
            if first != post.path:
                problems.append(f"{post.path}: alias {alias!r} is also an alias in {first}")
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
            media = source / MEDIA_FOLDER
            found = sorted(
                path
                for path in source.rglob("*")
                if path.suffix in SUFFIXES
                and path.is_file()
                and path.stem != HUGO_SECTION_PAGE
                and not path.is_relative_to(media)
            )
            if not found:
                problems.append(f"{source}: no .md files in this folder")
            files += found
        elif source.is_file():
            files.append(source)
        else:
            problems.append(f"{source}: no such file or folder")
    return files


def _split(text):
    fence = text[:3]
    if fence not in FRONT_MATTER or (match := FRONT_MATTER[fence].match(text)) is None:
        raise ValueError(
            "no front matter: the file must begin with a line '---' (YAML) or '+++' (TOML)"
        )
    if fence == "+++":
        try:
            fields = tomllib.loads(match["fields"])
        except tomllib.TOMLDecodeError as error:
            raise ValueError(f"the front matter is not valid TOML: {error}") from None
    else:
        fields = yaml.safe_load(match["fields"]) or {}
    if not isinstance(fields, dict):
        raise ValueError("the front matter is not a list of `name: value` fields")
    return fields, text[match.end() :].lstrip("\n").rstrip()


def _post(path, fields, body, now):
    title = _text(fields, "title")
    if not title:
        raise ValueError("no title")
    if len(title) > TITLE_LENGTH:
        raise ValueError(f"the title is longer than {TITLE_LENGTH} characters")
    name = path.parent.name if path.stem == HUGO_BUNDLE_PAGE else path.stem
    jekyll = JEKYLL_NAME.fullmatch(name)
    slug = slugify(
        _text(fields, "slug") or (jekyll["slug"] if jekyll else name), allow_unicode=True
    )
    if not slug or len(slug) > SLUG_LENGTH:
        raise ValueError(f"{slug!r} is no slug of 1 to {SLUG_LENGTH} letters, digits and dashes")
    if POST_NUMBER.fullmatch(slug):
        # /archives/<digits>/ is the post numbered so; this slug could never be reached.
        raise ValueError(f"slug {slug!r} is only digits and would read as a post number")
    when = fields.get("date")
    if when is None and jekyll:
        try:
            when = date.fromisoformat(jekyll["date"])
        except ValueError:
            raise ValueError(
                f"the file name begins with {jekyll['date']}, which is no date"
            ) from None
    category, tags = _labels(fields)
    return MarkdownPost(
        path=path,
        slug=slug,
        title=title,
        body=body,
        published_at=_date(when, now),
        status=_status(fields),
        pinned=_flag(fields, "pinned", False),
        author=_text(fields, "author"),
        category=category,
        tags=tags,
        allow_comments=_flag(fields, "allow_comments", True),
        number=_number(fields),
        aliases=_aliases(fields),
        ignored=tuple(sorted(set(map(str, fields)) - set(FIELDS))),
    )


def _status(fields):
    status = fields.get("status")
    if status is not None and status not in Post.Status.values:
        raise ValueError(f"unknown status {status!r} (use {' or '.join(Post.Status.values)})")
    draft = _flag(fields, "draft", False) or not _flag(fields, "published", True)
    if draft and status == Post.Status.PUBLISHED:
        marker = "draft: true" if fields.get("draft") else "published: false"
        raise ValueError(f"status is published but {marker} says draft")
    return Post.Status.DRAFT if draft else status or Post.Status.PUBLISHED


def _number(fields):
    value = fields.get("number")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ValueError(f"number is {value!r}, not a post number like 12")
    return value


def _flag(fields, name, default):
    value = fields.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(f"{name} is {value!r}, not true or false")
    return value


def _labels(fields):
    """(category, tags): Hugo's and Jekyll's other categories join the tags."""
    categories = _list(fields, "categories", "[math, notes]")
    category = _text(fields, "category")
    if category is not None and categories:
        raise ValueError("give category or categories, not both")
    if category:
        categories = [category]
    tags = _list(fields, "tags", "[series, python]")
    labels = [_label_text(label, "category") for label in categories]
    labels += [_label_text(tag, "tag") for tag in tags]
    return (labels[0] if categories else None), tuple(
        dict.fromkeys(labels[1 if categories else 0 :])
    )


def _list(fields, name, example):
    value = fields.get(name) or []
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list, like {example}")
    return value


def _aliases(fields):
    if "aliases" in fields and "redirect_from" in fields:
        raise ValueError("give aliases or redirect_from, not both")
    name = "redirect_from" if "redirect_from" in fields else "aliases"
    value = fields.get(name) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list of old paths, like [/2019/03/old-name/]")
    aliases = []
    for alias in value:
        if not isinstance(alias, str) or not alias.strip():
            raise ValueError(f"the alias {alias!r} is not a path")
        parts = urlsplit(alias.strip())
        # A whole old URL keeps only its path: the old domain now points here.
        path = normalize(parts.path, dict(parse_qsl(parts.query)))
        if len(path) > PATH_LENGTH:
            raise ValueError(f"the alias {path[:40]!r}… is longer than {PATH_LENGTH} characters")
        aliases.append(path)
    return tuple(dict.fromkeys(aliases))


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
            # Also Jekyll's "2019-03-17 20:30:00 +0800", which YAML leaves as text.
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


def _usable_aliases(posts, slugs):
    """Each post's aliases that an old link could reach, by path; and why others are not.

    `slugs` are those of every post being imported."""
    wanted = {alias for post in posts for alias in post.aliases}
    held = dict(LegacyPath.objects.filter(path__in=wanted).values_list("path", "post__slug"))
    usable, warnings = {}, []
    for post in posts:
        usable[post.path] = []
        for alias in post.aliases:
            route = _kexue_route(alias, slugs)
            if route:
                warnings.append(
                    f"{post.path}: alias {alias!r} left out: Kexue answers it ({route})"
                )
            elif alias in held:
                warnings.append(
                    f"{post.path}: alias {alias!r} left out: it leads to {held[alias]!r} already"
                )
            else:
                usable[post.path].append(alias)
    return usable, warnings


def _kexue_route(alias, slugs):
    """The name of the route that answers this address before any old address would."""
    path, _, query = alias.partition("?")
    if query:
        # The home page's ?p=/?page_id= are looked up before the home page answers.
        return None
    for candidate in (path, path + "/"):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        slug = match.kwargs.get("slug")
        if (
            match.view_name != SLUG_ROUTE
            or slug in slugs
            or Post.objects.filter(slug=slug).exists()
        ):
            return match.view_name
    return None


def _free_numbers(posts):
    """The posts' numbers that no post here has. The id sequence moves past them
    first, so no post written later, in this import or after it, meets one."""
    wanted = {post.number for post in posts if post.number}
    free = wanted - set(Post.objects.filter(pk__in=wanted).values_list("pk", flat=True))
    if free and connection.vendor == "postgresql":
        # SQLite (quick start only) numbers new rows after the highest id it has seen.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s,"
                " COALESCE(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')), 0)), true)",
                [Post._meta.db_table, max(free), Post._meta.db_table],
            )
    return free


def _create(source, author, aliases, number):
    post = Post(
        pk=number,
        title=source.title,
        slug=source.slug,
        author=author,
        category=_label(Category, source.category) if source.category else None,
        body=source.body,
        status=source.status,
        published_at=source.published_at,
        pinned=source.pinned,
        allow_comments=source.allow_comments,
    )
    post.save(force_insert=number is not None)
    post.tags.set([_label(Tag, name) for name in source.tags])
    LegacyPath.objects.bulk_create(LegacyPath(path=path, post=post) for path in aliases)
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
