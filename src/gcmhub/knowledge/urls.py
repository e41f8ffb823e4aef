from django.urls import path

from gcmhub.knowledge.views import overview, resources, review, suggestions

app_name = "knowledge"

urlpatterns = [
    path("", resources.index, name="index"),
    path("mine/", resources.my_submissions, name="mine"),
    path("submit/", resources.submit_choose, name="submit"),
    path("submit/<slug:kind_slug>/", resources.resource_create, name="create"),
    path("suggest-objectives/", suggestions.objective_suggestions, name="suggest_objectives"),
    path("r/<int:pk>/", resources.resource_detail, name="resource"),
    path("r/<int:pk>/edit/", resources.resource_edit, name="edit"),
    path("r/<int:pk>/translations/<str:language>/", resources.translation_edit, name="translation"),
    path("r/<int:pk>/attachments/", resources.attachment_upload, name="attach"),
    path("attachments/<int:pk>/", resources.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", resources.attachment_remove, name="attachment_remove"),
    path("r/<int:pk>/submit/", review.submit, name="submit_resource"),
    path("r/<int:pk>/assign/", review.assign, name="assign"),
    path("r/<int:pk>/decide/", review.decide, name="decide"),
    path("r/<int:pk>/publish/", review.publish, name="publish"),
    path("r/<int:pk>/archive/", review.archive, name="archive"),
    path("review/", review.queue, name="review_queue"),
    path("review/<int:pk>/", review.review, name="review"),
    path("review/<int:pk>/conflict/", review.conflict, name="conflict"),
    path("national-plans/map/", overview.national_plans_map, name="plans_map"),
    path("platforms/overlaps-and-gaps/", overview.overlap, name="overlap"),
    path("calls/", overview.calls, name="calls"),
    path("calls/new/", overview.call_create, name="call_create"),
    path("calls/<int:pk>/", overview.call_detail, name="call"),
    path("<slug:kind_slug>/", resources.resource_list, name="list"),
]
