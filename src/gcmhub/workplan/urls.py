from django.urls import path

from gcmhub.workplan import views

app_name = "workplan"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.overview, name="overview"),
    path("plan/download.<str:fmt>", views.current_download, name="download"),
    path("plan/results/<int:result_id>/", views.result, name="result"),
    path("plan/results/<int:result_id>/history/", views.result_history, name="result_history"),
    path("plan/activities/<int:activity_id>/", views.activity, name="activity"),
    path("plan/activities/<int:activity_id>/history/", views.activity_history, name="activity_history"),
    path("plan/activities/<int:activity_id>/progress/", views.activity_progress, name="activity_progress"),
    path("plan/activities/<int:activity_id>/update/", views.activity_update, name="activity_update"),
    path("plan/timeline/", views.timeline, name="timeline"),
    path("plan/coverage/", views.coverage, name="coverage"),
    path("plan/versions/", views.versions, name="versions"),
    path("plan/versions/<int:number>/", views.version_detail, name="version_detail"),
    path(
        "plan/versions/<int:number>/download.<str:fmt>", views.version_download_view, name="version_download"
    ),
    path("plan/versions/<int:a>/compare/<int:b>/", views.version_diff, name="version_diff"),
    path("plan/import/", views.import_plan, name="import"),
    path("objectives/<int:number>/", views.objective, name="objective"),
]
