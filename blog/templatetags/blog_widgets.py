"""Sidebar widgets: one query each, whatever the size of the archive, and
cached until the content changes (they are the same for every visitor)."""

from django import template
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from blog.models import Category, Post, Tag
from kexue.caching import cached_fragment

register = template.Library()

POPULAR_TAGS = 20
ARCHIVE_MONTHS = 24


def public_posts_count():
    public = Post.objects.published().values("pk")
    return Count("posts", filter=Q(posts__in=public), distinct=True)


@register.inclusion_tag("blog/widgets/categories.html")
def categories_widget():
    def build():
        counted = Category.objects.annotate(post_count=public_posts_count())
        return list(counted.filter(post_count__gt=0))

    return {"categories": cached_fragment("widget:categories", build)}


@register.inclusion_tag("blog/widgets/tags.html")
def popular_tags_widget():
    def build():
        counted = Tag.objects.annotate(post_count=public_posts_count()).filter(post_count__gt=0)
        return list(counted.order_by("-post_count", "name")[:POPULAR_TAGS])

    return {"tags": cached_fragment("widget:tags", build)}


@register.inclusion_tag("blog/widgets/months.html")
def monthly_archive_widget():
    def build():
        months = (
            Post.objects.published()
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(post_count=Count("id"))
            .order_by("-month")
        )
        return list(months[:ARCHIVE_MONTHS])

    return {"months": cached_fragment("widget:months", build)}
