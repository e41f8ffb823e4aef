"""Writes of the situations watch and of talking points: keyword-only `actor`, one transaction, audited."""

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.comms import notifications, queries
from gcmhub.comms.models import (
    LANGUAGES,
    Situation,
    SituationStatus,
    TalkingPoint,
    TalkingPointVersion,
)
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.directory import queries as directory_queries
from gcmhub.fund import queries as fund_queries
from gcmhub.reference.models import Country, Organization, Region

LANGUAGE_CODES = {code for code, _name in LANGUAGES}


@dataclass
class SituationData:
    title: str
    description: str
    monitoring_since: datetime.date
    language: str = "en"
    region: str = ""  # M49
    countries: list[str] = field(default_factory=list)  # ISO 3166 alpha-3
    lead_agencies: list[str] = field(default_factory=list)  # acronyms


def _check_situation(data: SituationData) -> tuple[Region | None, list[Country], list[Organization]]:
    if not data.title.strip() or not data.description.strip() or len(data.title) > 250:
        raise ValidationFailed(_("A situation needs a title and a description."), code="invalid_situation")
    if data.language not in LANGUAGE_CODES:
        raise ValidationFailed(_("The language must be one of the six UN languages."), code="bad_language")
    region = Region.objects.filter(m49=data.region).first() if data.region else None
    if data.region and region is None:
        raise ValidationFailed(_("Unknown region."), code="unknown_region")
    codes = {code.upper() for code in data.countries}
    countries = list(Country.objects.filter(iso3__in=codes))
    if len(countries) != len(codes):
        raise ValidationFailed(_("Unknown country code."), code="unknown_country")
    acronyms = {acronym.upper() for acronym in data.lead_agencies}
    agencies = list(Organization.objects.filter(acronym__in=acronyms, is_network_member=True))
    if len(agencies) != len(acronyms):
        raise ValidationFailed(_("Lead agencies must be Network members."), code="unknown_agency")
    return region, countries, agencies


@transaction.atomic
def record_situation(*, actor: AnyUser, data: SituationData) -> Situation:
    """The secretariat puts a situation on the watch list."""
    queries.check_secretariat(actor)
    region, countries, agencies = _check_situation(data)
    with acting_as(actor):
        situation = Situation.objects.create(
            title=data.title.strip(),
            description=data.description.strip(),
            language=data.language,
            region=region,
            monitoring_since=data.monitoring_since,
            created_by_id=actor.pk,
        )
        situation.countries.set(countries)
        situation.lead_agencies.set(agencies)
    return situation


@transaction.atomic
def set_situation_status(*, actor: AnyUser, situation_id: int, status: str, on: datetime.date) -> Situation:
    """Move a situation to monitoring, response agreed or closed, with the date it happened."""
    queries.check_secretariat(actor)
    situation = queries.access_situation(actor, situation_id)
    if status not in SituationStatus.values:
        raise ValidationFailed(_("Unknown status."), code="bad_status")
    if on < situation.monitoring_since:
        raise ValidationFailed(_("The date cannot be before monitoring began."), code="bad_date")
    with acting_as(actor):
        situation.status = status
        if status == SituationStatus.RESPONSE_AGREED:
            situation.response_agreed_on = on
        if status == SituationStatus.CLOSED:
            situation.closed_on = on
        situation.save()
    return situation


def _programmes(actor: AnyUser, codes: list[str]) -> list[int]:
    """Joint programmes the actor may see, by code."""
    wanted = {code.strip() for code in codes}
    found = list(fund_queries.visible_programmes(actor).filter(code__in=wanted).values_list("pk", flat=True))
    if len(found) != len(wanted):
        raise ValidationFailed(_("Unknown joint programme."), code="unknown_programme")
    return found


def _support_requests(actor: AnyUser, ids: list[int]) -> list[int]:
    """Support requests the actor may see."""
    found = list(
        directory_queries.visible_requests(actor).filter(pk__in=set(ids)).values_list("pk", flat=True)
    )
    if len(found) != len(set(ids)):
        raise ValidationFailed(_("Unknown support request."), code="unknown_support_request")
    return found


@transaction.atomic
def link_situation(
    *, actor: AnyUser, situation_id: int, programmes: list[str], support_requests: list[int]
) -> Situation:
    """The secretariat sets the joint programmes (by code) and the support requests a situation is linked
    to, replacing the links it had."""
    queries.check_secretariat(actor)
    situation = Situation.objects.select_for_update().get(pk=queries.access_situation(actor, situation_id).pk)
    found_programmes = _programmes(actor, programmes)
    found_requests = _support_requests(actor, support_requests)
    with acting_as(actor):
        situation.programmes.set(found_programmes)
        situation.support_requests.set(found_requests)
    return situation


@transaction.atomic
def write_talking_points(
    *,
    actor: AnyUser,
    body: str,
    review_by: datetime.date,
    title: str = "",
    talking_point_id: int | None = None,
) -> TalkingPoint:
    """A Network member writes new talking points, or a new version of existing ones (earlier versions are
    kept); each version sets the next review-by date."""
    queries.check_network_member(actor)
    if not body.strip():
        raise ValidationFailed(_("Write the talking points."), code="no_text")
    if review_by <= timezone.localdate():
        raise ValidationFailed(_("The review-by date must be in the future."), code="review_past")
    with acting_as(actor):
        if talking_point_id is None:
            if not title.strip() or len(title) > 250:
                raise ValidationFailed(_("Give the talking points a title."), code="no_title")
            note = TalkingPoint.objects.create(
                title=title.strip(), owner_id=cast(int, actor.pk), review_by=review_by
            )
        else:
            note = TalkingPoint.objects.select_for_update().get(
                pk=queries.access_talking_point(actor, talking_point_id).pk
            )
            note.review_by = review_by
            note.save()
        latest = note.versions.aggregate(latest=Max("number"))["latest"] or 0
        TalkingPointVersion.objects.create(
            talking_point=note, number=latest + 1, body=body.strip(), written_by_id=actor.pk
        )
    return note


@transaction.atomic
def notify_stale_talking_points(*, actor: AnyUser | None, today: datetime.date | None = None) -> int:
    """E-mail the owner of each note past its review-by date, once per review-by date."""
    today = today or timezone.localdate()
    sent = 0
    with acting_as(actor):
        for note in queries.stale_talking_points(today).select_for_update():
            if note.stale_notice_for == note.review_by:
                continue
            notifications.talking_point_stale(note)
            note.stale_notice_for = note.review_by
            note.save(update_fields=["stale_notice_for"])
            sent += 1
    return sent
