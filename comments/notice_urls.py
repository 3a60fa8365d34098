from django.urls import path

from . import notice_views

app_name = "notices"

# Mounted at /members/notifications/ by kexue/urls.py: a member's own page,
# beside their settings (members.adapters reserves the name).
urlpatterns = [
    path("", notice_views.notification_list, name="list"),
    path("<int:comment_id>/read/", notice_views.mark_read, name="read"),
    path("read/", notice_views.mark_all_read, name="read_all"),
]
