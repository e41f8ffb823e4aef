"""People pages: the secretariat's list of who acts for which organization, with the invitations waiting to be
accepted; and the page where an invited person accepts. Views call queries and actions."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gcmhub.accounts import actions, queries
from gcmhub.accounts.forms import InvitationForm, JoinForm
from gcmhub.accounts.models import Invitation
from gcmhub.core.exceptions import DomainError

# The account made from an invitation signs in at once; the lockout backend only checks, it signs no one in.
SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _members_page(
    request: HttpRequest, form: InvitationForm, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "memberships": queries.members_by_organization(),
        "invitations": queries.pending_invitations(),
        "form": form,
        "error": error,
    }
    return render(request, "accounts/members.html", context, status=status)


@never_cache
@login_required
def members(request: HttpRequest) -> HttpResponse:
    """GET lists members and open invitations; POST invites someone."""
    queries.check_may_manage_people(request.user)
    if request.method != "POST":
        return _members_page(request, InvitationForm(initial={"language": get_language()}))
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _members_page(request, form, status=422)
    try:
        invitation = actions.invite(actor=request.user, **form.cleaned_data)
    except DomainError as exc:
        return _members_page(request, form, error=exc.message, status=exc.status_code)
    messages.success(
        request,
        _("An invitation to %(organization)s is on its way to %(email)s.")
        % {"organization": invitation.organization.acronym, "email": invitation.email},
    )
    return redirect("members")


@never_cache
@login_required
@require_POST
def resend_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = actions.resend_invitation(actor=request.user, invitation_id=invitation_id)
    messages.success(
        request,
        _("The invitation was sent again to %(email)s with a new link.") % {"email": invitation.email},
    )
    return redirect("members")


@never_cache
@login_required
@require_POST
def revoke_invitation(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = actions.revoke_invitation(actor=request.user, invitation_id=invitation_id)
    messages.success(
        request,
        _("The invitation to %(email)s is revoked; its link no longer works.") % {"email": invitation.email},
    )
    return redirect("members")


def _accept_page(
    request: HttpRequest,
    invitation: Invitation,
    *,
    form: JoinForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    has_account = queries.accounts_with_email(invitation.email).exists()
    if not has_account and form is None:
        form = JoinForm(email=invitation.email)
    context = {"invitation": invitation, "has_account": has_account, "form": form, "error": error}
    return render(request, "accounts/accept_invitation.html", context, status=status)


# The link's token is the only proof of the invitation: no cache may keep the page.
@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the invitation; POST accepts it, with the signed-in account or with a new one."""
    try:
        invitation = queries.invitation_by_token(token)
    except DomainError as exc:
        return render(
            request, "accounts/invitation_invalid.html", {"message": exc.message}, status=exc.status_code
        )
    if request.method != "POST":
        return _accept_page(request, invitation)
    if queries.accounts_with_email(invitation.email).exists():
        return _accept_with_account(request, invitation, token)
    return _join(request, invitation, token)


def _accept_with_account(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    try:
        membership = actions.accept_invitation(actor=request.user, raw_token=token)
    except DomainError as exc:
        return _accept_page(request, invitation, error=exc.message, status=exc.status_code)
    messages.success(
        request,
        _("You now act for %(organization)s as %(role)s.")
        % {"organization": membership.organization.acronym, "role": membership.get_role_display()},
    )
    return redirect("account")


def _join(request: HttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    form = JoinForm(request.POST, email=invitation.email)
    if not form.is_valid():
        return _accept_page(request, invitation, form=form, status=422)
    try:
        user = actions.join_by_invitation(
            raw_token=token,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
        )
    except DomainError as exc:
        return _accept_page(request, invitation, form=form, error=exc.message, status=exc.status_code)
    login(request, user, backend=SIGN_IN_BACKEND)
    messages.success(
        request,
        _("Welcome to the GCM Hub. You act for %(organization)s as %(role)s.")
        % {"organization": invitation.organization.acronym, "role": invitation.get_role_display()},
    )
    return redirect("account")
