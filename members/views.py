from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from . import services
from .avatars import identicon_svg
from .forms import DeleteAccountForm, ProfileForm


def profile(request, username):
    member = get_object_or_404(get_user_model(), username=username, is_active=True)
    return render(request, "members/profile.html", {"member": member})


@require_GET
@cache_control(public=True, max_age=60 * 60 * 24 * 30)
def default_avatar(request, username):
    # Drawn from the name in the URL alone: no query, same picture forever.
    return HttpResponse(identicon_svg(username), content_type="image/svg+xml")


@login_required
def account_settings(request):
    # A fresh copy, so a rejected form never shows its values as the member's
    # name in the sidebar of the page that reports the errors.
    member = get_user_model().objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    if request.method == "POST" and form.is_valid():
        services.save_profile(form)
        messages.success(request, _("Your profile has been saved."))
        return redirect("members:settings")
    return render(request, "members/settings.html", {"form": form})


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(request.user)
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("blog:home")
    return render(request, "members/delete_account.html", {"form": form})


@never_cache
def admin_login(request):
    """Stands in for the admin's own login form, which would sign staff in with
    a password alone: allauth's login asks for the second factor too. (allauth's
    secure_admin_login decorator still hands signed-in staff the admin's form.)"""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")
    if request.user.is_staff and request.user.is_active:
        return redirect(next_url)
    # Signed in, but not staff: sending them to a login form would only loop.
    return render(request, "members/admin_refused.html", status=403)
