from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Benchmarks, soak test and backup drill: development only (kexue/settings.py
    installs it when DJANGO_DEBUG is on or KEXUE_DEVTOOLS=1)."""

    name = "kexue.devtools"
    label = "devtools"
    verbose_name = "Development tools"
