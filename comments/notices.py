"""What a member finds on their notifications page: replies to their comments
and new comments in the discussions they follow.

A notice is a public comment by someone else that answers one of the member's
comments, or that readers could first see (`Comment.approved_at`) after the
member began following its discussion (models.ThreadFollow). Notices are
derived from the comments on every request, never stored, so moderation,
deletion and unfollowing change them at once; only what the member marked read
is kept (models.ReadNotice). Every function here costs a fixed number of
queries, however many notices there are.
"""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from .models import Comment, ReadNotice, ThreadFollow
from .notice_versions import notices_changed

PER_PAGE = 20


def notices_for(member):
    """The member's notices, newest first, each with `is_read` and `is_reply`
    (answers one of the member's comments; else it is news of a followed thread)."""
    return (
        addressed_to(member)
        .annotate(is_read=Exists(read_by(member)), is_reply=Q(parent__author=member))
        .select_related("author", "post")
        .defer("body", "search_vector", "post__body", "post__body_html", "post__toc_html")
        # Newest first by when readers could first see them: a guest's reply
        # approved today is news today, whenever it was written. (Imported
        # comments have no approval time: their writing time stands in.)
        .annotate(shown_at=Coalesce("approved_at", "created_at"))
        .order_by("-shown_at", "-pk")
    )


def since_followed(member):
    """The member followed the comment's discussion before readers could see it."""
    return ThreadFollow.objects.confirmed().filter(
        member=member, post=OuterRef("post"), confirmed_at__lt=OuterRef("approved_at")
    )


def addressed_to(member):
    """Public comments by others that answer the member's or came after they followed."""
    return (
        Comment.objects.public()
        .filter(Q(parent__author=member) | Exists(since_followed(member)))
        .exclude(author=member)
    )


def read_by(member):
    return ReadNotice.objects.filter(member=member, comment=OuterRef("pk"))


def unread_count(member):
    """One COUNT, for the header beside the member's name, on every page a
    member sees. The notices of addressed_to, as two branches of a UNION
    rather than one OR: each reads by an index (replies by their parent, news
    by the followed posts), where the OR scanned every comment of the site
    (0.3 s with 50,000 comments). The UNION counts a reply in a followed
    discussion once."""
    unread = (
        Comment.objects.public()
        .exclude(author=member)
        .exclude(Exists(read_by(member)))
        .order_by()  # mptt's tree order, which a UNION's branches may not have
    )
    replies = unread.filter(parent__in=Comment.objects.filter(author=member).values("pk"))
    followed = ThreadFollow.objects.confirmed().filter(member=member).values("post")
    news = unread.filter(post__in=followed).filter(Exists(since_followed(member)))
    return replies.values("pk").union(news.values("pk")).count()


def mark_read(member, comment_id):
    """Marks one of the member's notices read. False when `comment_id` is not
    one of their notices: nothing is stored then."""
    if not notices_for(member).filter(pk=comment_id).exists():
        return False
    ReadNotice.objects.get_or_create(member=member, comment_id=comment_id)
    return True


def mark_all_read(member):
    """Marks every notice the member has now read; returns how many were unread."""
    unread = notices_for(member).filter(is_read=False).values_list("pk", flat=True)
    marked = [ReadNotice(member=member, comment_id=pk) for pk in unread]
    # ignore_conflicts: a second click (another tab) at the same moment is no error.
    ReadNotice.objects.bulk_create(marked, ignore_conflicts=True)
    if marked:  # bulk_create sends no post_save for the version's receiver
        notices_changed(member.pk)
    return len(marked)
