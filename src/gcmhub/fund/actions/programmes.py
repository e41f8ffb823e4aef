"""Writes to joint programmes: concept notes and their details, the status pipeline, Steering Committee
decisions, extensions and markers."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.fund.actions.common import clean_text as _text
from gcmhub.fund.actions.rules import check_amount, check_date
from gcmhub.fund.models import (
    PUBLIC_STATUSES,
    TRANSITIONS,
    Fund,
    JointProgramme,
    ParticipatingOrganization,
    ProgrammeObjective,
    ProgrammePartner,
    ProgrammeStatus,
    SteeringCommitteeDecision,
)
from gcmhub.fund.queries.access import (
    access_fund,
    access_programme,
    access_programme_for_edit,
    can_manage_books,
    can_submit_for_review,
    focal_point_org_ids,
)
from gcmhub.fund.queries.statement import organization_rows
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization
from gcmhub.results.actions import new_framework
from gcmhub.results.models import Framework

S = ProgrammeStatus
TEAM_TRANSITIONS = {
    (S.CONCEPT_NOTE, S.UNDER_REVIEW),
    (S.CONCEPT_NOTE, S.WITHDRAWN),
    (S.UNDER_REVIEW, S.WITHDRAWN),
}
DECISION_FOR: dict[str, str] = {
    S.APPROVED: SteeringCommitteeDecision.Kind.APPROVAL,
    S.REJECTED: SteeringCommitteeDecision.Kind.REJECTION,
}


def _countries(codes: list[str]) -> list[Country]:
    found = []
    for code in dict.fromkeys(c.strip().upper() for c in codes):
        country = Country.objects.filter(iso3=code).first()
        if country is None:
            raise ValidationFailed(
                _("There is no country %(code)s.") % {"code": code[:10]}, code="unknown_country"
            )
        found.append(country)
    return found


def _check_level(level: str, countries: list[Country]) -> None:
    if level not in JointProgramme.Level.values:
        raise ValidationFailed(_("The level is national, regional or global."), code="bad_level")
    if level == JointProgramme.Level.NATIONAL and len(countries) != 1:
        raise ValidationFailed(_("A national programme names exactly one country."), code="bad_countries")
    if level == JointProgramme.Level.REGIONAL and not countries:
        raise ValidationFailed(_("A regional programme names its countries."), code="bad_countries")


def _objectives(primary: list[int], secondary: list[int]) -> list[tuple[Objective, bool]]:
    if not primary:
        raise ValidationFailed(_("Name at least one primary GCM objective."), code="no_primary_objective")
    if set(primary) & set(secondary):
        raise ValidationFailed(
            _("An objective is either primary or secondary, not both."), code="bad_objectives"
        )
    numbers = list(dict.fromkeys([*primary, *secondary]))
    found = {o.number: o for o in Objective.objects.filter(number__in=numbers)}
    missing = [n for n in numbers if n not in found]
    if missing:
        raise ValidationFailed(
            _("There is no GCM objective %(number)s.") % {"number": missing[0]}, code="unknown_objective"
        )
    return [(found[n], n in primary) for n in numbers]


def _principles(keys: list[Any]) -> list[GuidingPrinciple]:
    found = []
    for key in keys:
        principle = (
            GuidingPrinciple.objects.filter(number=int(key)).first()
            if str(key).isdigit()
            else GuidingPrinciple.objects.filter(slug=str(key)).first()
        )
        if principle is None:
            raise ValidationFailed(
                _("There is no guiding principle %(key)s.") % {"key": str(key)[:40]}, code="unknown_principle"
            )
        found.append(principle)
    return found


def _participants(rows: list[dict[str, Any]]) -> list[tuple[Organization, Decimal, bool]]:
    if not rows:
        raise ValidationFailed(_("Name at least one participating UN organization."), code="no_participants")
    seen: set[int] = set()
    cleaned = []
    for row in rows:
        acronym = str(row.get("organization", "")).strip()
        org = Organization.objects.filter(acronym__iexact=acronym).first()
        if org is None:
            raise ValidationFailed(
                _("There is no organization %(acronym)s.") % {"acronym": acronym[:30]}, code="unknown_org"
            )
        if org.kind != Organization.Kind.UN_ENTITY:
            raise ValidationFailed(
                _("%(acronym)s is not a UN organization; name it as a partner instead.")
                % {"acronym": org.acronym},
                code="not_un_entity",
            )
        if org.pk in seen:
            raise ValidationFailed(
                _("%(acronym)s is named twice.") % {"acronym": org.acronym}, code="duplicate"
            )
        seen.add(org.pk)
        budget = check_amount(
            row.get("budget_usd"), _("The budget of %(acronym)s") % {"acronym": org.acronym}
        )
        cleaned.append((org, budget, bool(row.get("is_convening"))))
    if sum(1 for _o, _b, convening in cleaned if convening) > 1:
        raise ValidationFailed(_("Only one organization convenes a programme."), code="two_convening")
    if not any(convening for _o, _b, convening in cleaned):
        org, budget, _flag = cleaned[0]
        cleaned[0] = (org, budget, True)
    return cleaned


def _partners(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for row in rows:
        kind = row.get("kind")
        if kind not in ProgrammePartner.Kind.values:
            raise ValidationFailed(_("A partner is national or civil-society."), code="bad_partner")
        org = None
        if row.get("organization"):
            org = Organization.objects.filter(acronym__iexact=str(row["organization"]).strip()).first()
            if org is None:
                raise ValidationFailed(
                    _("There is no organization %(acronym)s.") % {"acronym": str(row["organization"])[:30]},
                    code="unknown_org",
                )
        name = _text(row.get("name") or (org.name if org else ""), _("The partner's name"), 250)
        cleaned.append({"kind": kind, "name": name, "organization": org})
    return cleaned


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationFailed(_("The end cannot be before the start."), code="dates_reversed")


def _next_code(fund: Fund) -> str:
    number = JointProgramme.objects.filter(fund=fund).count() + 1
    while JointProgramme.objects.filter(code=f"{fund.code}-{number:03d}").exists():
        number += 1
    return f"{fund.code}-{number:03d}"


def sync_framework(programme: JointProgramme) -> None:
    """The programme's results framework follows it: its organizations report, it is public when the
    programme is."""
    framework = programme.framework
    if framework is None:
        return
    framework.is_public = programme.status in PUBLIC_STATUSES and programme.fund.is_published
    framework.title = programme.title[:300]
    framework.save(update_fields=["is_public", "title", "updated_at"])
    framework.reporting_organizations.set(
        Organization.objects.filter(fund_participations__programme=programme)
    )


def _apply_links(programme: JointProgramme, data: dict[str, Any]) -> None:
    if data.get("objectives") is not None:
        programme.programme_objectives.all().delete()
        ProgrammeObjective.objects.bulk_create(
            [
                ProgrammeObjective(programme=programme, objective=o, is_primary=p)
                for o, p in data["objectives"]
            ]
        )
    if data.get("countries") is not None:
        programme.countries.set(data["countries"])
    if data.get("guiding_principles") is not None:
        programme.guiding_principles.set(data["guiding_principles"])
    if data.get("participants") is not None:
        keep = {org.pk for org, _b, _c in data["participants"]}
        programme.participants.exclude(organization_id__in=keep).delete()
        for org, budget, convening in data["participants"]:
            ParticipatingOrganization.objects.update_or_create(
                programme=programme,
                organization=org,
                defaults={"budget_usd": budget, "is_convening": convening},
            )
    if data.get("partners") is not None:
        programme.partners.all().delete()
        ProgrammePartner.objects.bulk_create(
            [ProgrammePartner(programme=programme, **p) for p in data["partners"]]
        )


@transaction.atomic
def create_programme(
    *,
    actor: Actor,
    fund_code: str,
    title: str,
    level: str,
    thematic_area: int,
    objectives: list[int],
    participants: list[dict[str, Any]],
    summary: str = "",
    countries: list[str] | None = None,
    secondary_objectives: list[int] | None = None,
    guiding_principles: list[Any] | None = None,
    partners: list[dict[str, Any]] | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> JointProgramme:
    """A concept note. Fund managers may submit one for anyone; a focal point for a programme their own
    organization takes part in."""
    fund = access_fund(actor, fund_code)
    cleaned = _participants(participants)
    if not can_manage_books(actor) and not focal_point_org_ids(actor) & {org.pk for org, _b, _c in cleaned}:
        raise PermissionDenied(
            _(
                "A focal point may submit a concept note only for a programme "
                "their organization takes part in."
            )
        )
    area = fund.thematic_areas.filter(number=thematic_area).first()
    if area is None:
        raise ValidationFailed(
            _("The fund has no thematic area %(number)s.") % {"number": thematic_area}, code="unknown_area"
        )
    country_rows = _countries(countries or [])
    _check_level(level, country_rows)
    _check_dates(start_date, end_date)
    data = {
        "objectives": _objectives(list(objectives), list(secondary_objectives or [])),
        "countries": country_rows,
        "guiding_principles": _principles(guiding_principles or []),
        "participants": cleaned,
        "partners": _partners(partners or []),
    }
    with acting_as(actor):
        programme = JointProgramme.objects.create(
            fund=fund,
            code=_next_code(fund),
            title=_text(title, _("The title"), 300),
            summary=_text(summary, _("The summary"), 10000, required=False),
            level=level,
            thematic_area=area,
            start_date=start_date,
            end_date=end_date,
            created_by=acting_user(actor),
        )
        _apply_links(programme, data)
        programme.framework = new_framework(
            code=programme.code, title=programme.title, kind=Framework.Kind.PROGRAMME
        )
        programme.save(update_fields=["framework"])
        sync_framework(programme)
    return programme


@transaction.atomic
def update_programme(*, actor: Actor, code: str, **changes: Any) -> JointProgramme:
    """Change a programme's details; fields left out (or None) keep their value."""
    programme = access_programme_for_edit(actor, code)
    programme = JointProgramme.objects.select_for_update().get(pk=programme.pk)
    data: dict[str, Any] = {}
    if changes.get("participants") is not None:
        data["participants"] = _participants(changes["participants"])
        rows = {
            r.organization.pk: r
            for r in organization_rows(programme.fund, timezone.localdate(), programme)
            if r.organization is not None
        }
        for org, budget, _c in data["participants"]:
            if org.pk in rows and budget < rows[org.pk].transfers:
                raise ValidationFailed(
                    _("%(acronym)s has already received more than that budget.") % {"acronym": org.acronym},
                    code="budget_below_transfers",
                )
        kept = {org.pk for org, _b, _c in data["participants"]}
        if programme.entries.exclude(organization_id__in=kept).exists():
            raise ValidationFailed(
                _("An organization with entries in the books cannot be removed from the programme."),
                code="has_entries",
            )
    if changes.get("objectives") is not None or changes.get("secondary_objectives") is not None:
        current = list(programme.programme_objectives.all())
        primary = changes.get("objectives") or [p.objective.number for p in current if p.is_primary]
        secondary = changes.get("secondary_objectives")
        if secondary is None:
            secondary = [p.objective.number for p in current if not p.is_primary]
        data["objectives"] = _objectives(list(primary), list(secondary))
    if changes.get("countries") is not None:
        data["countries"] = _countries(changes["countries"])
    level = changes.get("level") or programme.level
    if changes.get("level") is not None or "countries" in data:
        _check_level(level, data.get("countries", list(programme.countries.all())))
    if changes.get("guiding_principles") is not None:
        data["guiding_principles"] = _principles(changes["guiding_principles"])
    if changes.get("partners") is not None:
        data["partners"] = _partners(changes["partners"])
    start = changes.get("start_date") or programme.start_date
    end = changes.get("end_date") or programme.end_date
    _check_dates(start, end)
    area = programme.thematic_area
    if changes.get("thematic_area") is not None:
        new_area = programme.fund.thematic_areas.filter(number=changes["thematic_area"]).first()
        if new_area is None:
            raise ValidationFailed(_("The fund has no such thematic area."), code="unknown_area")
        area = new_area
    with acting_as(actor):
        if changes.get("title") is not None:
            programme.title = _text(changes["title"], _("The title"), 300)
        if changes.get("summary") is not None:
            programme.summary = _text(changes["summary"], _("The summary"), 10000, required=False)
        programme.level, programme.thematic_area = level, area
        programme.start_date, programme.end_date = start, end
        programme.save()
        _apply_links(programme, data)
        sync_framework(programme)
    return programme


def _may_transition(actor: Actor, programme: JointProgramme, target: str) -> bool:
    if can_manage_books(actor):
        return True
    return (programme.status, target) in TEAM_TRANSITIONS and can_submit_for_review(actor, programme)


@transaction.atomic
def change_status(
    *, actor: Actor, code: str, status: str, note: str = "", date: datetime.date | None = None
) -> JointProgramme:
    """Move a programme along the pipeline; approvals and rejections are recorded as Steering Committee
    decisions."""
    programme = access_programme(actor, code)
    programme = (
        JointProgramme.objects.select_for_update(of=("self",)).select_related("fund").get(pk=programme.pk)
    )
    if status not in S.values:
        raise ValidationFailed(
            _("Unknown status %(status)s.") % {"status": str(status)[:40]}, code="bad_status"
        )
    if not _may_transition(actor, programme, status):
        raise PermissionDenied(_("You may not move this programme to that status."))
    if status not in TRANSITIONS[programme.status]:
        raise ValidationFailed(
            _('A programme cannot go from "%(current)s" to "%(target)s".')
            % {"current": programme.get_status_display(), "target": S(status).label},
            code="bad_transition",
        )
    if status == S.FUNDED and not programme.allocations.exists():
        raise ValidationFailed(
            _("A programme is funded once money is allocated to it."), code="not_allocated"
        )
    if status == S.FINANCIALLY_CLOSED:
        open_rows = [
            r for r in organization_rows(programme.fund, timezone.localdate(), programme) if r.balance
        ]
        if open_rows:
            raise ValidationFailed(
                _(
                    "%(acronym)s still holds %(amount)s USD: "
                    "it must be spent or refunded before financial closure."
                )
                % {
                    "acronym": getattr(open_rows[0].organization, "acronym", ""),
                    "amount": f"{open_rows[0].balance:,.2f}",
                },
                code="open_balance",
            )
    with acting_as(actor):
        if status in DECISION_FOR:
            SteeringCommitteeDecision.objects.create(
                fund=programme.fund,
                programme=programme,
                date=check_date(date or timezone.localdate(), _("The decision date")),
                kind=DECISION_FOR[status],
                decision=note or str(S(status).label),
                recorded_by=acting_user(actor),
            )
        programme.status = status
        programme.save(update_fields=["status", "updated_at"])
        sync_framework(programme)
    return programme
