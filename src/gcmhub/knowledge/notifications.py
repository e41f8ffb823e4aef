"""E-mails at each step of the review, sent after the transaction commits (never for a write that failed)."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import AnyUser, languages_of
from gcmhub.knowledge.models import Resource

Compose = Callable[[], tuple[str, str]]


def _link(resource: Resource) -> str:
    return settings.SITE_URL.rstrip("/") + resource.get_absolute_url()


def _people(users: Iterable[AbstractBaseUser | None]) -> dict[str, AbstractBaseUser]:
    """Each e-mail address once, with the person it belongs to."""
    people: dict[str, AbstractBaseUser] = {}
    for user in users:
        if user is None:
            continue
        email = getattr(user, "email", "")
        if email and email not in people:
            people[email] = user
    return people


def secretariat_users() -> list[AbstractBaseUser]:
    return list(
        get_user_model().objects.filter(memberships__role=Role.SECRETARIAT, is_active=True).distinct()
    )


def submitters(resource: Resource) -> list[AbstractBaseUser]:
    """The person who submitted, or failing that the organization's submitting members."""
    if resource.submitted_by is not None:
        return [resource.submitted_by]
    if resource.organization_id is None:
        return []
    return list(
        get_user_model()
        .objects.filter(memberships__organization_id=resource.organization_id, is_active=True)
        .distinct()
    )


def send(recipients: Iterable[AbstractBaseUser | None], compose: Compose) -> None:
    """Queue one e-mail per recipient, in the language they last read the site in, sent once the current
    transaction commits. `compose` returns (subject, body) and is called once per language."""
    people = _people(recipients)
    if not people:
        return
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


def submitted(resource: Resource) -> None:
    send(
        secretariat_users(),
        lambda: (
            _("New submission: %(title)s") % {"title": resource.title},
            _("%(organization)s submitted “%(title)s” for review. Assign reviewers here: %(link)s")
            % {
                "organization": resource.organization or "—",
                "title": resource.title,
                "link": _link(resource),
            },
        ),
    )


def resubmitted(resource: Resource, reviewers: list[AbstractBaseUser]) -> None:
    send(
        [*reviewers, *secretariat_users()],
        lambda: (
            _("Revised submission: %(title)s") % {"title": resource.title},
            _("“%(title)s” was revised and is ready for review round %(round)d: %(link)s")
            % {"title": resource.title, "round": resource.review_round, "link": _link(resource)},
        ),
    )


def assigned(resource: Resource, reviewer: AbstractBaseUser) -> None:
    send(
        [reviewer],
        lambda: (
            _("Please review: %(title)s") % {"title": resource.title},
            _(
                "You have been asked to review “%(title)s”. If you have a conflict of interest, "
                "declare it on the "
                "review page and another reviewer will be found: %(link)s"
            )
            % {"title": resource.title, "link": _link(resource)},
        ),
    )


def replacement_needed(resource: Resource) -> None:
    send(
        secretariat_users(),
        lambda: (
            _("A reviewer is needed: %(title)s") % {"title": resource.title},
            _(
                "A reviewer of “%(title)s” declared a conflict of interest and no eligible replacement "
                "was found: %(link)s"
            )
            % {"title": resource.title, "link": _link(resource)},
        ),
    )


def review_completed(resource: Resource, reviewer: AnyUser) -> None:
    send(
        secretariat_users(),
        lambda: (
            _("Review received: %(title)s") % {"title": resource.title},
            _("%(reviewer)s reviewed “%(title)s”: %(link)s")
            % {"reviewer": reviewer.get_username(), "title": resource.title, "link": _link(resource)},
        ),
    )


def changes_requested(resource: Resource, rationale: str) -> None:
    send(
        submitters(resource),
        lambda: (
            _("Changes requested: %(title)s") % {"title": resource.title},
            _(
                "The reviewers ask for changes to “%(title)s” before it can be published:\n\n"
                "%(rationale)s\n\n"
                "Revise it and submit it again: %(link)s"
            )
            % {"title": resource.title, "rationale": rationale, "link": _link(resource)},
        ),
    )


def approved(resource: Resource, rationale: str) -> None:
    send(
        [*submitters(resource), *secretariat_users()],
        lambda: (
            _("Approved: %(title)s") % {"title": resource.title},
            _("“%(title)s” was approved:\n\n%(rationale)s\n\n%(link)s")
            % {"title": resource.title, "rationale": rationale, "link": _link(resource)},
        ),
    )


def published(resource: Resource) -> None:
    send(
        submitters(resource),
        lambda: (
            _("Published: %(title)s") % {"title": resource.title},
            _("“%(title)s” is now published on the GCM Hub: %(link)s")
            % {"title": resource.title, "link": _link(resource)},
        ),
    )


def archived(resource: Resource, rationale: str) -> None:
    send(
        submitters(resource),
        lambda: (
            _("Archived: %(title)s") % {"title": resource.title},
            _("“%(title)s” was archived and is no longer public:\n\n%(rationale)s")
            % {"title": resource.title, "rationale": rationale},
        ),
    )
