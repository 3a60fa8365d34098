from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitewideConfig(AppConfig):
    """The composition layer: what needs every app at once (docs/architecture.md)."""

    name = "kexue.sitewide"
    label = "sitewide"
    verbose_name = _("Site-wide")
