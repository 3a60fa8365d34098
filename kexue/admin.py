from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SiteSettings


def in_site_time_zone(help_text=""):
    """A date-time field's help text, naming the zone its times are in: the
    site's, whatever the editor's own (admin-time-zone.js drops Django's
    "N hours behind server time" warning, which this replaces)."""
    note = _("Times are in %(zone)s.") % {"zone": timezone.get_current_timezone_name()}
    return f"{help_text} {note}" if help_text else note


class SiteTimeZoneAdmin:
    """For a ModelAdmin whose forms have date-time fields: each says its zone."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, models.DateTimeField):
            field.help_text = in_site_time_zone(field.help_text)
        return field


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
