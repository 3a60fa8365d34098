"""Sidebar widgets: read from the kept counts (blog.tallies), so they cost the
same whatever the size of the archive, and cached until the content changes
(they are the same for every visitor)."""

from django import template
from django.utils.translation import get_language

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
        years = years_of_months(tallies.months())
        return [(year, year.month_links()) for year in years]

    # Month names follow the language.
    return {"years": cached_fragment(f"widget:years:{get_language()}", build)}
