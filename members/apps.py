from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .roles import sync_editors_after_migrate

        post_migrate.connect(sync_editors_after_migrate, dispatch_uid="members.sync_editors")
