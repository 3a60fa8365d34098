"""A post's discussion as JSON, the file `export_markdown` writes and `import_markdown` reads.

`comments/<post slug>.json` holds the post's comments in display order, every
reply after the comment it answers::

    {"comments": [
      {"id": 12, "parent": null, "name": "晓青", "member": "xiaoqing",
       "date": "2024-05-01T20:30:00+08:00", "status": "approved", "body": "…"},
      {"id": 13, "parent": 12, "name": "李雷", "website": "https://lilei.example.org/",
       "date": "2024-05-02T09:00:00+08:00", "status": "pending", "body": "…"}
    ]}

- `id`: the comment's number on the site that wrote the file (its `#comment-ID`
  anchor); `parent`: the id of the comment it replies to, or null.
- `name`: the writer's name as readers see it. `member`: the member's username,
  which the site shows anyway (their profile's address); absent for guests and
  for members who deleted their account. A member who has no account on the
  importing site keeps the comment as a guest under `name`.
- `website`: the link a guest gave with the name. `date`, and `edited` when the
  writer edited it: ISO 8601 with an offset. `status`: pending, approved, spam
  or removed. `deleted`: true for a comment its writer deleted; readers see a
  placeholder, so the file keeps its place in the thread but not its `body`.
- Only with `--include-private`: a guest's `email` and `wants_replies`, the
  writer's `ip_address`, and a deleted comment's `body`.
"""

import json
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from comments.importing import ImportedComment
from comments.models import Comment

# What a deleted comment's placeholder stands on when its text was not exported;
# readers never see it.
WITHHELD_BODY = "[deleted]"
STATUSES = Comment.Status.values


def dump_discussion(comments, *, include_private=False):
    """The JSON text of these comments (in display order, authors selected)."""
    entries = [_entry(comment, include_private) for comment in comments]
    return json.dumps({"comments": entries}, ensure_ascii=False, indent=2) + "\n"


def _entry(comment, include_private):
    entry = {"id": comment.pk, "parent": comment.parent_id, "name": str(comment.author_name)}
    member = comment.author
    if member is not None and not member.is_deleted:
        entry["member"] = member.username
    if member is None and comment.guest_website:
        entry["website"] = comment.guest_website
    entry["date"] = timezone.localtime(comment.created_at).isoformat()
    if comment.edited_at:
        entry["edited"] = timezone.localtime(comment.edited_at).isoformat()
    entry["status"] = comment.status
    if comment.is_deleted:
        entry["deleted"] = True
    if include_private or not comment.is_deleted:
        entry["body"] = comment.body
    if include_private:
        if member is None and comment.guest_email:
            entry["email"] = comment.guest_email
            entry["wants_replies"] = comment.guest_wants_replies
        if comment.ip_address:
            entry["ip_address"] = comment.ip_address
    return entry


@dataclass(frozen=True)
class Discussion:
    """A discussion file, read and checked, ready for comments.importing."""

    comments: list[ImportedComment]
    deleted: set[str]  # keys of comments their writers deleted
    edited: dict[str, datetime]  # key: when its writer last edited it
    strangers: list[str]  # usernames with no account here, kept as guests


def load_discussion(text):
    """The comments of a discussion file's text; raises ValueError saying what is wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        raise ValueError('not a discussion: expected {"comments": [...]}')
    entries = data["comments"]
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ValueError(f"comment {number} is not an object of named fields")
    usernames = {entry["member"] for entry in entries if isinstance(entry.get("member"), str)}
    members = set(
        get_user_model().objects.filter(username__in=usernames).values_list("username", flat=True)
    )
    comments, deleted, edited, strangers = [], set(), {}, []
    for number, entry in enumerate(entries, 1):
        try:
            comment = _comment(entry, members)
        except ValueError as error:
            raise ValueError(f"comment {number}: {error}") from None
        if comment.member is None and isinstance(entry.get("member"), str):
            strangers.append(entry["member"])
        if entry.get("deleted"):
            deleted.add(comment.key)
        if entry.get("edited") is not None:
            edited[comment.key] = _time(entry, "edited")
        comments.append(comment)
    return Discussion(comments, deleted, edited, sorted(set(strangers)))


def _comment(entry, members):
    key = _id(entry, "id")
    if key is None:
        raise ValueError("no id")
    parent = _id(entry, "parent")
    name = _text(entry, "name")
    member = _text(entry, "member") or None
    if member not in members:
        member = None
        if not name.strip():
            raise ValueError("no name")
    status = entry.get("status", Comment.Status.APPROVED)
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r} (use {', '.join(STATUSES)})")
    deleted = entry.get("deleted", False)
    if not isinstance(deleted, bool):
        raise ValueError(f"deleted is {deleted!r}, not true or false")
    body = _text(entry, "body")
    if not body.strip():
        if not deleted:
            raise ValueError("no body")
        body = WITHHELD_BODY
    wants_replies = entry.get("wants_replies", False)
    if not isinstance(wants_replies, bool):
        raise ValueError(f"wants_replies is {wants_replies!r}, not true or false")
    return ImportedComment(
        key=key,
        parent=parent,
        body=body,
        member=member,
        guest_name="" if member else name,
        guest_email=_text(entry, "email"),
        guest_wants_replies=wants_replies,
        guest_website=_text(entry, "website"),
        ip_address=_text(entry, "ip_address") or None,
        created_at=_time(entry, "date"),
        status=status,
        source_id=key,
    )


def _id(entry, name):
    value = entry.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} is {value!r}, not a comment number")
    return str(value)


def _text(entry, name):
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise ValueError(f"{name} must be text, not {value!r}")
    return value


def _time(entry, name):
    """The moment a field names; None when the file leaves it out (the time of loading)."""
    value = entry.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a date and time like 2024-05-01T20:30:00+08:00")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"cannot read the {name} {value!r}") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment
