"""What a post page shows of its discussion, part by part, for one reader.

The `comment_thread` tag renders every part into the page; the page cache
fills (kexue/sitewide/personal.py) build one part at a time for a reader
whose own parts differ from the shared copy's. Both read the same contexts
here, so a filled page is the page that reader would have been rendered.
"""

from django.db.models import Q

from kexue.models import SiteSettings

from .forms import CommentForm
from .models import Comment
from .render import render_entries
from .thread import build_thread

GUEST_COMMENTS_SESSION_KEY = "comments:own-guest-comments"


def own_guest_ids(request):
    return request.session.get(GUEST_COMMENTS_SESSION_KEY, [])


def requested_page(request):
    """The discussion page asked for (?cpage=); None for the last."""
    try:
        return int(request.GET["cpage"])
    except (KeyError, ValueError):
        return None


def entries(post, request):
    """The comment list and its page links, as this reader sees them."""
    thread = build_thread(post, request.user, requested_page(request), own_guest_ids(request))
    return {
        "post": post,
        "thread": thread,
        "entries_html": render_entries(thread.entries, request.user),
        "page_range": range(1, thread.pages + 1),
    }


def has_own_entries(post, request):
    """Whether this reader's list differs from a stranger's: it shows their
    pending comments, and a Delete (and Edit, for a while) under their own."""
    user, guest_ids = request.user, own_guest_ids(request)
    if not user.is_authenticated and not guest_ids:
        return False
    mine = Q(status=Comment.Status.PENDING, pk__in=guest_ids)
    if user.is_authenticated:
        mine |= Q(author=user, status__in=[Comment.Status.PENDING, Comment.Status.APPROVED])
    return post.comments.filter(mine, is_deleted=False).exists()


def comment_form(post, user):
    """The form under the discussion; None where this reader may not comment.
    `ticketed` (a CSRF token and a stamp in the form) for members only: a
    guest's form is the one the shared page cache serves every guest."""
    if not post.allow_comments:
        return None
    if not user.is_authenticated and not SiteSettings.current().guests_may_comment:
        return None
    return CommentForm(post=post, user=user, ticketed=user.is_authenticated)
