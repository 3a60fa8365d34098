"""The numbers an editor opens the admin for: drafts, scheduled posts, pending comments."""

from django import template
from django.utils import timezone

from blog.models import Post
from comments.models import Comment

register = template.Library()


@register.inclusion_tag("admin/includes/editor_counts.html", takes_context=True)
def editor_counts(context):
    user = context["request"].user
    counts = {}
    if user.has_perm("blog.change_post"):
        posts = Post.objects.all()
        counts["drafts"] = posts.filter(status=Post.Status.DRAFT).count()
        counts["scheduled"] = posts.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        ).count()
    if user.has_perm("comments.change_comment"):
        counts["pending"] = Comment.objects.pending().count()
    return {"counts": counts}
