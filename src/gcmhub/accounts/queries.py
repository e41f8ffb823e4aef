"""Who may do what: role and organization look-ups used by every app's `access_*` functions."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from gcmhub.accounts.models import ApiToken, Invitation, Membership, Preference, Role, hash_token
from gcmhub.core.actors import AnyUser as AnyUser  # signed in or anonymous; the apps take it from here
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.core.models import Job
from gcmhub.reference.models import Organization


def is_secretariat(user: AnyUser) -> bool:
    """The secretariat (and Django superusers) may do everything."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.SECRETARIAT).exists()


def secretariat_users() -> list[AbstractBaseUser]:
    """The active people of the secretariat (those whom new submissions and requests are sent to)."""
    return list(
        get_user_model().objects.filter(memberships__role=Role.SECRETARIAT, is_active=True).distinct()
    )


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, role__in=roles).exists()


def organizations_for(user: AnyUser, *roles: str) -> "QuerySet[Organization]":
    """The organizations `user` acts for in any of `roles`."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user_id=user.pk, memberships__role__in=roles).distinct()


def network_organizations_for(user: AnyUser, *roles: str) -> "QuerySet[Organization]":
    """The organizations marked as Network members that `user` acts for in any of `roles` (an organization
    added on the platform is not one until the secretariat marks it; nor is the Fund's administrative
    agent)."""
    return organizations_for(user, *roles).filter(is_network_member=True)


def is_network_member(user: AnyUser) -> bool:
    """One of the Network's own people, who see its members-only content: the secretariat, and the focal
    points and Executive Committee members of organizations marked as Network members."""
    roles = (Role.FOCAL_POINT, Role.EXECUTIVE_COMMITTEE)
    return is_secretariat(user) or network_organizations_for(user, *roles).exists()


def memberships_for(user: AnyUser) -> "QuerySet[Membership]":
    """The organizations and roles `user` acts in, for display."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user_id=user.pk)
        .select_related("organization")
        .order_by("organization__acronym", "role")
    )


def tokens_for(user: AnyUser) -> "QuerySet[ApiToken]":
    """`user`'s API tokens, newest first (revoked ones too, so their use can be traced)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-pk")


def access_api_token(user: AnyUser, token_id: int) -> ApiToken:
    """The token, if `user` owns it or is the secretariat; other people's tokens are NotFound, so their
    existence is not revealed."""
    token = ApiToken.objects.select_related("user").filter(pk=token_id).first()
    if token is None or not (token.user_id == user.pk or is_secretariat(user)):
        raise NotFound(gettext("There is no such API token."))
    return token


def access_job(user: AnyUser, job_id: int) -> Job:
    """A background job, if `user` started it or is the secretariat; anyone else's job is NotFound, so its
    existence is not revealed."""
    job = Job.objects.select_related("started_by").filter(pk=job_id).first()
    if job is None or not user.is_authenticated or not (job.started_by_id == user.pk or is_secretariat(user)):
        raise NotFound(gettext("There is no such job."))
    return job


def organizations_by_acronym(acronyms: list[str]) -> list[Organization]:
    """The organizations named by `acronyms` (case-insensitive), in the order given, without duplicates;
    an unknown acronym is invalid input."""
    found: dict[int, Organization] = {}
    for acronym in acronyms:
        organization = Organization.objects.filter(acronym__iexact=acronym.strip()).first()
        if organization is None:
            raise ValidationFailed(
                gettext("There is no organization with the acronym %(acronym)s.") % {"acronym": acronym},
                code="unknown_organization",
            )
        found.setdefault(organization.pk, organization)
    return list(found.values())


def user_by_username(username: str) -> AbstractBaseUser:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(
            gettext("There is no user %(username)s.") % {"username": username}, code="unknown_user"
        )
    return user


def languages_of(user_ids: Iterable[int]) -> dict[int, str]:
    """The language each user last read the site in; the site's default for those who never chose."""
    ids = list(user_ids)
    chosen = dict(
        Preference.objects.filter(user_id__in=ids).exclude(language="").values_list("user_id", "language")
    )
    return {user_id: chosen.get(user_id, settings.LANGUAGE_CODE) for user_id in ids}


def check_may_manage_people(user: AnyUser | None) -> None:
    """Only the secretariat sees who acts for whom and invites people; None is the operator at the command
    line, who already controls the installation."""
    if user is not None and not is_secretariat(user):
        raise PermissionDenied(
            gettext("Only the secretariat may manage people, roles and invitations."), code="not_secretariat"
        )


def members_by_organization() -> "QuerySet[Membership]":
    """Every membership with its person and organization, by organization, for the secretariat's page."""
    return Membership.objects.select_related("user", "organization").order_by(
        "organization__acronym", "user__username", "role"
    )


def pending_invitations() -> "QuerySet[Invitation]":
    """Invitations not accepted or revoked yet (expired ones too: they can be sent again), newest first."""
    return (
        Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("organization", "invited_by")
        .order_by("-sent_at", "-pk")
    )


def access_invitation(user: AnyUser | None, invitation_id: int) -> Invitation:
    """An invitation, for the secretariat that manages them."""
    check_may_manage_people(user)
    invitation = Invitation.objects.select_related("organization").filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound(gettext("There is no such invitation."), code="no_such_invitation")
    return invitation


def invitation_by_token(raw_token: str, *, for_update: bool = False) -> Invitation:
    """The pending invitation a link's token belongs to; an unknown, used, revoked or expired one is refused
    with a message that says which and what to do."""
    found = Invitation.objects.select_related("organization")
    if for_update:
        found = found.select_for_update()
    invitation = found.filter(token_hash=hash_token(raw_token)).first()
    if invitation is None:
        raise NotFound(
            gettext(
                "This invitation link is not valid. It may have been replaced by a newer one: use the link "
                "in the latest invitation e-mail, or ask the secretariat to send it again."
            ),
            code="invalid_invitation",
        )
    status = invitation.status_at(timezone.now())
    if status == Invitation.Status.ACCEPTED:
        raise NotFound(
            gettext("This invitation has already been accepted. Sign in to use your account."),
            code="invitation_used",
        )
    if status == Invitation.Status.REVOKED:
        raise NotFound(
            gettext("This invitation was withdrawn by the secretariat."), code="invitation_revoked"
        )
    if status == Invitation.Status.EXPIRED:
        raise NotFound(
            gettext("This invitation expired. Ask the secretariat to send it again."),
            code="invitation_expired",
        )
    return invitation


def accounts_with_email(email: str) -> "QuerySet[AbstractBaseUser]":
    """The active accounts that use an e-mail address (case does not matter in addresses people type)."""
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True)
