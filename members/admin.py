from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .forms import AvatarField
from .models import User
from .services import tidy_avatar_storage


@admin.register(User)
class MemberAdmin(UserAdmin):
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Profile"),
            {
                "fields": (
                    "display_name",
                    "website",
                    "bio",
                    "avatar",
                    "notify_on_reply",
                    "deleted_at",
                )
            },
        ),
    )
    readonly_fields = ("deleted_at",)
    list_display = ("username", "email", "display_name", "is_staff", "is_active", "date_joined")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Uploads here go through the same checks and re-encoding as the settings page.
        if db_field.name == "avatar":
            kwargs["form_class"] = AvatarField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        with tidy_avatar_storage(obj):
            super().save_model(request, obj, form, change)
