from django.urls import path

from . import views

app_name = "members"

# The fixed paths come first; adapters.RESERVED_USERNAMES keeps them from
# being registered as usernames.
urlpatterns = [
    path("settings/", views.account_settings, name="settings"),
    path("delete/", views.delete_account, name="delete"),
    path("<name:username>/", views.profile, name="profile"),
    path("<name:username>/avatar.svg", views.default_avatar, name="default_avatar"),
]
