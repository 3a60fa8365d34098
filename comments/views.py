import math

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from blog.models import Post
from kexue.markup import render_comment
from kexue.security import csrf_origin_only

from . import limits, services, stamps
from .forms import MAX_LENGTH, CommentForm, DraftForm, EditCommentForm
from .models import Comment, Unsubscribe
from .notifications import email_from_token
from .page_parts import GUEST_COMMENTS_SESSION_KEY, own_guest_ids
from .render import render_entries
from .thread import Entry, page_of


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def remember_guest_comment(request, comment):
    """A guest sees their own comment, marked as awaiting moderation, in this session."""
    ids = [comment.pk, *own_guest_ids(request)][:20]
    request.session[GUEST_COMMENTS_SESSION_KEY] = ids


def permalink_url(comment, place):
    """`place` is page_of's (page, pages). Without ?cpage the post shows its
    last page, so every earlier page needs the query."""
    page, pages = place or (1, 1)
    query = f"?cpage={page}" if page < pages else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}"


def guest_of(form):
    """Who a guest says they are, from a valid form; None for a member's form."""
    data = form.cleaned_data
    if "guest_name" not in data:
        return None
    return services.Guest(
        name=data["guest_name"],
        email=data["guest_email"],
        website=data["guest_website"],
        wants_replies=data["guest_wants_replies"],
    )


@require_POST
def post_comment(request, post_id):
    # With its author, whom the new comment's notifications ask about.
    post = get_object_or_404(Post.objects.published().select_related("author"), pk=post_id)
    form = CommentForm(request.POST, post=post, user=request.user)
    status = 400
    if form.is_valid() and not limits.may_post(request):
        # A form-wide error: the page keeps the text, and nothing is saved.
        form.add_error(None, _("You are commenting very fast. Wait a minute, then post again."))
        status = 429
    if form.is_valid():
        try:
            comment = services.submit_comment(
                post=post,
                author=request.user,
                body=form.cleaned_data["body"],
                parent=form.cleaned_data["parent"],
                guest=guest_of(form),
                address=get_account_adapter().get_client_ip(request),
                user_agent=request.headers.get("User-Agent", ""),
                base_url=request.build_absolute_uri("/").rstrip("/"),
                stamp=form.cleaned_data["started"],
            )
        except services.CommentRefused as refusal:
            form.add_error(None, str(refusal))
        except stamps.StampRefused as refusal:
            # On the stamp's field: the comment script then asks for a new one.
            form.add_error("started", str(refusal))
        else:
            return comment_posted(request, comment)
    if wants_json(request):
        return JsonResponse({"errors": form.errors.get_json_data()}, status=status)
    context = {"post": post, "form": form, "parent": form.cleaned_data.get("parent")}
    return render(request, "comments/form_page.html", context, status=status)


def comments_heading(count):
    """The discussion's heading, as thread.html words it (the same translation)."""
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


def comment_posted(request, comment):
    if comment.author_id is None:
        remember_guest_comment(request, comment)
    awaiting = _("Thank you. Your comment will appear once a moderator approves it.")
    if wants_json(request):
        entry = Entry(comment, comment.level, shown=True, own_pending=not comment.is_approved)
        if comment.parent_id:
            entry.reply_to = Entry(comment.parent, comment.parent.level, shown=True)
        # The count as the heading counts: public comments only, so a comment
        # held for moderation leaves it as it was. Counted here rather than by
        # the script, which sees only the page of the discussion it is on.
        count = comment.post.comments.shown().count()
        return JsonResponse(
            {
                "id": comment.pk,
                "parent": comment.parent_id,
                "html": render_entries([entry], request.user),
                "count": count,
                "heading": comments_heading(count),
                # Said in place: queued as a message it would greet the next page instead.
                "message": "" if comment.is_approved else awaiting,
            }
        )
    if not comment.is_approved:
        messages.info(request, awaiting)
    place = page_of(comment.post, comment.pk, request.user, own_guest_ids(request))
    return HttpResponseRedirect(permalink_url(comment, place))


@csrf_origin_only
@require_POST
def compose(request, post_id):
    """Where a form without a ticket is sent: the one on a cached post page,
    posted without JavaScript. Nothing is stored. The writer gets their text
    back on a page of their own, checked and previewed, with the CSRF token
    and stamp the cached page could not carry, and posts it from there. Other
    sites may not send here (the origin check); what they could send would
    only show a visitor a form to post themselves."""
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    form = DraftForm(request.POST, post=post, user=request.user)
    valid = form.is_valid()
    # A reply names the comment it answers, whether the draft passed or not.
    context = {"post": post, "form": form, "confirming": True}
    context["parent"] = form.cleaned_data.get("parent")
    if not valid:
        return render(request, "comments/form_page.html", context, status=400)
    context["preview_html"] = render_comment(form.cleaned_data["body"])
    return render(request, "comments/form_page.html", context)


@require_GET
@never_cache
def form_ticket(request):
    """A CSRF token (the csrftoken cookie comes with it) and a fresh stamp, for
    the comment script to fill in a form from a cached page. Another site's
    script cannot read this answer: it is same-origin JSON, with no CORS."""
    return JsonResponse({"csrf_token": get_token(request), "started": stamps.issue()})


def reply(request, comment_id):
    """The reply form on its own page: Reply without JavaScript lands here."""
    parent = get_object_or_404(
        Comment.objects.public().select_related("post", "author"), pk=comment_id
    )
    form = CommentForm(initial={"parent": parent.pk}, post=parent.post, user=request.user)
    return render(
        request, "comments/form_page.html", {"post": parent.post, "form": form, "parent": parent}
    )


def permalink(request, comment_id):
    comment = get_object_or_404(
        Comment.objects.on_published_posts().select_related("post"), pk=comment_id
    )
    place = page_of(comment.post, comment.pk, request.user, own_guest_ids(request))
    if place is None:
        raise Http404
    return HttpResponseRedirect(permalink_url(comment, place))


def own_comment(request, comment_id, allowed):
    comment = get_object_or_404(Comment.objects.select_related("post"), pk=comment_id)
    if not allowed(comment, request.user):
        raise PermissionDenied
    return comment


def edit(request, comment_id):
    comment = own_comment(request, comment_id, services.can_edit)
    form = EditCommentForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        services.edit_comment(comment, form.cleaned_data["body"])
        return redirect(comment.get_absolute_url())
    return render(request, "comments/edit.html", {"comment": comment, "form": form})


def delete(request, comment_id):
    comment = own_comment(request, comment_id, services.can_delete)
    if request.method == "POST":
        services.delete_comment(comment)
        messages.success(request, _("Your comment was deleted."))
        return redirect(comment.post.get_absolute_url() + "#comments")
    return render(request, "comments/delete.html", {"comment": comment})


@require_POST
def preview(request):
    """Renders Markdown + math exactly as posting would, without saving."""
    if not limits.may_preview(request):
        refused = JsonResponse({"error": _("Too many previews. Wait a minute.")}, status=429)
        # The comment script's live preview waits this long before asking again.
        refused["Retry-After"] = str(math.ceil(limits.preview_pause_seconds(request)))
        return refused
    body = request.POST.get("body", "")[:MAX_LENGTH]
    return JsonResponse({"html": render_comment(body)})


@csrf_exempt
def unsubscribe(request, token):
    """GET asks for confirmation, so a link checker or a mail scanner that
    follows the link unsubscribes nobody. A POST unsubscribes at once, CSRF
    token or not: a mail client's one-click POST (RFC 8058) carries none, and
    the signed token in the URL is the authorization."""
    email = email_from_token(token)
    if email is None:
        raise Http404
    if request.method == "POST":
        Unsubscribe.objects.get_or_create(email=email)
        get_user_model().objects.filter(email__iexact=email).update(notify_on_reply=False)
        undo = reverse("comments:resubscribe", args=[token])
        return render(request, "comments/unsubscribed.html", {"email": email, "undo": undo})
    action = reverse("comments:unsubscribe", args=[token])
    return render(request, "comments/unsubscribe.html", {"email": email, "action": action})


@require_POST
def resubscribe(request, token):
    """The undo button of the unsubscribed page: reply notices come again."""
    email = email_from_token(token)
    if email is None:
        raise Http404
    Unsubscribe.objects.filter(email__iexact=email).delete()
    get_user_model().objects.filter(email__iexact=email).update(notify_on_reply=True)
    return render(request, "comments/resubscribed.html", {"email": email})
