"""E-mails to people: `send_in_their_languages`, the one way every app e-mails its users, and the invitations
accounts send. Both are sent after the transaction commits, never for a write that failed."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Invitation
from gcmhub.accounts.queries import languages_of

# Returns (subject, body); called with the recipient's language active.
Compose = Callable[[], tuple[str, str]]


def _by_address(users: Iterable[AbstractBaseUser | None]) -> dict[str, AbstractBaseUser]:
    """Each e-mail address once, with the person it belongs to."""
    people: dict[str, AbstractBaseUser] = {}
    for user in users:
        email = getattr(user, "email", "") if user is not None else ""
        if user is not None and email and email not in people:
            people[email] = user
    return people


def send_in_their_languages(recipients: Iterable[AbstractBaseUser | None], compose: Compose) -> int:
    """Queue one e-mail per address, in the language its owner last read the site in, sent once the current
    transaction commits; returns how many. `compose` is called once per language."""
    people = _by_address(recipients)
    languages = languages_of(person.pk for person in people.values())
    composed: dict[str, tuple[str, str]] = {}
    messages = []
    for email, person in people.items():
        language = languages[person.pk]
        if language not in composed:
            with translation.override(language):
                composed[language] = compose()
        subject, body = composed[language]
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)


def invitation_link(raw_token: str) -> str:
    """The absolute link to accept an invitation, in the active language's address."""
    return settings.SITE_URL.rstrip("/") + reverse("accept_invitation", args=[raw_token])


def _compose_invitation(invitation: Invitation, raw_token: str) -> tuple[str, str]:
    subject = _("You are invited to the GCM Hub for %(organization)s") % {
        "organization": invitation.organization.acronym
    }
    body = _(
        "The secretariat of the UN Network on Migration invites you to act for %(organization)s as "
        "%(role)s on the GCM Hub.\n\n"
        "Accept the invitation here (with a new account, or with the account you already have for this "
        "address):\n%(link)s\n\n"
        "The link works once and until %(expires)s. If you did not expect this e-mail, ignore it."
    ) % {
        "organization": invitation.organization.name,
        "role": invitation.get_role_display(),
        "link": invitation_link(raw_token),
        "expires": formats.date_format(invitation.expires_at, "DATETIME_FORMAT"),
    }
    return subject, body


def send_invitation(invitation: Invitation, raw_token: str) -> None:
    """E-mail the invitation's link to the invitee once the current transaction commits."""
    with translation.override(invitation.language):
        subject, body = _compose_invitation(invitation, raw_token)
    recipient = invitation.email
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)
    )
