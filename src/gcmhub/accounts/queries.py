"""Who may do what: role and organization look-ups used by every app's `access_*` functions."""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext

from gcmhub.accounts.models import ApiToken, Membership, Preference, Role
from gcmhub.core.exceptions import NotFound, ValidationFailed
from gcmhub.core.models import Job
from gcmhub.reference.models import Organization

AnyUser = AbstractBaseUser | AnonymousUser


def is_secretariat(user: AnyUser) -> bool:
    """The secretariat (and Django superusers) may do everything."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user_id=user.pk, role=Role.SECRETARIAT).exists()


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user_id=user.pk, role__in=roles).exists()


def organizations_for(user: AnyUser, *roles: str) -> "QuerySet[Organization]":
    """The organizations `user` acts for in any of `roles`."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user_id=user.pk, memberships__role__in=roles).distinct()


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
