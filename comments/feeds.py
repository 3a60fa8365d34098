"""Feeds of comments. Django makes one instance of each class for the URL
configuration and serves every request with it, so nothing about a request
is kept on `self`: what a request is about travels as `obj`."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from blog.models import Post
from kexue.models import SiteSettings

from .models import Comment

FEED_SIZE = 30


class LatestComments(Feed):
    def title(self, obj=None):
        return _("Comments on %(site)s") % {"site": SiteSettings.current().site_name}

    def link(self, obj=None):
        return "/"

    def description(self, obj=None):
        return self.title(obj)

    def public_comments(self, obj):
        return Comment.objects.public()

    def items(self, obj=None):
        comments = self.public_comments(obj).select_related("author", "post")
        return comments.newest_first()[:FEED_SIZE]

    def item_title(self, comment):
        return _("%(name)s on %(post)s") % {"name": comment.author_name, "post": comment.post.title}

    def item_description(self, comment):
        return comment.body_html

    def item_pubdate(self, comment):
        return comment.created_at

    def item_author_name(self, comment):
        return comment.author_name


class PostComments(LatestComments):
    def get_object(self, request, post_id):
        return get_object_or_404(Post.objects.published(), pk=post_id)

    def title(self, post):
        return _("Comments on %(post)s") % {"post": post.title}

    def link(self, post):
        return post.get_absolute_url()

    def public_comments(self, post):
        return post.comments.public()
