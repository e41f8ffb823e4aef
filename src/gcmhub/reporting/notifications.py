"""E-mails about calls for inputs, each in its recipient's language, sent after the transaction commits.

The shape is the knowledge platform's (`knowledge/notifications.py`): compose once per language, one message
per address."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import languages_of
from gcmhub.reference.models import Organization
from gcmhub.reporting.models import Call, Response
from gcmhub.reporting.queries import AUDIENCE_ROLES

Compose = Callable[[], tuple[str, str]]


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def send(recipients: Iterable[AbstractBaseUser], compose: Compose) -> int:
    """Queue one e-mail per address, in the language its owner last read the site in; returns how many."""
    people: dict[str, AbstractBaseUser] = {}
    for user in recipients:
        email = getattr(user, "email", "")
        if email and email not in people:
            people[email] = user
    if not people:
        return 0
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
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)


def authors(organization: Organization, role: str | None) -> list[AbstractBaseUser]:
    """The active people who write the organization's responses (in `role`)."""
    people = get_user_model().objects.filter(memberships__organization=organization, is_active=True)
    if role is not None:
        people = people.filter(memberships__role=role)
    return list(people.distinct().order_by("pk"))


def remind(call: Call, organization: Organization, audience: str, days: int) -> int:
    """Remind an organization that has not submitted; returns the number of e-mails queued."""
    return send(
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
    return send(
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
