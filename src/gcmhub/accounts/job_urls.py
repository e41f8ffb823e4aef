from django.urls import path

from gcmhub.accounts import job_views

urlpatterns = [
    path("<int:job_id>/", job_views.job, name="job"),
    path("<int:job_id>/result", job_views.job_result, name="job_result"),
]
