from .models import SiteSettings


def site(request):
    return {"site": SiteSettings.current()}
