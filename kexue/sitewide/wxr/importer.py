"""Writing a surveyed WordPress export into Kexue.

What becomes of the export:

- Authors: `--author LOGIN=USERNAME` first, then a member with the author's
  e-mail address, then `--default-author`; anyone else becomes a member with
  no usable password (claimed by a password reset). Members are made only for
  authors of something imported.
- Posts and pages (`post`, `page`): title, author, date, state (publish and
  future → published, dated as they were; draft, pending and private → draft;
  password-protected → draft, since Kexue has no passwords), sticky → pinned,
  comment status, the WordPress id as the post's number where it is free, the
  slug. Kexue's excerpt is the text before `<!--more-->`, so a written excerpt
  opens the body and ends at that marker. A post has one category: the first
  of its WordPress categories; the others become tags, so its category pages
  still find it.
- Pages (`page`) become static pages (blog.models.Page) at their old path
  (`/about/team/` stays `/about/team/`) when it is free and a page may have it,
  else at their slug; published or draft as posts are, never in the menu
  (menus are not imported). A page with comments stays a post in the category
  "Pages" instead, since static pages take no comments and its discussion
  would be lost; the report counts them.
- Categories and tags the export declares or uses: matched by slug (then name)
  or created.
- Comments (not pingbacks or trackbacks) in their threads, through
  comments.importing, each post's in the post's own transaction.
- Old addresses (blog.models.LegacyPath), to the post or the page: the
  item's link, `/?p=ID` (and `/?page_id=ID` for a page), Typecho's
  `/archives/ID.html`, and the date permalinks `/YYYY/MM/DD/slug/` and
  `/YYYY/MM/slug/`, except any that is one of Kexue's own addresses (a
  page's link usually is: the page itself answers there). (`/archives/ID/`
  is Kexue's own: the post itself when it kept its number, another post when
  it did not.)
- Attachments, menus and other item types are skipped, each with its reason.

Each post commits with its comments and old addresses or not at all. An item
is known by its GUID (Post.source_id, Page.source_id): importing again leaves
imported posts and pages as they are and adds only comments and old
addresses they lack. A dry run
does all of it in one transaction that is rolled back at the end (PostgreSQL
sequences are not rolled back, so numbers it drew stay unused).
"""

import html
import json
import re
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, connection, transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

from blog.importing.wordpress import wordpress_to_markdown
from blog.invalidation import next_scheduled_publication
from blog.legacy import normalize
from blog.models import POST_NUMBER, Category, LegacyPath, Page, Post, Tag
from blog.page_paths import validate_page_path
from blog.tallies import count_new_tags
from comments.importing import ImportedComment, import_discussion
from comments.models import Comment as KexueComment
from kexue.caching import bump_content_version
from kexue.markup import MORE_MARKER
from members.adapters import RESERVED_USERNAMES

from . import reader
from .media import UploadsCopy

PAGES_CATEGORY = ("pages", "Pages")  # slug, name
UNTITLED = "(no title)"
ANONYMOUS = "Anonymous"  # what WordPress shows for a comment without a name
STATES = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.PUBLISHED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
SKIPPED_STATES = {
    "trash": "posts in the trash",
    "auto-draft": "auto-drafts WordPress saved on its own",
    "inherit": "revisions",
}
SKIPPED_TYPES = {
    "attachment": "attachments (files; their links stay, or come in with --fetch-media)",
    "nav_menu_item": "menu entries (menus are not imported)",
}
APPROVAL = {
    "1": KexueComment.Status.APPROVED,
    "0": KexueComment.Status.PENDING,
    "spam": KexueComment.Status.SPAM,
    "trash": KexueComment.Status.REMOVED,
    "post-trashed": KexueComment.Status.REMOVED,
}
NOT_COMMENTS = {"pingback", "trackback"}
REMOTE_IMAGE = re.compile(r"<img\b[^>]*?\ssrc=\"(?:https?:)?//([^/\"]+)")
TITLE_LENGTH = Post._meta.get_field("title").max_length
SLUG_LENGTH = Post._meta.get_field("slug").max_length
PATH_LENGTH = LegacyPath._meta.get_field("path").max_length
PAGE_PATH_LENGTH = Page._meta.get_field("path").max_length
LABEL_LENGTH = Category._meta.get_field("name").max_length


class ImportStopped(Exception):
    """An item could not be written; the items before it were."""

    def __init__(self, item, error, summary):
        self.item, self.error, self.summary = item, error, summary
        super().__init__(f"{item}: {error}")


@dataclass
class Summary:
    created: Counter = field(default_factory=Counter)  # "post", "page"
    existing: Counter = field(default_factory=Counter)  # imported by an earlier run
    updated: int = 0  # existing posts that gained comments or old addresses
    kept_numbers: int = 0
    comments: int = 0
    comments_existing: int = 0
    threads: int = 0
    categories: Counter = field(default_factory=Counter)  # "new", "matched"
    tags: Counter = field(default_factory=Counter)
    authors: Counter = field(default_factory=Counter)  # how each was found
    legacy_paths: int = 0
    skipped: Counter = field(default_factory=Counter)  # reason: count
    notes: Counter = field(default_factory=Counter)  # what was changed on the way: count
    media: Counter = field(default_factory=Counter)  # "copied", "missing", "refused"
    # Images that posts still show from other sites: how many posts, and the hosts.
    remote_image_posts: int = 0
    image_hosts: Counter = field(default_factory=Counter)  # host: posts


class WxrImport:
    """One import of a surveyed export; `run()` writes it and returns its Summary.

    The options are checked when it is made: a mapping to a member who does not
    exist raises reader.WxrError before anything is written."""

    def __init__(self, export, *, authors=None, default_author=None, uploads=None, dry_run=False):
        self.export = export
        self.dry_run = dry_run
        self.summary = Summary()
        self.authors = Authors(export, authors or {}, default_author, self.summary)
        self.labels = Labels(self.summary)
        self.uploads = (
            UploadsCopy(uploads, export.upload_urls, dry_run=dry_run) if uploads else None
        )

    def run(self, on_post=None):
        """Write everything; `on_post(summary)` is called after every post or page item.
        Raises ImportStopped when an item cannot be written."""
        with transaction.atomic() if self.dry_run else nullcontext():
            with transaction.atomic():
                self.labels.declare(self.export.terms)
            item = None
            try:
                for item in reader.items(self.export):
                    if item.type in reader.IMPORTED_TYPES:
                        self._import(item)
                        if on_post is not None:
                            on_post(self.summary)
                    else:
                        self.summary.skipped[_skip_type(item.type)] += 1
            except (DatabaseError, ValueError) as error:
                raise ImportStopped(item, error, self.summary) from error
            if self.dry_run:
                transaction.set_rollback(True)
        if self.uploads is not None:
            self.summary.media.update(self.uploads.counts)
        if not self.dry_run:
            bump_content_version(next_change=next_scheduled_publication)
        return self.summary

    def _import(self, item):
        if item.status in SKIPPED_STATES or item.status not in STATES:
            reason = SKIPPED_STATES.get(item.status, f"posts with the status {item.status!r}")
            self.summary.skipped[reason] += 1
            return
        with transaction.atomic():
            source_id = self.export.source_id(item)
            target = (
                Post.objects.filter(source_id=source_id).first()
                or Page.objects.filter(source_id=source_id).first()
            )
            is_new = target is None
            if is_new:
                target = self._create_page(item) if self._as_page(item) else self._create(item)
            added = self._legacy_paths(item, target)
            if isinstance(target, Post):
                added += self._discussion(item, target, is_new)
        kind = "page" if item.type == "page" else "post"
        (self.summary.created if is_new else self.summary.existing)[kind] += 1
        if added and not is_new:
            self.summary.updated += 1

    def _as_page(self, item):
        if item.type != "page":
            return False
        if any(comment.type not in NOT_COMMENTS for comment in item.comments):
            self.summary.notes[
                "pages with comments imported as posts in “Pages”, to keep their discussion"
            ] += 1
            return False
        return True

    def _create_page(self, item):
        status = STATES[item.status]
        if item.password:
            self.summary.notes["password-protected pages imported as drafts"] += 1
            status = Post.Status.DRAFT
        # Pages have no author; the uploads copied into the media library do.
        author = self.authors.writer(item.creator) if self.uploads is not None else None
        page = Page(
            source_id=self.export.source_id(item),
            title=_title(item.title),
            path=_page_path(item),
            body=self._body(item, author, excerpt=False),
            status=status,
        )
        page.save(force_insert=True)
        return page

    def _create(self, item):
        author = self.authors.writer(item.creator)
        category, tags = self.labels.of(item)
        number_free = not Post.objects.filter(pk=item.post_id).exists()
        status = STATES[item.status]
        if item.password:
            self.summary.notes["password-protected posts imported as drafts"] += 1
            status = Post.Status.DRAFT
        post = Post(
            pk=item.post_id if number_free else None,
            source_id=self.export.source_id(item),
            title=_title(item.title),
            slug=_free_slug(item.name),
            author=author,
            category=category,
            body=self._body(item, author),
            status=status,
            published_at=item.date or timezone.now(),
            pinned=item.sticky,
            allow_comments=item.comments_open,
        )
        post.save(force_insert=True)
        hosts = set(REMOTE_IMAGE.findall(post.body_html))
        self.summary.remote_image_posts += bool(hosts)
        self.summary.image_hosts.update(hosts)
        if number_free:
            _move_sequence_past(Post, post.pk)
            self.summary.kept_numbers += 1
        # Rows of the through table rather than tags.set(), whose m2m_changed would
        # index the post a second time: its save indexes it after commit, tags and all.
        # bulk_create counts nothing, so the kept tag counts are told here.
        PostTag = Post.tags.through
        PostTag.objects.bulk_create([PostTag(post=post, tag=tag) for tag in tags])
        count_new_tags(post, [tag.pk for tag in tags])
        return post

    def _body(self, item, author, *, excerpt=True):
        """The body in Markdown; a post's written excerpt opens it (a page has
        no excerpt to show)."""
        content, excerpt = item.content, item.excerpt if excerpt else ""
        if self.uploads is not None:
            content = self.uploads.rewrite(content, author)
            excerpt = self.uploads.rewrite(excerpt, author)
        body = wordpress_to_markdown(content, footnotes=self._footnotes(item))
        if excerpt:
            body = f"{wordpress_to_markdown(excerpt)}\n\n{MORE_MARKER}\n\n{body}"
        return body

    def _footnotes(self, item):
        """The block editor's footnotes by id, from the post's `footnotes` field."""
        if not item.footnotes:
            return None
        try:
            notes = {note["id"]: note["content"] for note in json.loads(item.footnotes)}
        except (ValueError, TypeError, KeyError):
            self.summary.notes["posts whose footnotes field is not readable JSON"] += 1
            return None
        return notes

    def _discussion(self, item, post, is_new):
        """Add the item's comments the post lacks; returns how many were added."""
        wanted = [comment for comment in item.comments if comment.type not in NOT_COMMENTS]
        if len(wanted) < len(item.comments):
            self.summary.skipped["pingbacks and trackbacks"] += len(item.comments) - len(wanted)
        stored = set()
        if not is_new:
            stored = set(post.comments.exclude(source_id="").values_list("source_id", flat=True))
        if all(comment.id in stored for comment in wanted):
            # Imported before, every one: nothing to convert again.
            self.summary.comments_existing += len(wanted)
            return 0
        comments = self._comments(wanted, post)
        if not comments:
            return 0
        threads = sum(c.parent is None and c.source_id not in stored for c in comments)
        added = import_discussion(post, comments)
        self.summary.comments += added
        self.summary.comments_existing += len(comments) - added
        self.summary.threads += threads
        return added

    def _comments(self, wanted, post):
        """The comments as ImportedComment, every parent before its replies."""
        kept = {}
        for comment in wanted:
            body = wordpress_to_markdown(comment.content).strip()
            if not body:
                self.summary.skipped["empty comments"] += 1
                continue
            kept[comment.id] = self._comment(comment, body, post)
        for key, comment in kept.items():
            if comment.parent is not None and comment.parent not in kept:
                self.summary.notes["replies to a comment not imported, made top-level"] += 1
                kept[key] = replace(comment, parent=None)
        return _parents_first(list(kept.values()), self.summary)

    def _comment(self, comment, body, post):
        if comment.approved not in APPROVAL:
            self.summary.notes["comments of an unknown approval state, held as pending"] += 1
        member = self.authors.commenter(comment.user_id)
        return ImportedComment(
            key=comment.id,
            source_id=comment.id,
            body=body,
            parent=comment.parent if comment.parent not in ("", "0") else None,
            member=member.username if member is not None else None,
            guest_name=" ".join(comment.author.split()) or ANONYMOUS,
            guest_email=comment.email,
            guest_website=comment.url,
            ip_address=comment.ip or None,
            created_at=comment.date or post.published_at,
            status=APPROVAL.get(comment.approved, KexueComment.Status.PENDING),
        )

    def _legacy_paths(self, item, target):
        """Store the item's old addresses that are free, leading to its post or
        page; returns how many were stored."""
        field = "page" if isinstance(target, Page) else "post"
        wanted = []
        link = urlsplit(item.link)
        if link.path or link.query:
            wanted.append(normalize(link.path or "/", dict(parse_qsl(link.query))))
        wanted.append(normalize("/", {"p": str(item.post_id)}))
        if item.type == "page":
            wanted.append(normalize("/", {"page_id": str(item.post_id)}))
        wanted.append(normalize(f"/archives/{item.post_id}.html"))
        if item.type == "post" and item.name and item.local_date is not None:
            day = item.local_date
            wanted.append(normalize(f"/{day:%Y/%m/%d}/{item.name}"))
            wanted.append(normalize(f"/{day:%Y/%m}/{item.name}"))
        wanted = [
            path
            for path in dict.fromkeys(wanted)
            if len(path) <= PATH_LENGTH and not _is_kexue_address(path, target)
        ]
        holders = dict(
            LegacyPath.objects.filter(path__in=wanted).values_list("path", f"{field}_id")
        )
        elsewhere = sum(holder != target.pk for holder in holders.values())
        if elsewhere:
            self.summary.notes["old addresses another post or page has already"] += elsewhere
        new = [LegacyPath(path=path, **{field: target}) for path in wanted if path not in holders]
        LegacyPath.objects.bulk_create(new)
        self.summary.legacy_paths += len(new)
        return len(new)


class Authors:
    """The member credited for each author of the export, found or made when first needed."""

    def __init__(self, export, mapping, default_username, summary):
        User = get_user_model()
        self.export, self.summary = export, summary
        known = set(export.authors) | export.creators
        for login in mapping:
            if login not in known:
                raise reader.WxrError(
                    f"--author {login}=…: {export.name} has no author with the login {login!r}"
                )
        wanted = set(mapping.values()) | ({default_username} if default_username else set())
        members = User.objects.in_bulk(wanted, field_name="username")
        for login, username in mapping.items():
            if username not in members:
                raise reader.WxrError(
                    f"--author {login}={username}: there is no member {username!r}"
                )
        if default_username and default_username not in members:
            raise reader.WxrError(
                f"--default-author {default_username}: there is no member {default_username!r}"
            )
        if export.without_creator and not default_username:
            raise reader.WxrError(
                f"{export.without_creator} posts in {export.name} name no author (dc:creator); "
                "say who wrote them with --default-author"
            )
        self.mapped = {login: members[username] for login, username in mapping.items()}
        self.default = members.get(default_username)
        self.logins_by_id = {a.id: a.login for a in export.authors.values() if a.id}
        self.found = {}  # login: (member, how)

    def writer(self, login):
        """The member credited with a post by this author."""
        if not login:
            return self.default
        return self._find(login)[0]

    def commenter(self, wp_user_id):
        """The member who wrote a comment, when its user id is an author's with an
        account of their own here; None for a guest."""
        login = self.logins_by_id.get(wp_user_id)
        if login is None:
            return None
        member, how = self._find(login)
        return None if how == "credited to --default-author" else member

    def _find(self, login):
        if login not in self.found:
            self.found[login] = self._match(self.export.authors.get(login, reader.Author(login)))
            self.summary.authors[self.found[login][1]] += 1
        return self.found[login]

    def _match(self, author):
        if author.login in self.mapped:
            return self.mapped[author.login], "mapped with --author"
        member = _member_with_email(author.email)
        if member is not None:
            return member, "matched by e-mail"
        if self.default is not None:
            return self.default, "credited to --default-author"
        return _new_member(author), "new members"


class Labels:
    """Categories and tags by slug, found or made once per import."""

    def __init__(self, summary):
        self.summary = summary
        self.found = {}  # (model, slug): label

    def declare(self, terms):
        for term in terms:
            model = Category if term.taxonomy == "category" else Tag
            self.get(model, term.slug, term.name, term.description)

    def of(self, item):
        """The post's category and tags."""
        if item.type == "page":
            return self.get(Category, *PAGES_CATEGORY), []
        categories = [t for t in item.terms if t.taxonomy == "category"]
        tags = [self.get(Tag, t.slug, t.name) for t in item.terms if t.taxonomy == "post_tag"]
        if len(categories) > 1:
            self.summary.notes["posts in several categories: the first kept, the rest as tags"] += 1
            tags += [self.get(Tag, t.slug, t.name) for t in categories[1:]]
        category = (
            self.get(Category, categories[0].slug, categories[0].name) if categories else None
        )
        return category, [tag for tag in dict.fromkeys(tags) if tag is not None]

    def get(self, model, slug, name, description=""):
        name = " ".join(html.unescape(name).split())[:LABEL_LENGTH]
        slug = slugify(unquote(slug), allow_unicode=True)[:LABEL_LENGTH].strip("-")
        slug = slug or slugify(name, allow_unicode=True)[:LABEL_LENGTH].strip("-")
        if not slug:
            self.summary.notes["categories and tags without letters or digits, left out"] += 1
            return None
        key = (model, slug)
        if key not in self.found:
            counts = self.summary.categories if model is Category else self.summary.tags
            label = model.objects.filter(slug=slug).first()
            label = label or model.objects.filter(name=name or slug).first()
            if label is None:
                fields = {"name": name or slug, "slug": slug}
                if model is Category:
                    fields["description"] = description
                label = model.objects.create(**fields)
                counts["new"] += 1
            else:
                counts["matched"] += 1
            self.found[key] = label
        return self.found[key]


def _skip_type(post_type):
    return SKIPPED_TYPES.get(post_type, f"items of the type {post_type!r} (not imported)")


def _title(text):
    """A plain-text title: WordPress titles are HTML."""
    title = " ".join(html.unescape(strip_tags(text)).split())
    if len(title) > TITLE_LENGTH:
        title = title[: TITLE_LENGTH - 1] + "…"
    return title or UNTITLED


def _free_slug(name):
    """The item's slug, made unique and never a bare number; "" lets Post.save make
    one from the title."""
    slug = slugify(unquote(name), allow_unicode=True)
    if not slug:
        return ""
    if POST_NUMBER.fullmatch(slug):
        slug = f"post-{slug}"
    base = slug[: SLUG_LENGTH - 10].rstrip("-")  # room for "-2"
    return _first_free(
        base, Post.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )


def _page_path(item):
    """Where an imported page lives: its old path when a page may have it and no
    page has it yet, else its slug, else its number; made unique with "-2"…"""
    for candidate in (unquote(urlsplit(item.link).path), unquote(item.name)):
        candidate = candidate.strip("/")
        fits = len(candidate) <= PAGE_PATH_LENGTH - 10 and _may_be_page_path(candidate)
        if fits and not Page.objects.filter(path=candidate).exists():
            return candidate
    base = slugify(unquote(item.name), allow_unicode=True)[: PAGE_PATH_LENGTH - 10]
    base = base if _may_be_page_path(base) else f"page-{item.post_id}"
    return _first_free(
        base, Page.objects.filter(path__startswith=base).values_list("path", flat=True)
    )


def _first_free(base, taken):
    """base, else base-2, base-3…: the first that is not taken."""
    taken = set(taken)
    name, counter = base, 1
    while name in taken:
        counter += 1
        name = f"{base}-{counter}"
    return name


def _may_be_page_path(path):
    try:
        validate_page_path(path)
    except ValidationError:
        return False
    return True


def _parents_first(comments, summary):
    """The comments ordered so every parent comes before its replies; a comment
    caught in a loop of replies (a file can say anything) is made top-level."""
    children = {}
    for comment in comments:
        children.setdefault(comment.parent, []).append(comment)
    ordered, placed = [], set()

    def place(root):
        stack = [root]
        while stack:
            comment = stack.pop()
            ordered.append(comment)
            placed.add(comment.key)
            stack.extend(reversed(children.get(comment.key, [])))

    for root in children.get(None, []):
        place(root)
    for comment in comments:
        if comment.key not in placed:
            summary.notes["replies in a loop of replies, made top-level"] += 1
            children[comment.parent].remove(comment)
            place(replace(comment, parent=None))
    return ordered


def _is_kexue_address(path, target):
    """Whether a path is one Kexue answers itself, so an old address there would
    hide it (or never be reached). `target`: the post or page being imported."""
    address, _, query = path.partition("?")
    if query and address == "/":
        return False  # blog.legacy asks for /?p= and /?page_id= before the home page
    own_prefixes = [url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url.startswith("/")]
    if address.startswith(tuple(own_prefixes)):
        return True
    for candidate in (address, address + "/"):
        try:
            match = resolve(candidate)
        except Resolver404:
            continue
        if match.view_name == "blog:post_by_slug":
            # Kexue's /archives/<slug>/ redirects to the post with that slug.
            slug = match.kwargs["slug"]
            others = Post.objects.filter(slug=slug)
            if isinstance(target, Post):
                others = others.exclude(pk=target.pk)
            return others.exists()
        return True
    return False


def _member_with_email(email):
    if not email:
        return None
    User = get_user_model()
    member = User.objects.filter(email__iexact=email).order_by("pk").first()
    if member is None and apps.is_installed("allauth.account"):
        EmailAddress = apps.get_model("account", "EmailAddress")
        address = EmailAddress.objects.filter(email__iexact=email).select_related("user").first()
        member = address.user if address is not None else None
    return member


def _new_member(author):
    """A member for an author who has none; they claim it with a password reset."""
    User = get_user_model()
    email = author.email if _is_email(author.email) else ""
    member = User(
        username=_free_username(author.login),
        email=email,
        display_name=" ".join(author.display_name.split())[:50],
        first_name=author.first_name[:150],
        last_name=author.last_name[:150],
    )
    member.set_unusable_password()
    member.save()
    if email and apps.is_installed("allauth.account"):
        EmailAddress = apps.get_model("account", "EmailAddress")
        EmailAddress.objects.create(user=member, email=email, primary=True, verified=False)
    return member


def _free_username(login):
    User = get_user_model()
    length = User._meta.get_field("username").max_length - 10
    try:
        User.username_validator(login)
        base = login[:length]
    except ValidationError:
        base = slugify(login, allow_unicode=True)[:length] or "author"
    if base.lower() in RESERVED_USERNAMES:
        base = f"{base}-author"
    username, counter = base, 1
    while User.objects.filter(username__iexact=username).exists():
        counter += 1
        username = f"{base}-{counter}"
    return username


def _is_email(value):
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _move_sequence_past(model, pk):
    """After a row was written with a number of its own choosing, the id sequence
    must not hand that number out again."""
    if connection.vendor != "postgresql":
        return  # SQLite numbers new rows after the highest id anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), GREATEST(%s,"
            " COALESCE(pg_sequence_last_value(pg_get_serial_sequence(%s, 'id')), 0)))",
            [model._meta.db_table, pk, model._meta.db_table],
        )
