from django.apps import apps
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from members.views import admin_login

from . import views
from .sitewide import views as sitewide_views
from .sitewide.member_data import download_member_data

urlpatterns = [
    # Before the admin's own: every sign-in goes through allauth and its second factor.
    path("admin/login/", admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("members/settings/data/", download_member_data, name="member_data"),
    path("members/notifications/", include("comments.notice_urls")),
    path("members/", include("members.urls")),
    path("lang/<str:code>/", views.switch_language, name="switch_language"),
    path("healthz", views.healthz, name="healthz"),
    path("comments/", include("comments.urls")),
    path("search/", sitewide_views.search, name="search"),
    path("opensearch.xml", sitewide_views.opensearch, name="opensearch"),
    path("", include("blog.urls")),
]

if settings.KEXUE_BENCH_FLOOR and apps.is_installed("kexue.devtools"):
    urlpatterns.insert(0, path("bench/", include("kexue.devtools.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
