"""A member's own data, to take away: what the site holds about them, from every app.

Everything here is the member's own: the profile they filled in, their e-mail
addresses, their notification choices, follows and subscription to new posts,
which notices they marked read (by address only) and the comments they wrote
(with the address of each post). Nothing about anyone else: replies by others
are not included, only which comment each of theirs answered.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from blog.subscriptions import subscriptions_of
from comments.models import Comment

FORMAT_VERSION = 1


def member_data(member, base_url):
    def absolute(path):
        return f"{base_url}{path}"

    comments = (
        Comment.objects.filter(author=member).select_related("post").order_by("created_at", "pk")
    )
    return {
        "format": f"kexue-member-data/{FORMAT_VERSION}",
        "profile": {
            "username": member.username,
            "display_name": member.display_name,
            "website": member.website,
            "bio": member.bio,
            "avatar": absolute(member.avatar.url) if member.avatar else None,
            "date_joined": member.date_joined.isoformat(),
            "last_login": member.last_login.isoformat() if member.last_login else None,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=member).order_by("email")
        ],
        "notifications": {
            "replies_by_email": member.notify_on_reply,
            "follow_discussions_commented_in": member.follow_on_comment,
        },
        "following": [
            absolute(follow.post.get_absolute_url())
            for follow in member.thread_follows.select_related("post").order_by("created_at")
        ],
        "new_posts_by_email": [
            {"email": subscription.email, "since": subscription.confirmed_at.isoformat()}
            for subscription in subscriptions_of(member)
        ],
        "notices_read": [
            {
                "comment_url": absolute(reverse("comments:permalink", args=[read.comment_id])),
                "read": read.read_at.isoformat(),
            }
            for read in member.read_notices.order_by("read_at", "pk")
        ],
        "comments": [
            {
                "id": comment.pk,
                "post": comment.post.title,
                "post_url": absolute(comment.post.get_absolute_url()),
                "url": absolute(comment.get_absolute_url()),
                "in_reply_to": comment.parent_id,
                "written": comment.created_at.isoformat(),
                "edited": comment.edited_at.isoformat() if comment.edited_at else None,
                "status": comment.status,
                "deleted": comment.is_deleted,
                "body": comment.body,
            }
            for comment in comments
        ],
    }


@never_cache
@require_GET
@login_required
def download_member_data(request):
    """The signed-in member's data as a JSON file."""
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = JsonResponse(
        member_data(request.user, base_url), json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"kexue-data-{request.user.username}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
