from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


def create_cache_table(using, verbosity, **kwargs):
    """Production without REDIS_URL caches in two database tables (the default cache
    and the pages cache): `migrate` makes them, so the first page never meets a
    missing table. Tables that exist are left alone, and other cache backends need none."""
    call_command("createcachetable", database=using, verbosity=verbosity)


class KexueConfig(AppConfig):
    name = "kexue"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .converters import NameConverter

        register_converter(NameConverter, "name")
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="kexue.cache_table")
