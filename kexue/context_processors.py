from django.utils.functional import SimpleLazyObject

from .caching import content_version
from .models import SiteSettings


def site(request):
    return {
        "site_settings": SiteSettings.current(),
        # For {% cache %} keys of fragments every visitor shares; read only if used.
        "content_version": SimpleLazyObject(content_version),
    }
