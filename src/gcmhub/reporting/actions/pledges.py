"""Every write of IMRF pledges: keyword-only `actor`, one transaction, audited.

Rules (docs/pledges.md):
- a member of an organization (a Member State's, a Network member's or a stakeholder's focal point) submits a
  pledge for it, alone or with co-pledgers; it gets its public ID at once and waits for moderation;
- the secretariat publishes it, returns it for changes with a reason, or rejects it with a reason; a returned
  pledge is changed and resubmitted by the pledging organization;
- once published, the pledging organization's members add dated progress updates, kept as its history.
"""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, organizations_by_acronym
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization
from gcmhub.reporting import notifications_pledges
from gcmhub.reporting.actions.common import LANGUAGES, MAX_TEXT, clean_date, clean_text
from gcmhub.reporting.models_pledges import PUBLIC_ID_PREFIX, Pledge, PledgeProgress, PledgeStatus
from gcmhub.reporting.queries_pledges import (
    access_pledge_for_edit,
    access_pledge_for_moderation,
    access_pledge_for_progress,
    pledger_type_of,
    pledging_organizations,
)

MAX_CO_PLEDGERS = 50
MAX_COUNTRIES = 250


class Decision:
    """What the secretariat decides about a pledge awaiting moderation."""

    PUBLISH = "publish"
    RETURN = "return"
    REJECT = "reject"
    ALL = (PUBLISH, RETURN, REJECT)


def _pledging_organization(actor: AnyUser, acronym: Any) -> Organization:
    organization = pledging_organizations(actor).filter(acronym__iexact=str(acronym or "").strip()).first()
    if organization is None:
        raise PermissionDenied(
            _("You may pledge only for an organization you are a focal point or stakeholder member of."),
            code="not_a_pledger",
        )
    return organization


def _as_list(data: dict[str, Any], name: str, limit: int) -> list[str]:
    values = data.get(name) or []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise ValidationFailed(_("%(field)s must be a list.") % {"field": name}, code="not_a_list")
    cleaned = list(dict.fromkeys(str(v).strip() for v in values if str(v).strip()))
    if len(cleaned) > limit:
        raise ValidationFailed(
            _("%(field)s names more than %(limit)d items.") % {"field": name, "limit": limit},
            code="too_many",
        )
    return cleaned


def _objectives(data: dict[str, Any]) -> list[Objective]:
    numbers = _as_list(data, "objectives", 23)
    found = {
        str(o.number): o for o in Objective.objects.filter(number__in=[n for n in numbers if n.isdigit()])
    }
    if not numbers or len(found) != len(numbers):
        raise ValidationFailed(
            _("Name one or more GCM objectives by their numbers, 1 to 23."), code="bad_objectives"
        )
    return [found[n] for n in numbers]


def _principles(data: dict[str, Any]) -> list[GuidingPrinciple]:
    slugs = _as_list(data, "principles", 10)
    found = {p.slug: p for p in GuidingPrinciple.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise ValidationFailed(
            _("Unknown guiding principles: %(values)s.") % {"values": ", ".join(unknown)},
            code="bad_principles",
        )
    return [found[s] for s in slugs]


def _countries(data: dict[str, Any]) -> list[Country]:
    codes = [c.upper() for c in _as_list(data, "countries", MAX_COUNTRIES)]
    found = {c.iso3: c for c in Country.objects.filter(iso3__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise ValidationFailed(
            _("Unknown country codes (ISO 3166 alpha-3): %(values)s.") % {"values": ", ".join(unknown)},
            code="bad_countries",
        )
    return [found[c] for c in codes]


def _co_pledgers(data: dict[str, Any], organization: Organization) -> list[Organization]:
    """The partners of a partnership pledge; naming the pledging organization itself adds nothing."""
    partners = organizations_by_acronym(_as_list(data, "co_pledgers", MAX_CO_PLEDGERS))
    return [partner for partner in partners if partner.pk != organization.pk]


def _language(data: dict[str, Any]) -> str:
    language = str(data.get("language") or "en")
    if language not in LANGUAGES:
        raise ValidationFailed(_("Unknown language %(language)s.") % {"language": language})
    return language


def clean_contents(data: dict[str, Any], organization: Organization) -> dict[str, Any]:
    """Every field of a pledge's content, validated together (a partial pledge is refused)."""
    return {
        "title": clean_text(data, "title", 250, required=True),
        "description": clean_text(data, "description", MAX_TEXT, required=True),
        "language": _language(data),
        "objectives": _objectives(data),
        "principles": _principles(data),
        "countries": _countries(data),
        "co_pledgers": _co_pledgers(data, organization),
    }


def store_contents(pledge: Pledge, contents: dict[str, Any]) -> None:
    for name in ("title", "description", "language"):
        setattr(pledge, name, contents[name])
    pledge.save()
    pledge.objectives.set(contents["objectives"])
    pledge.principles.set(contents["principles"])
    pledge.countries.set(contents["countries"])
    pledge.co_pledgers.set(contents["co_pledgers"])


def public_id_for(pk: int) -> str:
    return f"{PUBLIC_ID_PREFIX}{pk:05d}"


@transaction.atomic
def submit_pledge(*, actor: AnyUser, data: dict[str, Any]) -> Pledge:
    """A new pledge for the organization `data["organization"]` (an acronym), awaiting moderation."""
    organization = _pledging_organization(actor, data.get("organization"))
    contents = clean_contents(data, organization)
    with acting_as(actor):
        # The public ID comes from the row's own number, so it is set once the row exists.
        pledge = Pledge(
            organization=organization,
            pledger_type=pledger_type_of(organization),
            submitted_by_id=actor.pk,
            submitted_at=timezone.now(),
            public_id=uuid.uuid4().hex[:20],
        )
        store_contents(pledge, contents)
        pledge.public_id = public_id_for(pledge.pk)
        pledge.save(update_fields=["public_id"])
    return pledge


@transaction.atomic
def resubmit_pledge(*, actor: AnyUser, public_id: str, data: dict[str, Any]) -> Pledge:
    """The pledging organization changes a returned pledge; it waits for moderation again."""
    pledge = access_pledge_for_edit(actor, public_id)
    contents = clean_contents(data, pledge.organization)
    with acting_as(actor):
        pledge.status = PledgeStatus.SUBMITTED
        pledge.submitted_by_id = actor.pk
        pledge.submitted_at = timezone.now()
        store_contents(pledge, contents)
    return pledge


@transaction.atomic
def moderate_pledge(*, actor: AnyUser, public_id: str, decision: str, reason: str = "") -> Pledge:
    """The secretariat publishes a pledge awaiting moderation, or returns or rejects it with a reason; the
    pledging organization is told by e-mail once the decision is saved."""
    pledge = access_pledge_for_moderation(actor, public_id)
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != PledgeStatus.SUBMITTED:
        raise ValidationFailed(_("This pledge is not awaiting moderation."), code="not_submitted")
    if decision not in Decision.ALL:
        raise ValidationFailed(
            _("The decision must be one of: %(choices)s.") % {"choices": ", ".join(Decision.ALL)},
            code="bad_decision",
        )
    reason = clean_text({"reason": reason}, "reason", MAX_TEXT, required=decision != Decision.PUBLISH)
    now = timezone.now()
    with acting_as(actor):
        pledge.status = {
            Decision.PUBLISH: PledgeStatus.PUBLISHED,
            Decision.RETURN: PledgeStatus.RETURNED,
            Decision.REJECT: PledgeStatus.REJECTED,
        }[decision]
        pledge.moderated_by_id = actor.pk
        pledge.moderated_at = now
        pledge.moderation_reason = reason
        if decision == Decision.PUBLISH and pledge.published_at is None:
            pledge.published_at = now
        pledge.save()
    notifications_pledges.moderated(pledge)
    return pledge


@transaction.atomic
def add_progress(*, actor: AnyUser, public_id: str, data: dict[str, Any]) -> PledgeProgress:
    """A dated progress update on a published pledge, by a member of the pledging organization."""
    pledge = access_pledge_for_progress(actor, public_id)
    text = clean_text(data, "text", MAX_TEXT, required=True)
    reported_on = clean_date(data.get("reported_on") or timezone.localdate(), "reported_on")
    if reported_on > timezone.localdate():
        raise ValidationFailed(_("Progress cannot be dated in the future."), code="future_date")
    if reported_on < timezone.localdate(pledge.submitted_at):
        raise ValidationFailed(_("Progress cannot be dated before the pledge was made."), code="too_early")
    with acting_as(actor):
        progress = PledgeProgress.objects.create(
            pledge=pledge, reported_on=reported_on, text=text, language=_language(data), author_id=actor.pk
        )
        # The pledge's own timestamp moves, so its search entry and downloads show the latest update.
        pledge.save(update_fields=["updated_at"])
    return progress
