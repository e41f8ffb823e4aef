from django.urls import include, path

from gcmhub.reporting import views

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
]
