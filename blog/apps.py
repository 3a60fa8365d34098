from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import invalidation, signals, tallies  # noqa: F401 - signals: the search index

        invalidation.connect()
        tallies.connect()
