from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """A singleton: the list page opens the one row; nothing to add or delete."""

    fieldsets = [
        (_("Identity"), {"fields": ["site_name", "tagline", "author_name", "share_image"]}),
        (
            _("Licence and sponsor"),
            {
                "fields": [
                    "licence_name",
                    "licence_url",
                    "licence_notice",
                    "show_licence_badge",
                    "sponsor_text",
                    "sponsor_preview",
                    "take_part_text",
                ],  # fmt: skip
                "description": _("Shown in the sidebar and footer of every page."),
            },
        ),
        (_("Comment policy"), {"fields": ["guests_may_comment", "moderation"]}),
        (_("Formulas"), {"fields": ["tex_macros"]}),
    ]
    readonly_fields = ["sponsor_preview"]

    @admin.display(description=_("sponsor acknowledgement as shown"))
    def sponsor_preview(self, settings_row):
        # Stored HTML from the snippet pipeline (sanitized when saved).
        return mark_safe(settings_row.sponsor_html) or "—"  # noqa: S308

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = SiteSettings.current()
        return redirect(reverse("admin:kexue_sitesettings_change", args=[settings.pk]))
