from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter

from . import feeds, subscription_views, views
from .converters import PageConverter
from .sitemaps import SITEMAPS

app_name = "blog"
register_converter(PageConverter, "page")

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
    path("series/<name:slug>/", views.series_detail, name="series"),
    path("author/<name:username>/", views.AuthorView.as_view(), name="author"),
    path("feed/", feeds.PostsRss(), name="feed"),
    path("feed/atom/", feeds.PostsAtom(), name="feed_atom"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("subscribe/", subscription_views.subscribe, name="subscribe"),
    path("subscribe/member/", subscription_views.subscribe_member, name="subscribe_member"),
    path(
        "subscribe/member/stop/", subscription_views.unsubscribe_member, name="unsubscribe_member"
    ),
    path("subscribe/confirm/<str:token>/", subscription_views.confirm, name="subscribe_confirm"),
    path("subscribe/stop/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("subscribe/undo/", subscription_views.undo, name="subscribe_undo"),
    # Last here, and blog.urls is last in the URL map: every other route wins.
    path("<page:page>/", views.page_detail, name="page"),
]
