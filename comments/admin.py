from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Comment, Notification


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
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("by"))
    def writer(self, comment):
        return comment.author_name

    @admin.display(description=_("post"), ordering="post")
    def post_link(self, comment):
        return format_html('<a href="{}">{}</a>', comment.post.get_absolute_url(), comment.post)

    @admin.display(description=_("context"))
    def context(self, comment):
        parent = comment.parent
        parent_text = Truncator(parent.body).chars(300) if parent else _("(top-level comment)")
        return format_html("{} — {}", comment.post, parent_text)

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Status changes go through moderation so approval notifies; body edits re-render.
        status = form.cleaned_data.get("status")
        if "status" in form.changed_data:
            obj.status = Comment.objects.get(pk=obj.pk).status
        super().save_model(request, obj, form, change)
        if "status" in form.changed_data:
            self._moderate(request, Comment.objects.filter(pk=obj.pk), status)

    def _moderate(self, request, queryset, status):
        base_url = request.build_absolute_uri("/").rstrip("/")
        return services.moderate(queryset, status, base_url)

    def _report(self, request, count, text):
        self.message_user(request, text % count, messages.SUCCESS)

    @admin.action(description=_("Approve"), permissions=["change"])
    def approve(self, request, queryset):
        count = self._moderate(request, queryset, Comment.Status.APPROVED)
        self._report(
            request, count, ngettext("%d comment approved.", "%d comments approved.", count)
        )

    @admin.action(description=_("Mark as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        count = self._moderate(request, queryset, Comment.Status.SPAM)
        self._report(
            request,
            count,
            ngettext("%d comment marked as spam.", "%d comments marked as spam.", count),
        )

    @admin.action(description=_("Remove"), permissions=["change"])
    def remove(self, request, queryset):
        count = self._moderate(request, queryset, Comment.Status.REMOVED)
        self._report(request, count, ngettext("%d comment removed.", "%d comments removed.", count))


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "subject", "created_at", "attempts", "sent_at"]
    list_filter = [("sent_at", admin.EmptyFieldListFilter)]
    readonly_fields = [field.name for field in Notification._meta.fields]

    def has_add_permission(self, request):
        return False
