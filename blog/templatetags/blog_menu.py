from django import template

from blog.menu import menu_links

register = template.Library()


@register.simple_tag
def page_menu():
    """The header's static pages: [(title, url)] (blog.menu)."""
    return menu_links()
