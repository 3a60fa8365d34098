"""Sidebar widgets: one query each, whatever the size of the archive."""

from django import template
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from blog.models import Category, Post, Tag

register = template.Library()

POPULAR_TAGS = 20
ARCHIVE_MONTHS = 24


def public_posts_count():
    public = Post.objects.published().values("pk")
    return Count("posts", filter=Q(posts__in=public), distinct=True)


@register.inclusion_tag("blog/widgets/categories.html")
def categories_widget():
    categories = Category.objects.annotate(post_count=public_posts_count()).filter(post_count__gt=0)
    return {"categories": categories}


@register.inclusion_tag("blog/widgets/tags.html")
def popular_tags_widget():
    tags = (
        Tag.objects.annotate(post_count=public_posts_count())
        .filter(post_count__gt=0)
        .order_by("-post_count", "name")[:POPULAR_TAGS]
    )
    return {"tags": tags}


@register.inclusion_tag("blog/widgets/months.html")
def monthly_archive_widget():
    months = (
        Post.objects.published()
        .annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(post_count=Count("id"))
        .order_by("-month")[:ARCHIVE_MONTHS]
    )
    return {"months": months}
