from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views
from .sitemaps import SITEMAPS

app_name = "blog"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("archives/", views.archive, name="archive"),
    path("archives/<int:pk>/", views.post_detail, name="post"),
    path("archives/<name:slug>/", views.post_by_slug, name="post_by_slug"),
    path("date/<int:year>/", views.YearView.as_view(), name="year"),
    path("date/<int:year>/<int:month>/", views.MonthView.as_view(), name="month"),
    path("category/<name:slug>/", views.CategoryView.as_view(), name="category"),
    path("category/<name:slug>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("tag/<name:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<name:username>/", views.AuthorView.as_view(), name="author"),
    path("feed/", feeds.PostsRss(), name="feed"),
    path("feed/atom/", feeds.PostsAtom(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
