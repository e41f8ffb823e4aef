"""Who may do what: role and organization look-ups used by every app's `access_*` functions."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from gcmhub.accounts.models import Membership, Role
from gcmhub.reference.models import Organization

AnyUser = AbstractBaseUser | AnonymousUser


def is_secretariat(user: AnyUser) -> bool:
    """The secretariat (and Django superusers) may do everything."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.filter(user=user, role=Role.SECRETARIAT).exists()


def has_role(user: AnyUser, *roles: str) -> bool:
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, role__in=roles).exists()


def organizations_for(user: AnyUser, *roles: str) -> "QuerySet[Organization]":
    """The organizations `user` acts for in any of `roles`."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()
