"""E-mails at each step of the review, sent after the transaction commits (never for a write that failed)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.accounts.queries import AnyUser, secretariat_users
from gcmhub.knowledge.models import Resource


def _link(resource: Resource) -> str:
    return settings.SITE_URL.rstrip("/") + resource.get_absolute_url()


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


def submitted(resource: Resource) -> None:
    send_in_their_languages(
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
    send_in_their_languages(
        [*reviewers, *secretariat_users()],
        lambda: (
            _("Revised submission: %(title)s") % {"title": resource.title},
            _("“%(title)s” was revised and is ready for review round %(round)d: %(link)s")
            % {"title": resource.title, "round": resource.review_round, "link": _link(resource)},
        ),
    )


def assigned(resource: Resource, reviewer: AbstractBaseUser) -> None:
    send_in_their_languages(
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
    send_in_their_languages(
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
    send_in_their_languages(
        secretariat_users(),
        lambda: (
            _("Review received: %(title)s") % {"title": resource.title},
            _("%(reviewer)s reviewed “%(title)s”: %(link)s")
            % {"reviewer": reviewer.get_username(), "title": resource.title, "link": _link(resource)},
        ),
    )


def changes_requested(resource: Resource, rationale: str) -> None:
    send_in_their_languages(
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
    send_in_their_languages(
        [*submitters(resource), *secretariat_users()],
        lambda: (
            _("Approved: %(title)s") % {"title": resource.title},
            _("“%(title)s” was approved:\n\n%(rationale)s\n\n%(link)s")
            % {"title": resource.title, "rationale": rationale, "link": _link(resource)},
        ),
    )


def published(resource: Resource) -> None:
    send_in_their_languages(
        submitters(resource),
        lambda: (
            _("Published: %(title)s") % {"title": resource.title},
            _("“%(title)s” is now published on the GCM Hub: %(link)s")
            % {"title": resource.title, "link": _link(resource)},
        ),
    )


def archived(resource: Resource, rationale: str) -> None:
    send_in_their_languages(
        submitters(resource),
        lambda: (
            _("Archived: %(title)s") % {"title": resource.title},
            _("“%(title)s” was archived and is no longer public:\n\n%(rationale)s")
            % {"title": resource.title, "rationale": rationale},
        ),
    )
