from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Category, Post, Tag


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class PublicationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("draft", _("Draft")), ("scheduled", _("Scheduled")), ("public", _("Public"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        published = queryset.filter(status=Post.Status.PUBLISHED)
        return {
            "draft": queryset.filter(status=Post.Status.DRAFT),
            "scheduled": published.filter(published_at__gt=now),
            "public": published.filter(published_at__lte=now),
        }.get(self.value(), queryset)


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "category", "publication_state", "published_at", "pinned"]
    list_filter = [PublicationStateFilter, "category", "pinned", "tags"]
    list_select_related = ["author", "category"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["tags"]
    actions = ["publish_now", "unpublish"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "body"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "author", "category", "tags"]}),
        (_("Options"), {"fields": ["allow_comments", "pinned"]}),
    ]

    @admin.display(description=_("state"), ordering="status")
    def publication_state(self, post):
        if post.is_scheduled:
            return _("Scheduled")
        return post.get_status_display()

    def get_changeform_initial_data(self, request):
        return {"author": request.user.pk, **super().get_changeform_initial_data(request)}

    @admin.action(description=_("Publish now"), permissions=["change"])
    def publish_now(self, request, queryset):
        count = 0
        for post in queryset:
            post.status = Post.Status.PUBLISHED
            post.published_at = min(post.published_at, timezone.now())
            post.save()
            count += 1
        self.message_user(
            request,
            ngettext("%d post published.", "%d posts published.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = queryset.update(status=Post.Status.DRAFT)
        self.message_user(
            request,
            ngettext("%d post unpublished.", "%d posts unpublished.", count) % count,
            messages.SUCCESS,
        )
