from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class KexueConfig(AppConfig):
    name = "kexue"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .converters import NameConverter

        register_converter(NameConverter, "name")
