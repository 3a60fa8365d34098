"""The pages of subscribing to new posts; the rules are in blog.subscriptions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kexue.security import csrf_origin_only

from . import subscriptions
from .forms import SubscribeForm

INVALID_LINK = "invalid"
TOO_FAST = "too_fast"


def base_url(request):
    return request.build_absolute_uri("/").rstrip("/")


def refused(request, reason, status):
    return render(request, "blog/subscribe/refused.html", {"reason": reason}, status=status)


@csrf_origin_only
@require_POST
def subscribe(request):
    """A guest's box, on a page that may come from the shared cache and so
    carries no CSRF token. Other sites are refused by the origin check. What a
    request does is queue one confirmation mail and store nothing: whoever
    sends it without a browser could fetch a token as easily, so the limits
    per client and per address, not a token, are what bound it."""
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(request, "blog/subscribe/form_page.html", {"form": form}, status=400)
    if not subscriptions.may_ask(request):
        return refused(request, TOO_FAST, 429)
    subscriptions.queue_confirmation(request, form.cleaned_data["email"], base_url(request))
    # The same answer for every address: the list is never told.
    return render(request, "blog/subscribe/requested.html")


def back_to(request, fallback):
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(target if safe else fallback)


@login_required
@require_POST
def subscribe_member(request):
    """A member's one click, with Django's CSRF token (their pages are never shared)."""
    if not subscriptions.may_ask(request):
        return refused(request, TOO_FAST, 429)
    if subscriptions.subscribe_member(request, base_url(request)):
        messages.success(request, _("You are subscribed: new posts will come to your address."))
    else:
        messages.info(
            request,
            _("Your address is not verified yet: follow the link in the mail we sent to it."),
        )
    return back_to(request, reverse("blog:home"))


@login_required
@require_POST
def unsubscribe_member(request):
    """The button of the settings page: every subscription of the member ends."""
    subscriptions.unsubscribe_member(request.user)
    messages.success(request, _("You are unsubscribed: no more new-post e-mails."))
    return back_to(request, reverse("members:settings"))


def confirm(request, token):
    """The link of the confirmation mail. GET asks for the click, so a mail
    scanner that follows links subscribes nobody; POST subscribes."""
    if request.method != "POST":
        if (
            subscriptions.unsign(
                subscriptions.CONFIRM_SALT, token, max_age=subscriptions.CONFIRM_MAX_AGE
            )
            is None
        ):
            return refused(request, INVALID_LINK, 404)
        return render(request, "blog/subscribe/confirm.html", {"token": token})
    subscriber = subscriptions.confirm(token)
    if subscriber is None:
        return refused(request, INVALID_LINK, 404)
    return render(request, "blog/subscribe/confirmed.html", {"email": subscriber.email})


@csrf_exempt
def unsubscribe(request, token):
    """The link of every new-post mail. GET asks for the click; a POST
    unsubscribes at once, without a CSRF token: a mail client's one-click POST
    (RFC 8058) carries none, and the signed link is the authorization."""
    if request.method != "POST":
        asked = subscriptions.unsign(subscriptions.UNSUBSCRIBE_SALT, token)
        if asked is None:
            return refused(request, INVALID_LINK, 404)
        return render(request, "blog/subscribe/unsubscribe.html", {"email": asked.email})
    undo_token = subscriptions.unsubscribe(token)
    if undo_token is None:
        return refused(request, INVALID_LINK, 404)
    return render(request, "blog/subscribe/unsubscribed.html", {"undo_token": undo_token})


@require_POST
def undo(request):
    subscriber = subscriptions.undo(request.POST.get("token", ""))
    if subscriber is None:
        return refused(request, INVALID_LINK, 404)
    return render(request, "blog/subscribe/confirmed.html", {"email": subscriber.email})
