"""The member's notifications page and its two buttons; no JavaScript needed."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import notices


@never_cache
@login_required
def notification_list(request):
    page = Paginator(notices.notices_for(request.user), notices.PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "comments/notifications.html", {"page_obj": page})


@never_cache
@require_POST
@login_required
def mark_read(request, comment_id):
    if not notices.mark_read(request.user, comment_id):
        raise Http404(_("This is not one of your notifications."))
    return back_to_list(request)


@never_cache
@require_POST
@login_required
def mark_all_read(request):
    notices.mark_all_read(request.user)
    return back_to_list(request)


def back_to_list(request):
    """The page the button was on: the member's place in a long list stays."""
    page = request.POST.get("page", "")
    url = reverse("notices:list")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
