from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Category, Page, Post, Series, Tag


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


class SeriesSitemap(Sitemap):
    """Series with at least one public part."""

    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return (
            Series.objects.filter(parts__in=Post.objects.published())
            .annotate(last_part=Max("parts__updated_at"))
            .order_by("slug")
        )

    def lastmod(self, series):
        return series.last_part


class StaticPageSitemap(Sitemap):
    """The editors' static pages (About, FAQ …), published ones."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Page.objects.published().only("path", "updated_at").order_by("path")

    def lastmod(self, page):
        return page.updated_at


class ListSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["blog:home", "blog:archive"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": ListSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "series": SeriesSitemap,
    "static-pages": StaticPageSitemap,
}
