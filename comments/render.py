"""A discussion as HTML, in one pass over its entries.

A thread of a thousand comments through a template (even a single loop) spends
most of its time resolving variables, formatting dates and reversing URLs per
comment. Here everything that does not change between comments (translated
words, URL shapes, each writer's name and avatar) is prepared once, and each
comment is one format string with escaped values: about ten times faster.
Every value that is not already sanitized HTML goes through `escape`.
"""

from html import escape
from urllib.parse import quote

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kexue.safe_urls import is_web_url

PLACEHOLDER = "987654321"

ENTRY = (
    '<article id="comment-{id}" class="comment indent-{indent}" data-comment-id="{id}" '
    'data-depth="{depth}" data-tree="{tree}"{old}>\n'
    '  <header class="comment-meta">\n'
    '    <img class="avatar" src="{avatar}" alt="" width="36" height="36" loading="lazy">\n'
    "    {author}\n"
    '    <a class="comment-date" href="#comment-{id}"><time datetime="{iso}">{date}</time></a>'
    "{extras}\n"
    "  </header>\n"
    '  <div class="comment-body math-scope tex2jax_ignore">{body}</div>\n'
    '  <footer class="comment-actions">{actions}</footer>\n'
    "</article>\n"
)
PLACEHOLDER_ENTRY = (
    '<article id="comment-{id}" class="comment indent-{indent} comment-placeholder" '
    'data-comment-id="{id}" data-depth="{depth}" data-tree="{tree}"{old}>\n'
    '  <p class="placeholder-text">{text}</p>\n'
    "</article>\n"
)


def old_id(comment):
    """An imported comment whose old id could not become its pk carries the old id,
    so that comments.js can bring a link to the old #comment-ID anchor to it."""
    if comment.source_id and comment.source_id != str(comment.pk):
        return f' data-old-id="{escape(comment.source_id)}"'
    return ""


def url_shape(name):
    """reverse() once; the comment id is filled in by str.format for each comment."""
    return reverse(name, args=[PLACEHOLDER]).replace(PLACEHOLDER, "{}")


class ThreadRenderer:
    def __init__(self, viewer):
        self.viewer_id = viewer.pk if viewer.is_authenticated else None
        self.words = {
            "reply": escape(gettext("Reply")),
            "edit": escape(gettext("Edit")),
            "delete": escape(gettext("Delete")),
            "awaiting": escape(gettext("Awaiting moderation")),
            "edited": escape(gettext("edited")),
            "deleted": escape(gettext("This comment was deleted.")),
            "unavailable": escape(gettext("This comment is not available.")),
        }
        self.in_reply_to = gettext("in reply to @%(name)s")
        self.urls = {
            "reply": url_shape("comments:reply"),
            "edit": url_shape("comments:edit"),
            "delete": url_shape("comments:delete"),
        }
        self.avatar_shape = reverse("members:default_avatar", args=[PLACEHOLDER]).replace(
            PLACEHOLDER, "{}"
        )
        self.writers = {}
        # Django's localtime() checks and looks up the zone again for every call.
        self.zone = timezone.get_current_timezone()

    def writer(self, comment):
        """(avatar URL, author HTML) for a comment's writer, worked out once per member."""
        if comment.author_id is None:
            name = escape(comment.guest_name)
            # A slash would end the URL segment the avatar view reads the name from.
            seed = (comment.guest_name or "guest").replace("/", " ")
            avatar = self.avatar_shape.format(quote(seed, safe=""))
            # Checked again here: an import or the shell may have stored anything.
            if is_web_url(comment.guest_website):
                website = escape(comment.guest_website)
                link = f'<a class="comment-author" href="{website}" rel="nofollow ugc noopener">'
                return avatar, f"{link}{name}</a>"
            return avatar, f'<span class="comment-author">{name}</span>'
        if comment.author_id not in self.writers:
            member = comment.author
            name = escape(str(member.display_name_for_public))
            if member.is_deleted:
                avatar = self.avatar_shape.format("deleted")
                author = f'<span class="comment-author">{name}</span>'
            else:
                avatar = escape(member.avatar_url)
                profile = escape(member.get_absolute_url())
                author = f'<a class="comment-author" href="{profile}">{name}</a>'
            self.writers[comment.author_id] = (avatar, author)
        return self.writers[comment.author_id]

    def extras(self, entry):
        comment, parts = entry.comment, []
        if entry.beyond_indent and entry.reply_to:
            name = escape(str(entry.reply_to.comment.author_name))
            text = self.in_reply_to % {"name": name}
            parts.append(
                f'<a class="in-reply-to" href="#comment-{entry.reply_to.comment.pk}">{text}</a>'
            )
        if entry.own_pending:
            parts.append(f'<span class="awaiting">{self.words["awaiting"]}</span>')
        if comment.edited_at:
            parts.append(f'<span class="edited">{self.words["edited"]}</span>')
        return "".join(f"\n    {part}" for part in parts)

    def actions(self, comment):
        links = []
        if comment.is_approved:
            url = self.urls["reply"].format(comment.pk)
            links.append(
                f'<a class="reply-link" href="{url}" data-reply-to="{comment.pk}">'
                f"{self.words['reply']}</a>"
            )
        if self.viewer_id is not None and comment.author_id == self.viewer_id:
            for action in ("edit", "delete"):
                url = self.urls[action].format(comment.pk)
                links.append(f'<a href="{url}">{self.words[action]}</a>')
        return " ".join(links)

    def entry(self, entry):
        comment = entry.comment
        shape = {"id": comment.pk, "indent": entry.indent, "depth": entry.depth,
                 "tree": comment.tree_id, "old": old_id(comment)}  # fmt: skip
        if not entry.shown:
            text = self.words["deleted" if comment.is_deleted else "unavailable"]
            return PLACEHOLDER_ENTRY.format(text=text, **shape)
        avatar, author = self.writer(comment)
        written = comment.created_at.astimezone(self.zone)
        return ENTRY.format(
            avatar=avatar,
            author=author,
            iso=written.isoformat(timespec="seconds"),
            date=f"{written:%Y-%m-%d %H:%M}",
            extras=self.extras(entry),
            body=comment.body_html,  # sanitized by the comment pipeline when saved
            actions=self.actions(comment),
            **shape,
        )


def render_entries(entries, viewer):
    renderer = ThreadRenderer(viewer)
    return mark_safe("".join(renderer.entry(entry) for entry in entries))  # noqa: S308
