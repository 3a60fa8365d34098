"""The unread count beside a member's name in the site header."""

from django import template

from comments.unread import cached_unread_count

register = template.Library()


@register.simple_tag
def unread_notice_count(user):
    """Kept in the cache until the member's notices may change (comments/unread.py);
    nothing for an anonymous reader."""
    return cached_unread_count(user) if user.is_authenticated else 0
