from django.urls import path

from gcmhub.comms import feeds, views, views_watch

app_name = "comms"

urlpatterns = [
    path("statements/", views.statements, name="statements"),
    path("statements/feed.rss", feeds.StatementsFeed(), name="feed_rss"),
    path("statements/feed.atom", feeds.StatementsAtomFeed(), name="feed_atom"),
    path("statements/new/", views.statement_new, name="statement_new"),
    path("statements/<int:pk>/", views.statement, name="statement"),
    path("statements/<int:pk>/edit/", views.statement_edit, name="statement_edit"),
    path("statements/<int:pk>/clearance/", views.clearance, name="clearance"),
    path("statements/<int:pk>/answer/", views.answer, name="answer"),
    path("statements/<int:pk>/clearance/<int:clearance_id>/resolve/", views.resolve, name="resolve"),
    path("statements/<int:pk>/publish/", views.publish, name="publish"),
    path("statements/<int:pk>/translation/", views.translation, name="translation"),
    path("situations/", views_watch.situations, name="situations"),
    path("situations/new/", views_watch.situation_new, name="situation_new"),
    path("situations/<int:pk>/", views_watch.situation, name="situation"),
    path("situations/<int:pk>/links/", views_watch.situation_links, name="situation_links"),
    path("situations/<int:pk>/status/", views_watch.situation_status, name="situation_status"),
    path("talking-points/", views_watch.talking_points, name="talking_points"),
    path("talking-points/new/", views_watch.talking_point_new, name="talking_point_new"),
    path("talking-points/<int:pk>/", views_watch.talking_point, name="talking_point"),
]
