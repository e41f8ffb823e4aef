"""Addresses of the consultation pages, under /reporting/consultations/ (included by reporting/urls.py)."""

from django.urls import path

from gcmhub.reporting import views_consultations as views

urlpatterns = [
    path("", views.consultation_list, name="consultations"),
    path("new/", views.consultation_create, name="consultation_create"),
    path("<int:pk>/", views.consultation_detail, name="consultation"),
    path("<int:pk>/versions/new/", views.version_add, name="consultation_version_add"),
    path("<int:pk>/diff/", views.version_diff, name="consultation_diff"),
    path("<int:pk>/paragraphs/<int:paragraph>/comment/", views.comment_add, name="consultation_comment"),
    path("<int:pk>/moderation/", views.moderation, name="consultation_moderation"),
    path("<int:pk>/dispositions/", views.dispositions, name="consultation_dispositions"),
    path("<int:pk>/comments.xlsx", views.export_xlsx, name="consultation_xlsx"),
    path("<int:pk>/comments.docx", views.export_docx, name="consultation_docx"),
    path("comments/<int:pk>/reply/", views.reply_add, name="consultation_reply"),
    path("comments/<int:pk>/moderate/", views.comment_moderate, name="consultation_moderate"),
    path("comments/<int:pk>/disposition/", views.comment_disposition, name="consultation_disposition"),
]
