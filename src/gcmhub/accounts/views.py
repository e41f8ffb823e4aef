"""Accounts pages: my account (organizations and roles) and my API tokens. Views call queries and actions."""

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gcmhub.accounts import actions, queries
from gcmhub.accounts.forms import TokenForm
from gcmhub.core.exceptions import DomainError


class SignIn(auth_views.LoginView):
    """Django's sign-in page; with no `next`, the secretariat starts from its dashboard, others as set."""

    def get_default_redirect_url(self) -> str:
        if queries.is_secretariat(self.request.user):
            return resolve_url("dashboard:dashboard")
        return super().get_default_redirect_url()


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/account.html",
        {
            "memberships": queries.memberships_for(request.user),
            "is_secretariat": queries.is_secretariat(request.user),
        },
    )


def _tokens_page(
    request: HttpRequest, form: TokenForm, *, raw_token: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    context = {"tokens": queries.tokens_for(request.user), "form": form, "raw_token": raw_token}
    return render(request, "accounts/tokens.html", {**context, "error": error}, status=status)


# The raw token appears in exactly one response; no cache may keep a copy.
@never_cache
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _tokens_page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form, status=422)
    try:
        _token, raw = actions.create_api_token(actor=request.user, name=form.cleaned_data["name"])
    except DomainError as exc:
        return _tokens_page(request, form, error=exc.message, status=exc.status_code)
    return _tokens_page(request, TokenForm(), raw_token=raw)


@never_cache
@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        token = actions.revoke_api_token(actor=request.user, token_id=token_id)
    except DomainError as exc:
        return _tokens_page(request, TokenForm(), error=exc.message, status=exc.status_code)
    messages.success(request, _("The token %(name)s is revoked; it no longer works.") % {"name": token.name})
    return redirect("tokens")


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's view, and: a new password set from the e-mailed link lifts the account's sign-in lock, since
    its owner has just proved who they are (otherwise they would wait out the cool-off after resetting)."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())
        return response
