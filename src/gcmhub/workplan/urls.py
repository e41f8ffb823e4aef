from django.urls import path

from gcmhub.workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.home, name="home"),
]
