from django.urls import path

from gcmhub.events import views

app_name = "events"

urlpatterns = [
    path("", views.events, name="events"),
    path("feed.ics", views.feed, name="feed"),
    path("new/", views.event_new, name="event_new"),
    path("<int:pk>/", views.event, name="event"),
    path("<int:pk>/event.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/unregister/", views.unregister, name="unregister"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/materials/", views.material, name="material"),
]
