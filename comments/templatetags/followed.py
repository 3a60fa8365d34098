"""The member settings page's list of followed discussions
(templates/comments/includes/settings_follows.html)."""

from django import template

from comments.follows import followed_by

register = template.Library()


@register.simple_tag
def followed_discussions(member):
    return list(followed_by(member))
