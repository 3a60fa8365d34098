"""What a post page shows of its discussion, part by part, for one reader.

The `comment_thread` tag renders every part into the page; the page cache
fills (kexue/sitewide/personal.py) build one part at a time for a reader
whose own parts differ from the shared copy's. Both read the same contexts
here, so a filled page is the page that reader would have been rendered.
"""

from django.db.models import Q
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from kexue.caching import cached_fragment
from kexue.models import SiteSettings

from .forms import CommentForm
from .models import Comment
from .render import render_entries
from .thread import Thread, build_thread

GUEST_COMMENTS_SESSION_KEY = "comments:own-guest-comments"


def own_guest_ids(request):
    return request.session.get(GUEST_COMMENTS_SESSION_KEY, [])


def requested_page(request):
    """The discussion page asked for (?cpage=); None for the last."""
    try:
        return int(request.GET["cpage"])
    except (KeyError, ValueError):
        return None


def entries(post, request, own=None):
    """The comment list and its page links, as this reader sees them. A reader
    with no comments of their own here (`own`: has_own_entries, if known) sees
    what every stranger does, built once until the discussion changes."""
    page = requested_page(request)

    def build():
        thread = build_thread(post, request.user, page, own_guest_ids(request))
        html = render_entries(thread.entries, request.user)
        return Thread(page=thread.page, pages=thread.pages, count=thread.count), html

    if own is None:
        own = has_own_entries(post, request)
    if own:
        thread, html = build()
    else:
        name = f"comment-entries:{post.pk}:{page}:{get_language()}"
        thread, html = cached_fragment(name, build, shows_discussion=True)
    return {
        "post": post,
        "thread": thread,
        "entries_html": html,
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


def comment_form(post, user, site_settings=None):
    """The form under the discussion; None where this reader may not comment.
    `ticketed` (a CSRF token and a stamp in the form) for members only: a
    guest's form is the one the shared page cache serves every guest, and
    is made only when its cached HTML is not at hand (form_block.html)."""
    if not post.allow_comments:
        return None
    site_settings = site_settings or SiteSettings.current()
    if not user.is_authenticated and not site_settings.guests_may_comment:
        return None
    return SimpleLazyObject(
        lambda: CommentForm(post=post, user=user, ticketed=user.is_authenticated)
    )
