from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kexue.mathtext import math_snippet

from . import services
from .models import Comment, ThreadFollow

MODERATION_PAGE = 100
MATH_SCOPE = '<span class="math-scope tex2jax_ignore">{}</span>'
MODERATION_ACTIONS = {
    "approve": Comment.Status.APPROVED,
    "spam": Comment.Status.SPAM,
    "remove": Comment.Status.REMOVED,
}
MODERATION_MESSAGES = {
    Comment.Status.APPROVED: lambda n: ngettext("%d comment approved.", "%d comments approved.", n),
    Comment.Status.SPAM: lambda n: ngettext(
        "%d comment marked as spam.", "%d comments marked as spam.", n
    ),
    Comment.Status.REMOVED: lambda n: ngettext("%d comment removed.", "%d comments removed.", n),
}


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: filter by status (pending first), act in bulk."""

    list_display = ["excerpt", "writer", "post_link", "status", "created_at", "ip_address"]
    list_filter = ["status", "is_deleted", ("post", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["post", "author", "parent"]
    search_fields = ["body", "guest_name", "guest_email", "author__username", "ip_address"]
    date_hierarchy = "created_at"
    actions = ["approve", "mark_spam", "remove"]
    readonly_fields = ["post", "parent", "author", "created_at", "edited_at", "ip_address",
                       "user_agent", "context"]  # fmt: skip
    fields = ["context", "body", "status", "guest_name", "guest_email", "guest_website",
              *readonly_fields[:-1]]  # fmt: skip
    ordering = ["-created_at"]

    @admin.display(description=_("comment"))
    def excerpt(self, comment):
        # Typeset by the MathJax that templates/admin/comments/comment/ load.
        return format_html(MATH_SCOPE, math_snippet(comment.body_html, 80))

    @admin.display(description=_("by"))
    def writer(self, comment):
        return comment.author_name

    @admin.display(description=_("post"), ordering="post")
    def post_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.post.get_absolute_url(), comment.post)

    @admin.display(description=_("context"))
    def context(self, comment):
        parent = comment.parent
        if parent is None:
            return format_html("{} — {}", comment.post, _("(top-level comment)"))
        parent_text = format_html(MATH_SCOPE, math_snippet(parent.body_html, 300))
        return format_html("{} — {}", comment.post, parent_text)

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        moderation = self.admin_site.admin_view(self.moderation_view)
        return [path("moderation/", moderation, name="comments_moderation"), *super().get_urls()]

    def moderation_view(self, request):
        """The pending queue, oldest first, with its context; act on many at once."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            status = MODERATION_ACTIONS.get(request.POST.get("action"))
            chosen = Comment.objects.pending().filter(pk__in=request.POST.getlist("ids"))
            if status and chosen.exists():
                self._act(request, chosen, status)
            else:
                self.message_user(request, _("Choose comments and an action."), messages.WARNING)
            return redirect("admin:comments_moderation")
        queue = Comment.objects.pending().select_related("post", "author", "parent")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Comments awaiting moderation"),
            "comments": queue[:MODERATION_PAGE],
            "total": queue.count(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/comments/moderation.html", context)

    def save_model(self, request, obj, form, change):
        # Status changes go through moderation so approval notifies (and clears
        # the caches if readers see it); body edits re-render.
        status = form.cleaned_data.get("status")
        moderated = "status" in form.changed_data
        if moderated:
            obj.status = Comment.objects.get(pk=obj.pk).status
        super().save_model(request, obj, form, change)
        if moderated:
            self._moderate(request, Comment.objects.filter(pk=obj.pk), status)
        elif form.changed_data and obj.is_shown:
            services.readers_see_a_change()

    # Deleting goes through the service: under the tree locks, and one comment
    # at a time, so that mptt closes each gap (a queryset's delete would not).
    def delete_model(self, request, obj):
        services.erase_comments(Comment.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.erase_comments(queryset)

    def _moderate(self, request, queryset, status):
        base_url = request.build_absolute_uri("/").rstrip("/")
        return services.moderate(queryset, status, base_url)

    def _act(self, request, queryset, status):
        count = self._moderate(request, queryset, status)
        self.message_user(request, MODERATION_MESSAGES[status](count) % count, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        self._act(request, queryset, Comment.Status.APPROVED)

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._act(request, queryset, Comment.Status.SPAM)

    @admin.action(description=_("Remove"), permissions=["change"])
    def remove(self, request, queryset):
        self._act(request, queryset, Comment.Status.REMOVED)


@admin.register(ThreadFollow)
class ThreadFollowAdmin(admin.ModelAdmin):
    """Who follows which discussion, for an operator answering "why do I get
    this mail?"; followers start and stop themselves, so rows are only read
    here or deleted."""

    list_display = ["post", "member", "email", "confirmed_at", "last_digest_at"]
    list_filter = [("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "member__username", "member__email", "post__title"]
    list_select_related = ["post", "member"]
    readonly_fields = [field.name for field in ThreadFollow._meta.fields]

    def has_add_permission(self, request):
        return False
