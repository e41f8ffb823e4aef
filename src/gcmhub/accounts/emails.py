"""The e-mails accounts send: invitations, in the language the inviter chose for the invitee. Sent after the
transaction commits, never for a write that failed; not through the job queue, which would store the link."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Invitation


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
