"""Steering Committee decisions that change no figure, programme extensions and markers."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.actions.common import clean_text as _text
from gcmhub.fund.actions.rules import check_amount, check_date
from gcmhub.fund.models import (
    JointProgramme,
    Marker,
    ProgrammeExtension,
    ProgrammeStatus,
    SteeringCommitteeDecision,
)
from gcmhub.fund.queries.access import access_programme_for_books, access_programme_for_edit

S = ProgrammeStatus


@transaction.atomic
def record_decision(
    *,
    actor: Actor,
    code: str,
    date: datetime.date,
    decision: str,
    rationale: str = "",
    amount_usd: Any = None,
) -> SteeringCommitteeDecision:
    """A Steering Committee decision on a programme that changes no figure (allocations, extensions and status
    changes are recorded by their own actions)."""
    programme = access_programme_for_books(actor, code)
    amount = check_amount(amount_usd, _("The amount")) if amount_usd not in (None, "") else None
    with acting_as(actor):
        return SteeringCommitteeDecision.objects.create(
            fund=programme.fund,
            programme=programme,
            date=check_date(date, _("The decision date")),
            kind=SteeringCommitteeDecision.Kind.OTHER,
            decision=_text(decision, _("The decision"), 5000),
            rationale=_text(rationale, _("The rationale"), 5000, required=False),
            amount_usd=amount,
            recorded_by=acting_user(actor),
        )


@transaction.atomic
def extend_programme(
    *, actor: Actor, code: str, new_end: datetime.date, date: datetime.date, rationale: str = ""
) -> ProgrammeExtension:
    programme = access_programme_for_books(actor, code)
    programme = JointProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in (S.FUNDED, S.ACTIVE):
        raise ValidationFailed(_("Only funded or active programmes can be extended."), code="bad_status")
    current = programme.current_end
    if not isinstance(new_end, datetime.date) or (current and new_end <= current):
        raise ValidationFailed(_("An extension moves the end to a later date."), code="bad_extension")
    with acting_as(actor):
        decision = SteeringCommitteeDecision.objects.create(
            fund=programme.fund,
            programme=programme,
            date=check_date(date, _("The decision date")),
            kind=SteeringCommitteeDecision.Kind.EXTENSION,
            decision=_("Extension to %(date)s") % {"date": new_end.isoformat()},
            rationale=_text(rationale, _("The rationale"), 5000, required=False),
            recorded_by=acting_user(actor),
        )
        return ProgrammeExtension.objects.create(
            programme=programme,
            decision=decision,
            previous_end=current,
            new_end=new_end,
            reason=decision.rationale,
        )


@transaction.atomic
def set_markers(*, actor: Actor, code: str, markers: list[dict[str, Any]]) -> list[Marker]:
    """Set gender, human rights and child sensitivity markers: each a score 0 to 3 with a justification."""
    programme = access_programme_for_edit(actor, code)
    cleaned = []
    seen = set()
    for row in markers:
        kind = row.get("kind")
        if kind not in Marker.Kind.values:
            raise ValidationFailed(
                _("Unknown marker; use one of: %(kinds)s.") % {"kinds": ", ".join(Marker.Kind.values)},
                code="bad_marker",
            )
        if kind in seen:
            raise ValidationFailed(_("A marker is given twice."), code="duplicate")
        seen.add(kind)
        score = row.get("score")
        if isinstance(score, bool) or (
            not isinstance(score, int) and not (isinstance(score, str) and score.isdigit())
        ):
            raise ValidationFailed(_("A marker score is a whole number from 0 to 3."), code="bad_score")
        score = int(score)
        if not 0 <= score <= 3:
            raise ValidationFailed(_("A marker score is a whole number from 0 to 3."), code="bad_score")
        justification = _text(row.get("justification"), _("The justification"), 5000)
        cleaned.append((kind, score, justification))
    saved = []
    with acting_as(actor):
        for kind, score, justification in cleaned:
            marker, _created = Marker.objects.update_or_create(
                programme=programme, kind=kind, defaults={"score": score, "justification": justification}
            )
            saved.append(marker)
    return saved
