"""RSS and Atom feeds of posts with full content: one base, tiny subclasses."""

import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from kexue.models import SiteSettings

from .models import Category, Post

FEED_SIZE = 20
RELATIVE_URL = re.compile(r'(\s(?:href|src))="(/[^/"][^"]*|#[^"]*)"')


def absolute_urls(html, base_url, page_url):
    """Feed readers have no page to resolve links against: make every URL absolute."""

    def replace(match):
        attribute, url = match.groups()
        return f'{attribute}="{page_url if url.startswith("#") else base_url}{url}"'

    return RELATIVE_URL.sub(replace, html)


class PostsRss(Feed):
    def __call__(self, request, *args, **kwargs):
        self.base_url = request.build_absolute_uri("/").rstrip("/")
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes hundreds of small pieces; send one body.
        response.content = response.content
        return response

    def title(self, obj=None):
        return SiteSettings.current().site_name

    def description(self, obj=None):
        return SiteSettings.current().tagline

    def link(self, obj=None):
        return "/"

    def public_posts(self, obj):
        return Post.objects.published().for_listing()

    def items(self, obj=None):
        return self.public_posts(obj)[:FEED_SIZE]

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        page_url = self.base_url + post.get_absolute_url()
        return absolute_urls(post.body_html, self.base_url, page_url)

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.author.get_full_name() or post.author.get_username()

    def item_categories(self, post):
        return [post.category.name] if post.category else []


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    subtitle = PostsRss.description


class CategoryFeed(PostsRss):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return f"{SiteSettings.current().site_name} · {category.name}"

    def link(self, category):
        return category.get_absolute_url()

    def public_posts(self, category):
        return super().public_posts(category).filter(category=category)
