"""RSS and Atom feeds of posts with full content: one base, tiny subclasses."""

import re
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from kexue import licences
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


@dataclass(frozen=True)
class FeedRequest:
    """What one request asks of a feed. Django makes one Feed instance for every
    request, so whatever differs between requests travels here, as `obj`."""

    base_url: str
    category: Category | None = None


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


class PostsRss(Feed):
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes hundreds of small pieces; send one body.
        response.content = response.content
        return response

    def get_object(self, request):
        return FeedRequest(site_url(request))

    def title(self, feed):
        return SiteSettings.current().site_name

    def description(self, feed):
        return SiteSettings.current().local_tagline

    def feed_copyright(self, feed):
        site = SiteSettings.current()
        return licences.statement(site.chosen_licence, site.site_name)

    def link(self, feed):
        return "/"

    def public_posts(self, feed):
        return Post.objects.published().for_listing()

    def items(self, feed):
        posts = list(self.public_posts(feed)[:FEED_SIZE])
        # Item hooks are handed the item alone: each post carries its feed body.
        for post in posts:
            page_url = feed.base_url + post.get_absolute_url()
            post.feed_html = absolute_urls(post.body_html, feed.base_url, page_url)
        return posts

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return post.feed_html

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        return post.author.get_full_name() or post.author.get_username()

    def item_categories(self, post):
        return [post.category.local_name] if post.category else []


class PostsAtom(PostsRss):
    feed_type = Atom1Feed
    subtitle = PostsRss.description


class CategoryFeed(PostsRss):
    def get_object(self, request, slug):
        return FeedRequest(site_url(request), get_object_or_404(Category, slug=slug))

    def title(self, feed):
        return f"{SiteSettings.current().site_name} · {feed.category.local_name}"

    def link(self, feed):
        return feed.category.get_absolute_url()

    def public_posts(self, feed):
        return super().public_posts(feed).filter(category=feed.category)
