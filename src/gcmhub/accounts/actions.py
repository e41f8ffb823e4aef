"""Every write to accounts: API tokens and organization memberships. Keyword-only actor, one transaction,
an audit event (django-auditlog) attributed to the actor."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.models import ApiToken, Membership, Preference, Role, hash_token
from gcmhub.accounts.queries import access_api_token, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization

# Enough for every script and integration a person runs; more usually means tokens are not being revoked.
MAX_ACTIVE_TOKENS = 20
TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@transaction.atomic
def create_api_token(*, actor: AbstractBaseUser | AnonymousUser, name: str) -> tuple[ApiToken, str]:
    """A new API token for `actor`. Returns the token and its raw value, which is never stored or shown
    again."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to create an API token."))
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("Give the token a name, so you can recognise it later."), code="empty_name")
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationFailed(
            _("The token name can have at most %(max)d characters.") % {"max": TOKEN_NAME_MAX_LENGTH},
            code="name_too_long",
        )
    active = ApiToken.objects.filter(user_id=actor.pk, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationFailed(
            _("You already have %(count)d active tokens; revoke one you no longer use first.")
            % {"count": active},
            code="too_many_tokens",
        )
    raw = ApiToken.new_raw_token()
    with acting_as(actor):
        token = ApiToken.objects.create(user_id=actor.pk, name=name, token_hash=hash_token(raw))
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor: AbstractBaseUser | AnonymousUser, token_id: int) -> ApiToken:
    """Revoke a token; only its owner or the secretariat may. Revoking a revoked token changes nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to revoke an API token."))
    token = access_api_token(actor, token_id)
    if token.revoked_at is None:
        with acting_as(actor):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def _check_may_manage_roles(actor: AbstractBaseUser | AnonymousUser | None) -> None:
    # None is the operator at the command line, who already controls the installation.
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may grant or revoke roles."))


def _check_role(role: str) -> None:
    if role not in Role.values:
        raise ValidationFailed(
            _("Unknown role %(role)s; use one of: %(roles)s.")
            % {"role": role, "roles": ", ".join(Role.values)},
            code="bad_role",
        )


@transaction.atomic
def grant_role(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    user: AbstractBaseUser,
    organization: Organization,
    role: str,
) -> tuple[Membership, bool]:
    """Let `user` act for `organization` in `role`. Returns the membership and whether it is new."""
    _check_may_manage_roles(actor)
    _check_role(role)
    existing = Membership.objects.filter(user_id=user.pk, organization=organization, role=role).first()
    if existing is not None:
        return existing, False
    with acting_as(actor):
        membership = Membership.objects.create(user_id=user.pk, organization=organization, role=role)
    return membership, True


@transaction.atomic
def revoke_role(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    user: AbstractBaseUser,
    organization: Organization,
    role: str,
) -> None:
    """Stop `user` acting for `organization` in `role`."""
    _check_may_manage_roles(actor)
    _check_role(role)
    membership = Membership.objects.filter(user_id=user.pk, organization=organization, role=role).first()
    if membership is None:
        raise NotFound(
            _("%(username)s does not act for %(organization)s as %(role)s.")
            % {"username": user.get_username(), "organization": organization.acronym, "role": role},
            code="no_such_membership",
        )
    with acting_as(actor):
        membership.delete()


def remember_language(*, user: AbstractBaseUser, language: str) -> bool:
    """Keep the language `user` reads in, so e-mails reach them in it; True when it changed.
    Unknown codes are ignored: the language comes from the request."""
    if not user.is_authenticated or language not in dict(settings.LANGUAGES):
        return False
    updated = Preference.objects.filter(user_id=user.pk).exclude(language=language).update(language=language)
    if updated:
        return True
    _preference, created = Preference.objects.get_or_create(user_id=user.pk, defaults={"language": language})
    return created
