from django.urls import path

from gcmhub.countries import views

app_name = "countries"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/", views.indicators, name="indicators"),
    path("indicators/<slug:code>/", views.indicator, name="indicator"),
    path("indicators/<slug:code>/values.csv", views.indicator_csv, name="indicator_csv"),
    path("regions/<str:m49>/", views.region, name="region"),
    path("renewal/", views.under_renewal, name="renewal"),
    path("corridors/", views.corridors, name="corridors"),
    path("corridors/new/", views.corridor_create, name="corridor_create"),
    path("corridors/<str:code>/", views.corridor, name="corridor"),
    path("corridors/<str:code>/tag/", views.corridor_tag, name="corridor_tag"),
    path("<str:iso3>/", views.country, name="country"),
    path("<str:iso3>/values.csv", views.country_csv, name="country_csv"),
    path("<str:iso3>/facts/", views.facts_edit, name="facts_edit"),
]
