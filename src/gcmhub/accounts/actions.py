"""Every write to accounts: API tokens, organization memberships and invitations. Keyword-only actor, one
transaction, an audit event (django-auditlog) attributed to the actor."""

import datetime
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts import emails
from gcmhub.accounts.models import ApiToken, Invitation, Membership, Preference, Role, hash_token
from gcmhub.accounts.queries import (
    AnyUser,
    access_api_token,
    access_invitation,
    accounts_with_email,
    check_may_manage_people,
    invitation_by_token,
    is_secretariat,
)
from gcmhub.core.audit import acting_as

if TYPE_CHECKING:
    from django.contrib.auth.models import User
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization

# Enough for every script and integration a person runs; more usually means tokens are not being revoked.
MAX_ACTIVE_TOKENS = 20
TOKEN_NAME_MAX_LENGTH = ApiToken._meta.get_field("name").max_length or 100


@transaction.atomic
def create_api_token(*, actor: AnyUser, name: str) -> tuple[ApiToken, str]:
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
def revoke_api_token(*, actor: AnyUser, token_id: int) -> ApiToken:
    """Revoke a token; only its owner or the secretariat may. Revoking a revoked token changes nothing."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to revoke an API token."))
    token = access_api_token(actor, token_id)
    if token.revoked_at is None:
        with acting_as(actor):
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def _check_may_manage_roles(actor: AnyUser | None) -> None:
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
    actor: AnyUser | None,
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
    actor: AnyUser | None,
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


def _new_link(invitation: Invitation) -> str:
    """A fresh token for the invitation's link (any older link stops working) and a new expiry date."""
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = hash_token(raw)
    invitation.sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=settings.GCMHUB_INVITATION_DAYS)
    return raw


def _clean_email(email: str) -> str:
    email = (email or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationFailed(
            _("%(email)s is not a valid e-mail address.") % {"email": email or "—"}, code="bad_email"
        ) from exc
    return email


def _check_language(language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValidationFailed(
            _("Unknown language %(language)s; use one of: %(languages)s.")
            % {"language": language, "languages": ", ".join(code for code, _name in settings.LANGUAGES)},
            code="bad_language",
        )


def _check_not_invited_yet(email: str, organization: Organization, role: str) -> None:
    if Membership.objects.filter(user__email__iexact=email, organization=organization, role=role).exists():
        raise ValidationFailed(
            _("The account of %(email)s already acts for %(organization)s in this role.")
            % {"email": email, "organization": organization.acronym},
            code="already_member",
        )
    waiting = Invitation.objects.filter(
        email__iexact=email,
        organization=organization,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if waiting.exists():
        raise ValidationFailed(
            _(
                "%(email)s is already invited to %(organization)s in this role; send that invitation again "
                "instead."
            )
            % {"email": email, "organization": organization.acronym},
            code="already_invited",
        )


@transaction.atomic
def invite(
    *,
    actor: AnyUser,
    email: str,
    organization: Organization,
    role: str,
    language: str,
) -> Invitation:
    """Invite the person at `email` to act for `organization` in `role`, and e-mail them the link in
    `language` once this commits. Whether or not they already have an account, the role is theirs only
    after they accept."""
    check_may_manage_people(actor)
    email = _clean_email(email)
    _check_role(role)
    _check_language(language)
    _check_not_invited_yet(email, organization, role)
    invitation = Invitation(
        email=email, organization=organization, role=role, language=language, invited_by_id=actor.pk
    )
    raw = _new_link(invitation)
    with acting_as(actor):
        invitation.save()
    emails.send_invitation(invitation, raw)
    return invitation


def _check_still_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationFailed(
            _("This invitation has already been accepted; to take the role away, revoke the role."),
            code="invitation_used",
        )
    if invitation.revoked_at is not None:
        raise ValidationFailed(
            _("This invitation was revoked; invite the person again instead."), code="invitation_revoked"
        )


@transaction.atomic
def resend_invitation(*, actor: AnyUser, invitation_id: int) -> Invitation:
    """Send an open invitation again, expired or not, with a new link valid for the full period; the old
    link stops working."""
    invitation = access_invitation(actor, invitation_id)
    _check_still_open(invitation)
    raw = _new_link(invitation)
    with acting_as(actor):
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    emails.send_invitation(invitation, raw)
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: AnyUser, invitation_id: int) -> Invitation:
    """Withdraw an invitation so its link no longer works. Revoking a revoked invitation changes nothing."""
    invitation = access_invitation(actor, invitation_id)
    if invitation.revoked_at is not None:
        return invitation
    _check_still_open(invitation)
    with acting_as(actor):
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def _accept(invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """Give `user` the invitation's role and mark it used; inside the caller's transaction and audit event."""
    membership, _created = Membership.objects.get_or_create(
        user_id=user.pk, organization=invitation.organization, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by_id = user.pk
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def accept_invitation(*, actor: AnyUser, raw_token: str) -> Membership:
    """The signed-in person accepts an invitation sent to their account's e-mail address."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to accept the invitation."), code="sign_in_first")
    invitation = invitation_by_token(raw_token, for_update=True)
    if (getattr(actor, "email", "") or "").strip().lower() != invitation.email.lower():
        raise PermissionDenied(
            _(
                "This invitation was sent to %(email)s, which is not the address of the account you are "
                "signed in with. Sign out, then sign in with the account that uses %(email)s."
            )
            % {"email": invitation.email},
            code="wrong_account",
        )
    with acting_as(actor):
        return _accept(invitation, actor)


def _check_new_password(password: str, user: "User") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="weak_password") from exc


@transaction.atomic
def join_by_invitation(
    *, raw_token: str, username: str, password: str, first_name: str = "", last_name: str = ""
) -> "User":
    """A person without an account accepts an invitation: a new account for the invitation's address, with
    the password they chose (checked by the password validators) and the invitation's role."""
    invitation = invitation_by_token(raw_token, for_update=True)
    if accounts_with_email(invitation.email).exists():
        raise ValidationFailed(
            _(
                "An account with the address %(email)s exists already: sign in with it to accept the "
                "invitation."
            )
            % {"email": invitation.email},
            code="account_exists",
        )
    User = get_user_model()
    username = (username or "").strip()
    if not username or User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(
            _("The username %(username)s is taken; choose another.") % {"username": username or "—"},
            code="username_taken",
        )
    user = User(username=username, email=invitation.email, first_name=first_name, last_name=last_name)
    _check_new_password(password, user)
    user.set_password(password)
    try:
        user.full_clean()  # the username's characters and length, the names' lengths
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), code="invalid_account") from exc
    with acting_as(None):  # nobody is signed in yet; the link itself is the authority
        user.save()
    with acting_as(user):
        Preference.objects.create(user=user, language=invitation.language)
        _accept(invitation, user)
    return user
