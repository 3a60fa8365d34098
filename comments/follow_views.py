"""The pages of following a discussion: the toggle, a guest's request, the
confirmation link and the one-click unfollow link (comments/follows.py)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from blog.models import Post

from . import follows, limits
from .forms import FollowByEmailForm


def site_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def discussion_url(post):
    return post.get_absolute_url() + "#comments"


def back_to(request, default):
    """The page the form came from (the member's settings) when it is one of ours."""
    wanted = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return default


def refused(request, refusal):
    """A link that does nothing: say why, change nothing."""
    context = {"title": _("This link does not work"), "message": str(refusal)}
    return render(request, "comments/follow_page.html", context, status=400)


@require_POST
def toggle(request, post_id):
    """A member's follow / stop following button. A guest is sent to give an address."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if not request.user.is_authenticated:
        return redirect("comments:follow_by_email", post.pk)
    if request.POST.get("action") == "unfollow":
        follows.unfollow_as_member(post, request.user)
        messages.success(request, _("You no longer follow this discussion."))
        return redirect(back_to(request, discussion_url(post)))
    try:
        follows.follow_as_member(post, request.user, site_url(request))
    except follows.FollowRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You follow this discussion: new comments come by e-mail."))
    return redirect(discussion_url(post))


def follow_by_email(request, post_id):
    """A guest gives the address that should follow; a confirmation mail goes there."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if request.user.is_authenticated:
        return redirect(discussion_url(post))  # members have the button
    form = FollowByEmailForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if limits.may_ask_to_follow(request, email):
            follows.ask_to_follow(post, email, site_url(request))
            # The same words whether the address follows already or not.
            messages.info(
                request,
                _(
                    "Thank you. Unless %(email)s follows this discussion already, a mail "
                    "with a link to confirm is on its way there."
                )
                % {"email": email},
            )
            return redirect(discussion_url(post))
        form.add_error(None, _("Too many requests to follow. Wait an hour, then ask again."))
        status = 429
    elif request.method == "POST":
        status = 400
    context = {"post": post, "form": form}
    return render(request, "comments/follow_by_email.html", context, status=status)


def confirm(request, token):
    """GET shows a button, so a mail scanner opening the link confirms nothing;
    the POST from it (with this page's CSRF token) makes the follower."""
    try:
        follow = follows.follow_for_confirming(token)
    except follows.FollowRefused as refusal:
        return refused(request, refusal)
    context = {"post": follow.post, "email": follow.email}
    if request.method == "POST":
        follows.confirm(follow)
        context.update(
            title=_("You follow the discussion"),
            message=_(
                "New comments on this post will come to %(email)s, "
                "at most one mail every %(minutes)d minutes."
            )
            % {"email": follow.email, "minutes": settings.KEXUE_FOLLOW_DIGEST_MINUTES},
        )
        return render(request, "comments/follow_page.html", context)
    context.update(
        title=_("Follow the discussion"),
        message=_("Send the new comments on this post to %(email)s?") % {"email": follow.email},
        action=reverse("comments:confirm_follow", args=[token]),
        button=_("Follow"),
    )
    return render(request, "comments/follow_page.html", context)


@csrf_exempt
def unfollow(request, token):
    """The link in every digest. GET asks first (link checkers follow links);
    a POST stops following at once, CSRF token or not: a mail client's
    one-click POST (RFC 8058) carries none, and the signed token in the URL
    is the authorization."""
    try:
        follow = follows.follow_for_unfollowing(token)
    except follows.FollowRefused as refusal:
        return refused(request, refusal)
    context = {"post": follow.post}
    if request.method == "POST":
        undo = reverse("comments:refollow", args=[follows.refollow_token(follow)])
        follow.delete()
        context.update(
            title=_("You no longer follow the discussion"),
            message=_("No more mail about new comments on this post will be sent to %(email)s.")
            % {"email": follow.address},
            action=undo,
            button=_("Undo: follow it again"),
        )
        return render(request, "comments/follow_page.html", context)
    context.update(
        title=_("Stop following the discussion"),
        message=_("Stop sending new comments on this post to %(email)s?")
        % {"email": follow.address},
        action=reverse("comments:unfollow", args=[token]),
        button=_("Stop following"),
    )
    return render(request, "comments/follow_page.html", context)


@require_POST
def refollow(request, token):
    """The undo button of the page that says a follow stopped."""
    try:
        follow = follows.follow_again(token)
    except follows.FollowRefused as refusal:
        return refused(request, refusal)
    context = {
        "post": follow.post,
        "title": _("You follow the discussion again"),
        "message": _("New comments on this post will be sent to %(email)s again.")
        % {"email": follow.address},
    }
    return render(request, "comments/follow_page.html", context)
