from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """A singleton: the list page opens the one row; nothing to add or delete."""

    # Each English text sits beside its Chinese one (one row of the form).
    fieldsets = [
        (
            _("Identity"),
            {"fields": ["site_name", ("tagline", "tagline_en"), "author_name", "share_image"]},
        ),
        (
            _("Licence"),
            {
                "fields": [
                    "licence",
                    ("custom_licence_name", "custom_licence_url"),
                    "show_licence_badge",
                    ("licence_notice", "licence_notice_en"),
                ],
                "description": _(
                    "The name, address and badge follow from the licence chosen. "
                    "An English text left empty shows the Chinese one."
                ),
            },
        ),
        (
            _("Sponsor and take part"),
            {
                "fields": [
                    ("sponsor_text", "sponsor_text_en"),
                    ("sponsor_preview", "sponsor_preview_en"),
                    ("take_part_text", "take_part_text_en"),
                ],
                "description": _("Shown in the sidebar and footer of every page."),
            },
        ),
        (_("Comment policy"), {"fields": ["guests_may_comment", "moderation"]}),
        (_("Formulas"), {"fields": ["tex_macros"]}),
    ]
    readonly_fields = ["sponsor_preview", "sponsor_preview_en"]

    # Stored HTML from the snippet pipeline (sanitized when saved).
    @admin.display(description=_("sponsor acknowledgement as shown"))
    def sponsor_preview(self, settings_row):
        return mark_safe(settings_row.sponsor_html) or "—"  # noqa: S308

    @admin.display(description=_("in English, as shown"))
    def sponsor_preview_en(self, settings_row):
        return mark_safe(settings_row.sponsor_html_en) or "—"  # noqa: S308

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = SiteSettings.current()
        return redirect(reverse("admin:kexue_sitesettings_change", args=[settings.pk]))
