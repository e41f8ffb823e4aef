from django.urls import URLPattern, URLResolver, path

from gcmhub.search import views

app_name = "search"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("facets/", views.facets, name="facets"),
]
