from django.urls import path

from . import feeds, follow_views, views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.post_comment, name="post"),
    path("post/<int:post_id>/confirm/", views.compose, name="compose"),
    path("form-ticket/", views.form_ticket, name="form_ticket"),
    path("preview/", views.preview, name="preview"),
    path("<int:comment_id>/", views.permalink, name="permalink"),
    path("<int:comment_id>/reply/", views.reply, name="reply"),
    path("<int:comment_id>/edit/", views.edit, name="edit"),
    path("<int:comment_id>/delete/", views.delete, name="delete"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("post/<int:post_id>/follow/", follow_views.toggle, name="follow"),
    path(
        "post/<int:post_id>/follow/by-email/", follow_views.follow_by_email, name="follow_by_email"
    ),
    path("follow/confirm/<str:token>/", follow_views.confirm, name="confirm_follow"),
    path("unfollow/<str:token>/", follow_views.unfollow, name="unfollow"),
    path("refollow/<str:token>/", follow_views.refollow, name="refollow"),
    path("resubscribe/<str:token>/", views.resubscribe, name="resubscribe"),
    path("feed/", feeds.LatestComments(), name="feed"),
    path("feed/<int:post_id>/", feeds.PostComments(), name="post_feed"),
]
