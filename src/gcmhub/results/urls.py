from django.urls import path

from gcmhub.results import views

app_name = "results"

urlpatterns = [
    path("", views.index, name="index"),
    path("indicators/<int:indicator_id>/", views.indicator, name="indicator"),
    path("indicators/<int:indicator_id>/report/", views.report_form, name="report_form"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/review/", views.report_review, name="report_review"),
    path("<str:code>/", views.framework, name="framework"),
]
