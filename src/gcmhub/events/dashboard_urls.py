from django.urls import path

from gcmhub.events import dashboard

app_name = "dashboard"

urlpatterns = [path("", dashboard.dashboard, name="dashboard")]
