"""E-mails about calls for inputs, each in its recipient's language, sent after the transaction commits
(through `accounts.emails.send_in_their_languages`, as every app's e-mails)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.reference.models import Organization
from gcmhub.reporting.models import Call, Response
from gcmhub.reporting.queries import AUDIENCE_ROLES


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def authors(organization: Organization, role: str | None) -> list[AbstractBaseUser]:
    """The active people who write the organization's responses (in `role`)."""
    people = get_user_model().objects.filter(memberships__organization=organization, is_active=True)
    if role is not None:
        people = people.filter(memberships__role=role)
    return list(people.distinct().order_by("pk"))


def remind(call: Call, organization: Organization, audience: str, days: int) -> int:
    """Remind an organization that has not submitted; returns the number of e-mails queued."""
    return send_in_their_languages(
        authors(organization, AUDIENCE_ROLES.get(audience)),
        lambda: (
            _("Reminder: %(call)s closes in %(days)d days") % {"call": call.title, "days": days},
            _(
                "The call for inputs “%(call)s” closes on %(date)s and %(organization)s has not submitted "
                "its response yet. Answer it here: %(link)s"
            )
            % {
                "call": call.title,
                "date": call.closes_on.isoformat(),
                "organization": organization.name_display,
                "link": _link(call.get_absolute_url()),
            },
        ),
    )


def reopened(response: Response, reason: str) -> int:
    return send_in_their_languages(
        authors(response.organization, AUDIENCE_ROLES.get(response.audience)),
        lambda: (
            _("Your response was reopened: %(call)s") % {"call": response.call.title},
            _(
                "The secretariat reopened the response of %(organization)s to “%(call)s”:\n\n"
                "%(reason)s\n\n%(link)s"
            )
            % {
                "organization": response.organization.name_display,
                "call": response.call.title,
                "reason": reason,
                "link": _link(response.get_absolute_url()),
            },
        ),
    )
