"""Sidebar widgets: read from the kept counts (blog.tallies), so they cost the
same whatever the size of the archive, and cached until the content changes
(they are the same for every visitor)."""

from django import template

from blog import tallies
from blog.archive import years_of_months
from kexue.caching import cached_fragment

register = template.Library()

POPULAR_TAGS = 20


@register.inclusion_tag("blog/widgets/categories.html")
def categories_widget():
    return {"categories": cached_fragment("widget:categories", tallies.categories)}


@register.inclusion_tag("blog/widgets/tags.html")
def popular_tags_widget():
    def build():
        return tallies.popular_tags(POPULAR_TAGS)

    return {"tags": cached_fragment("widget:tags", build)}


@register.inclusion_tag("blog/widgets/years.html")
def archive_years_widget():
    def build():
        return years_of_months(tallies.months())

    return {"years": cached_fragment("widget:years", build)}
