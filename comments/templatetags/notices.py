"""The unread count beside a member's name in the site header."""

from django import template

from comments.notices import unread_count

register = template.Library()


@register.simple_tag
def unread_notice_count(user):
    """One COUNT query for a member; none for an anonymous reader."""
    return unread_count(user) if user.is_authenticated else 0
