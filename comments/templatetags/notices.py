"""The unread count beside a member's name in the site header."""

from django import template

from comments.unread import cached_unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notice_count(context, user):
    """Kept in the cache until the member's notices may change (comments/unread.py);
    nothing for an anonymous reader. The page cache leaves on the request the
    page version it read (kexue/sitewide/page_cache.py): not read twice."""
    if not user.is_authenticated:
        return 0
    return cached_unread_count(user, getattr(context.get("request"), "page_version", None))
