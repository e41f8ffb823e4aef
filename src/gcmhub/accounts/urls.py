from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import path

from gcmhub.accounts import people_views, views
from gcmhub.accounts.forms import LocalizedPasswordResetForm

# Django's own password views, our templates; the reset e-mail links to SITE_URL in its reader's language.
password_urls = [
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=LocalizedPasswordResetForm,
            extra_email_context={"site_url": settings.SITE_URL.rstrip("/")},
        ),
        name="password_reset",
    ),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]

urlpatterns = [
    path("login/", views.SignIn.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("members/", people_views.members, name="members"),
    path("invitations/<int:invitation_id>/resend/", people_views.resend_invitation, name="resend_invitation"),
    path("invitations/<int:invitation_id>/revoke/", people_views.revoke_invitation, name="revoke_invitation"),
    path("invitation/<str:token>/", people_views.accept_invitation, name="accept_invitation"),
    *password_urls,
]
