from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Category, Post, Tag


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Post.objects.published().only("id", "updated_at").order_by("-published_at")

    def lastmod(self, post):
        return post.updated_at


class TaxonomySitemap(Sitemap):
    """Categories and tags that have at least one public post."""

    changefreq = "weekly"
    priority = 0.5
    model = None

    def items(self):
        public = Post.objects.published()
        return (
            self.model.objects.filter(posts__in=public)
            .annotate(last_post=Max("posts__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.last_post


class CategorySitemap(TaxonomySitemap):
    model = Category


class TagSitemap(TaxonomySitemap):
    model = Tag


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["blog:home", "blog:archive"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
