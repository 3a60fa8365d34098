"""What the blog and member pages show of the discussion, without importing it."""

from django import template
from django.db.models import Count
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from comments import page_parts
from comments.follows import is_following
from comments.models import Comment
from kexue.caching import cached_fragment, content_version

register = template.Library()

RECENT_COMMENTS = 8


@register.filter
def with_comment_counts(posts):
    """The posts, each with `comment_count`, counted in one query for the lot."""
    posts = list(posts)
    # The posts are already the public ones: no need to re-check them here.
    counts = dict(
        Comment.objects.shown()
        .filter(post__in=[post.pk for post in posts])
        .order_by()  # mptt's default ordering would split the groups
        .values_list("post")
        .annotate(count=Count("id"))
        .values_list("post", "count")
    )
    for post in posts:
        post.comment_count = counts.get(post.pk, 0)
    return posts


@register.inclusion_tag("comments/thread.html", takes_context=True)
def comment_thread(context, post):
    request = context["request"]
    return {
        **page_parts.entries(post, request),
        "request": request,
        "user": request.user,
        "form": page_parts.comment_form(post, request.user, context.get("site_settings")),
        "ticketed": request.user.is_authenticated,
        "following": is_following(post, request.user),
        # An inclusion tag's context holds only what it is given: the guests'
        # form is cached (form_block.html) on these.
        "LANGUAGE_CODE": context.get("LANGUAGE_CODE") or get_language(),
        "content_version": context.get("content_version") or content_version(),
    }


@register.simple_tag
def reply_target(parent):
    """Whom a reply form answers: their name, linking to their comment. Without a
    parent (the form under the discussion, which the shared cache may serve to
    anyone) the link is empty, for comments.js to fill in when Reply is pressed."""
    if not parent:  # None, or "" when the template has no such variable
        return mark_safe('<a class="replying-to-name" href="" data-replying-name></a>')
    return format_html(
        '<a class="replying-to-name" href="{}" data-replying-name>{}</a>',
        parent.get_absolute_url(),
        parent.author_name,
    )


@register.inclusion_tag("comments/widgets/recent.html")
def recent_comments_widget():
    def build():
        comments = (
            Comment.objects.public()
            .select_related("author", "post")
            .defer("post__body", "post__body_html", "post__toc_html", "post__excerpt_html")
            .newest_first()
        )
        return list(comments[:RECENT_COMMENTS])

    return {"comments": cached_fragment("widget:recent-comments", build, shows_discussion=True)}


@register.inclusion_tag("comments/widgets/member_comments.html")
def member_recent_comments(member, count=10):
    comments = Comment.objects.public().by_member(member).select_related("post", "author")
    return {"comments": comments.newest_first()[:count]}
