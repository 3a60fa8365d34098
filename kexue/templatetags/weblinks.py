"""Stored addresses (a member's website, a guest's, an imported one) become
links only when they are web addresses.

A form checks an address when someone types it, but an import, the admin's
shell or an old row can store anything; pages check again as they print.
"""

from django import template

from kexue.safe_urls import is_web_url

register = template.Library()


@register.filter
def web_url(value):
    """The address when a link may lead to it (http or https with a host), else ""."""
    return value if is_web_url(value) else ""
