from django.urls import path

from . import views

app_name = "devtools"
urlpatterns = [
    path("floor/", views.bench_floor, name="bench_floor"),
]
