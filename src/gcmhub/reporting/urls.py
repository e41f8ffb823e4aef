from django.urls import include, path

from gcmhub.reporting import views, views_coverage, views_opendata, views_report

app_name = "reporting"

urlpatterns = [
    path("", views.call_list, name="calls"),
    path("calls/new/", views.call_create, name="call_create"),
    path("calls/<int:pk>/", views.call_detail, name="call"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call_edit"),
    path("calls/<int:pk>/sections/new/", views.section_add, name="section_add"),
    path("calls/<int:pk>/questions/new/", views.question_add, name="question_add"),
    path("calls/<int:pk>/publish/", views.call_publish, name="call_publish"),
    path("calls/<int:pk>/dashboard/", views.dashboard, name="dashboard"),
    path("calls/<int:pk>/respond/<str:acronym>/", views.respond, name="respond"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
    path("responses/<int:pk>/reopen/", views.response_reopen, name="reopen"),
    path("responses/<int:pk>/visibility/", views.response_visibility, name="visibility"),
    path("responses/<int:pk>/review/", views.response_review, name="review"),
    path("files/<int:pk>/", views.answer_file, name="file"),
    path("consultations/", include("gcmhub.reporting.urls_consultations")),
    path("pledges/", include("gcmhub.reporting.urls_pledges")),
    path("coverage/", views_coverage.coverage_index, name="coverage"),
    path("coverage/export.<str:fmt>", views_coverage.coverage_export, name="coverage_export"),
    path("coverage/<int:number>/", views_coverage.coverage_objective, name="coverage_objective"),
    path(
        "coverage/<int:number>/export.<str:fmt>",
        views_coverage.coverage_objective_export,
        name="coverage_objective_export",
    ),
    path("report/", views_report.report_builder, name="report_builder"),
    path("open-data/", views_opendata.open_data_index, name="open_data"),
    path("open-data/datapackage.json", views_opendata.open_data_package, name="open_data_package"),
    path("open-data/<slug:dataset>.<str:fmt>", views_opendata.open_data_file, name="open_data_file"),
]
