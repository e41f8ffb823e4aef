from django.urls import path

from gcmhub.reporting import views_pledges as views

# Under /reporting/pledges/; the names share the app's "reporting" namespace.
urlpatterns = [
    path("", views.pledge_list, name="pledges"),
    path("new/", views.pledge_create, name="pledge_create"),
    path("dashboard/", views.pledge_dashboard_page, name="pledge_dashboard"),
    path("moderation/", views.pledge_queue, name="pledge_queue"),
    path("<str:public_id>/", views.pledge_detail, name="pledge"),
    path("<str:public_id>/edit/", views.pledge_edit, name="pledge_edit"),
    path("<str:public_id>/moderate/", views.pledge_moderate, name="pledge_moderate"),
    path("<str:public_id>/progress/", views.pledge_progress, name="pledge_progress"),
]
