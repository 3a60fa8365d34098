"""A WordPress export (WXR 1.0 to 1.2) read in a stream, as plain records.

The file is parsed with defusedxml's iterparse (no entity expansion, no
external references): each child of `<channel>` is handled when its end tag
is read and dropped at once, so memory holds one item, not the file.

Reading is done twice. `survey()` reads the whole file first: it refuses a
file that is not XML, is cut off, is malformed or is not a WordPress export,
checks every item, and keeps what the import needs before its first post (the
authors, categories, tags, where uploads lived, how many items of each kind).
Only then does `items()` read the items again for writing, so a bad file is
refused before anything is written.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.etree.ElementTree import ParseError
from xml.parsers.expat import errors as expat_errors

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils import timezone

WP_NAMESPACE = re.compile(r"https?://wordpress\.org/export/(?P<version>1\.[0-2])/")
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
# WordPress writes this for a date it never set (a draft's GMT date).
UNSET_DATE = "0000-00-00 00:00:00"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
TAXONOMIES = ("category", "post_tag")
IMPORTED_TYPES = ("post", "page")
# Where an upload sits below the uploads folder, when the file does not say:
# WordPress files uploads by year and month.
UPLOAD_PATH = re.compile(r"(?P<base>.*/)(?P<path>[0-9]{4}/[0-9]{2}/[^/]+)")
# What expat says when the input ends before the document does.
CUT_OFF = {
    expat_errors.codes[expat_errors.XML_ERROR_NO_ELEMENTS],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_TOKEN],
    expat_errors.codes[expat_errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
    expat_errors.codes[expat_errors.XML_ERROR_PARTIAL_CHAR],
}


class WxrError(ValueError):
    """A file that cannot be imported; the message is one clause naming the file and why."""


@dataclass(frozen=True)
class Author:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    id: str = ""  # wp:author_id, which comments' wp:comment_user_id refer to


@dataclass(frozen=True)
class Term:
    taxonomy: str  # "category" or "post_tag"
    slug: str  # as the file has it, often percent-encoded
    name: str
    description: str = ""


@dataclass(frozen=True)
class Comment:
    id: str
    parent: str  # "0" or "" for a top-level comment
    author: str
    email: str
    url: str
    ip: str
    date: datetime | None
    approved: str  # "1", "0", "spam", "trash"
    type: str  # "" or "comment"; "pingback", "trackback"
    user_id: str
    content: str


@dataclass(frozen=True)
class Item:
    number: int  # its place among the file's items, from 1
    post_id: int
    type: str  # wp:post_type: post, page, attachment, nav_menu_item…
    status: str  # wp:status: publish, future, draft, pending, private, trash…
    guid: str
    title: str
    link: str
    creator: str  # the author's login
    content: str
    excerpt: str
    date: datetime | None  # aware; None when the file never set one
    local_date: datetime | None  # naive, as the old site showed it (its permalinks use it)
    name: str  # wp:post_name, the slug, often percent-encoded
    sticky: bool
    password: str
    comments_open: bool
    terms: tuple[Term, ...]
    comments: tuple[Comment, ...]
    footnotes: str = ""  # the block editor's footnotes, JSON as WordPress keeps them
    attached_file: str = ""  # an attachment's path under wp-content/uploads
    attachment_url: str = ""

    def __str__(self):
        return f"item {self.number} (wp:post_id {self.post_id}, «{self.title[:40]}»)"


@dataclass
class Export:
    """What the first reading of a file found."""

    path: Path
    namespace: str
    version: str
    site_url: str = ""
    authors: dict[str, Author] = field(default_factory=dict)  # by login
    terms: list[Term] = field(default_factory=list)
    types: Counter = field(default_factory=Counter)  # items by wp:post_type
    # Where uploaded files were served from: an attachment's URL less its path.
    upload_urls: set[str] = field(default_factory=set)
    # GUIDs that more than one item carries (a known WordPress bug): such items
    # are known by their post id instead.
    shared_guids: set[str] = field(default_factory=set)
    creators: set[str] = field(default_factory=set)  # the logins that posts name
    without_creator: int = 0

    @property
    def name(self):
        return self.path.name

    def source_id(self, item):
        """What an item is known by in Kexue (Post.source_id): its GUID, unless
        another item has the same one."""
        if item.guid and item.guid not in self.shared_guids:
            return item.guid
        return f"{self.site_url.rstrip('/')}/?p={item.post_id}"


def survey(path):
    """Read the whole file once; returns an Export, or raises WxrError."""
    stream = _Stream(Path(path))
    guids = Counter()
    for element in stream:
        export = stream.export
        tag = _local(element.tag, export.namespace)
        if tag == "item":
            item = _item(element, export, 0)
            export.types[item.type] += 1
            if item.type in IMPORTED_TYPES:
                guids[item.guid] += 1
                if item.creator:
                    export.creators.add(item.creator)
                else:
                    export.without_creator += 1
            base = _upload_url(item)
            if base:
                export.upload_urls.add(base)
        elif tag == "author":
            author = _author(element, export)
            export.authors[author.login] = author
        elif tag in ("category", "tag", "term"):
            term = _term(element, tag, export)
            if term is not None:
                export.terms.append(term)
        elif tag == "base_blog_url" or (tag == "link" and not export.site_url):
            export.site_url = (element.text or "").strip()
    stream.export.shared_guids = {guid for guid, count in guids.items() if guid and count > 1}
    return stream.export


def items(export):
    """The file's items in order, read again; the file was surveyed first."""
    stream = _Stream(export.path)
    number = 0
    for element in stream:
        if _local(element.tag, export.namespace) == "item":
            number += 1
            yield _item(element, export, number)


class _Stream:
    """The complete children of <channel>, one at a time; each is dropped after use.

    `export` is known once the root element has been read."""

    def __init__(self, path):
        self.path = path
        self.export = None

    def __iter__(self):
        path, depth, declared = self.path, 0, []
        channel, seen_channel = None, False  # channel: the <channel> being read
        try:
            for event, value in iterparse(str(path), events=("start-ns", "start", "end")):
                if event == "start-ns":
                    declared.append(value[1])
                elif event == "start":
                    depth += 1
                    if depth == 1:
                        self.export = _export(path, value, declared)
                    elif depth == 2 and value.tag == "channel" and not seen_channel:
                        channel, seen_channel = value, True
                else:
                    if depth == 3 and channel is not None:
                        yield value
                        del channel[:]
                    elif depth == 2 and value is channel:
                        channel = None
                    depth -= 1
        except FileNotFoundError:
            raise WxrError(f"there is no file {path}") from None
        except IsADirectoryError:
            raise WxrError(f"{path} is a folder, not an export file") from None
        except PermissionError:
            raise WxrError(f"{path} cannot be read (permission denied)") from None
        except DefusedXmlException:
            raise WxrError(
                f"{path.name} declares XML entities or external references, which an export "
                "never needs and which are refused for safety"
            ) from None
        except ParseError as error:
            raise _parse_error(path, error, started=self.export is not None) from None
        if not seen_channel:
            raise WxrError(f"{path.name} is RSS but not a WordPress export: it has no <channel>")


def _export(path, root, declared):
    if root.tag != "rss":
        raise WxrError(
            f"{path.name} is XML but not a WordPress export: its root element is "
            f"<{_plain(root.tag)}>, not <rss>"
        )
    for namespace in declared:
        match = WP_NAMESPACE.fullmatch(namespace)
        if match:
            return Export(path=path, namespace=namespace, version=match["version"])
    raise WxrError(
        f"{path.name} is RSS but not a WordPress export: it declares no WordPress export "
        "namespace (http://wordpress.org/export/1.2/)"
    )


def _parse_error(path, error, started):
    line = error.position[0]
    message = str(error).split(":", 1)[0]
    if path.stat().st_size == 0:
        return WxrError(f"{path.name} is empty")
    if error.code in CUT_OFF:
        return WxrError(
            f"{path.name} ends at line {line} in the middle of the export: the file is "
            "truncated (download or copy it again)"
        )
    if not started:
        return WxrError(f"{path.name} is not an XML file, so it is no WordPress export")
    return WxrError(f"{path.name} is not well-formed XML: {message} at line {line}")


def _upload_url(item):
    """The address of the uploads folder, from an attachment's URL, or ""."""
    url = item.attachment_url
    if item.attached_file and url.endswith("/" + item.attached_file):
        return url[: -len(item.attached_file)]
    match = UPLOAD_PATH.fullmatch(url)
    return match["base"] if match else ""


def _local(tag, namespace):
    """An element's name without the wp namespace ("item" stays "item")."""
    prefix = "{" + namespace + "}"
    return tag[len(prefix) :] if tag.startswith(prefix) else tag


def _plain(tag):
    return tag.rsplit("}", 1)[-1]


def _text(element, tag):
    return (element.findtext(tag) or "").strip()


def _author(element, export):
    wp = "{" + export.namespace + "}"
    login = _text(element, wp + "author_login")
    if not login:
        raise WxrError(f"{export.name} has a <wp:author> without a login")
    return Author(
        login=login,
        email=_text(element, wp + "author_email"),
        display_name=_text(element, wp + "author_display_name"),
        first_name=_text(element, wp + "author_first_name"),
        last_name=_text(element, wp + "author_last_name"),
        id=_text(element, wp + "author_id"),
    )


def _term(element, tag, export):
    """A category or tag the channel declares; None for other taxonomies."""
    wp = "{" + export.namespace + "}"
    if tag == "category":
        taxonomy = "category"
        slug, name = _text(element, wp + "category_nicename"), _text(element, wp + "cat_name")
        description = _text(element, wp + "category_description")
    elif tag == "tag":
        taxonomy = "post_tag"
        slug, name = _text(element, wp + "tag_slug"), _text(element, wp + "tag_name")
        description = _text(element, wp + "tag_description")
    else:
        taxonomy = _text(element, wp + "term_taxonomy")
        slug, name = _text(element, wp + "term_slug"), _text(element, wp + "term_name")
        description = _text(element, wp + "term_description")
    if taxonomy not in TAXONOMIES:
        return None
    return Term(taxonomy=taxonomy, slug=slug or name, name=name or slug, description=description)


def _item(element, export, number):
    wp = "{" + export.namespace + "}"
    title = _text(element, "title")
    post_id = _text(element, wp + "post_id")
    where = f"{export.name}, the item «{title[:40]}»"
    if not post_id.isdigit() or int(post_id) == 0:
        raise WxrError(f"{where} has the wp:post_id {post_id!r}, not a positive number")
    local = _date(element, wp + "post_date", where)
    date = _moment(_date(element, wp + "post_date_gmt", where), local)
    if local is None and date is not None:
        local = timezone.make_naive(date, timezone.get_default_timezone())
    meta = {
        _text(entry, wp + "meta_key"): _text(entry, wp + "meta_value")
        for entry in element.iterfind(wp + "postmeta")
    }
    return Item(
        number=number,
        post_id=int(post_id),
        type=_text(element, wp + "post_type") or "post",
        status=_text(element, wp + "status") or "publish",
        guid=_text(element, "guid"),
        title=title,
        link=_text(element, "link"),
        creator=_text(element, CREATOR),
        content=_text(element, CONTENT),
        excerpt=_text(element, "{" + export.namespace + "excerpt/}encoded"),
        date=date,
        local_date=local,
        name=_text(element, wp + "post_name"),
        sticky=_text(element, wp + "is_sticky") == "1",
        password=_text(element, wp + "post_password"),
        comments_open=_text(element, wp + "comment_status") != "closed",
        terms=tuple(
            Term(
                taxonomy=category.get("domain"),
                slug=(category.get("nicename") or "").strip(),
                name=(category.text or "").strip(),
            )
            for category in element.iterfind("category")
            if category.get("domain") in TAXONOMIES
        ),
        comments=tuple(
            _comment(comment, wp, where) for comment in element.iterfind(wp + "comment")
        ),
        footnotes=meta.get("footnotes", ""),
        attached_file=meta.get("_wp_attached_file", ""),
        attachment_url=_text(element, wp + "attachment_url"),
    )


def _comment(element, wp, where):
    comment_id = _text(element, wp + "comment_id")
    if not comment_id:
        raise WxrError(f"{where} has a comment without a wp:comment_id")
    where = f"{where}, comment {comment_id}"
    date = _moment(
        _date(element, wp + "comment_date_gmt", where), _date(element, wp + "comment_date", where)
    )
    return Comment(
        id=comment_id,
        parent=_text(element, wp + "comment_parent"),
        author=_text(element, wp + "comment_author"),
        email=_text(element, wp + "comment_author_email"),
        url=_text(element, wp + "comment_author_url"),
        ip=_text(element, wp + "comment_author_IP"),
        date=date,
        approved=_text(element, wp + "comment_approved"),
        type=_text(element, wp + "comment_type"),
        user_id=_text(element, wp + "comment_user_id"),
        content=_text(element, wp + "comment_content"),
    )


def _date(element, tag, where):
    """A naive datetime, or None for a date the file leaves unset."""
    value = _text(element, tag)
    if not value or value == UNSET_DATE:
        return None
    try:
        return datetime.strptime(value, DATE_FORMAT)
    except ValueError:
        raise WxrError(
            f"{where} has the {_plain(tag)} {value!r}, not a date like 2019-03-17 20:30:00"
        ) from None


def _moment(gmt, local):
    """The GMT date when set, else the local one read in the site's time zone."""
    if gmt is not None:
        return gmt.replace(tzinfo=UTC)
    if local is not None:
        return timezone.make_aware(local, timezone.get_default_timezone())
    return None
