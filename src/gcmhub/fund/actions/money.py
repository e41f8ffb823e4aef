"""Money to and from programmes: allocations (only from the available balance), transfers (at most each
organization's approved budget and the programme's allocation), refunds and expenditure (at most what the
organization holds for the programme). Rows are locked fund first, then programme, so racing writes queue."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.fund.actions.rules import (
    available_events,
    check_amount,
    check_date,
    money,
    organization_events,
    require_headroom,
    untransferred_events,
)
from gcmhub.fund.models import (
    ALLOCATABLE_STATUSES,
    REFUNDABLE_STATUSES,
    REPORTABLE_STATUSES,
    TRANSFERABLE_STATUSES,
    Allocation,
    Fund,
    JointProgramme,
    ParticipatingOrganization,
    ProgrammeEntry,
    ProgrammeStatus,
    SteeringCommitteeDecision,
)
from gcmhub.fund.queries.access import (
    access_programme,
    access_programme_for_books,
    can_manage_books,
    expenditure_organizations,
)
from gcmhub.fund.queries.statement import ZERO

PE = ProgrammeEntry.Kind


def _lock(programme: JointProgramme, *, fund: bool) -> JointProgramme:
    """Lock the fund row (when the fund's balance is touched) and then the programme row."""
    if fund:
        Fund.objects.select_for_update().filter(pk=programme.fund_id).first()
    return JointProgramme.objects.select_for_update(of=("self",)).select_related("fund").get(pk=programme.pk)


def _participant(programme: JointProgramme, acronym: str) -> ParticipatingOrganization:
    participant = (
        ParticipatingOrganization.objects.select_related("organization")
        .filter(programme=programme, organization__acronym__iexact=(acronym or "").strip())
        .first()
    )
    if participant is None:
        raise ValidationFailed(
            _("%(acronym)s is not a participating organization of this programme.")
            % {"acronym": str(acronym)[:30]},
            code="not_participant",
        )
    return participant


def _check_status(programme: JointProgramme, allowed: tuple[str, ...], what: str) -> None:
    if programme.status not in allowed:
        raise ValidationFailed(
            _('%(what)s is not possible while the programme is "%(status)s".')
            % {"what": what, "status": programme.get_status_display()},
            code="bad_status",
        )


def allocate(
    *, actor: Actor, code: str, amount_usd: Any, date: datetime.date, decision: str = "", rationale: str = ""
) -> Allocation:
    """A Steering Committee allocation to a programme, from the fund's available balance."""
    # A block rather than @transaction.atomic: mutation testing skips decorated functions.
    with transaction.atomic():
        programme = _lock(access_programme_for_books(actor, code), fund=True)
        _check_status(programme, ALLOCATABLE_STATUSES, _("An allocation"))
        amount = check_amount(amount_usd, _("The allocation"))
        date = check_date(date, _("The allocation date"))
        budget = sum((p.budget_usd for p in programme.participants.all()), ZERO)
        allocated = sum((a.amount_usd for a in programme.allocations.all()), ZERO)
        if allocated + amount > budget:
            raise ValidationFailed(
                _("The programme's budget is %(budget)s USD and %(allocated)s USD is already allocated.")
                % {"budget": money(budget), "allocated": money(allocated)},
                code="exceeds_budget",
            )
        require_headroom(
            available_events(programme.fund),
            date,
            amount,
            _(
                "The fund's available balance from %(date)s is %(available)s USD, "
                "less than the %(amount)s USD asked."
            ),
        )
        with acting_as(actor):
            record = SteeringCommitteeDecision.objects.create(
                fund=programme.fund,
                programme=programme,
                date=date,
                kind=SteeringCommitteeDecision.Kind.ALLOCATION,
                decision=(decision or "").strip()[:5000]
                or _("Allocation of %(amount)s USD") % {"amount": money(amount)},
                amount_usd=amount,
                rationale=(rationale or "").strip()[:5000],
                recorded_by=acting_user(actor),
            )
            allocation = Allocation.objects.create(
                programme=programme,
                decision=record,
                date=date,
                amount_usd=amount,
                recorded_by=acting_user(actor),
            )
            if programme.status == ProgrammeStatus.APPROVED:
                programme.status = ProgrammeStatus.FUNDED
                programme.save(update_fields=["status", "updated_at"])
        return allocation


def _entry(
    actor: Actor,
    programme: JointProgramme,
    participant: ParticipatingOrganization,
    kind: str,
    amount: Any,
    date: datetime.date,
    reference: str,
    note: str,
) -> ProgrammeEntry:
    with acting_as(actor):
        return ProgrammeEntry.objects.create(
            programme=programme,
            organization=participant.organization,
            kind=kind,
            date=date,
            amount_usd=amount,
            reference=(reference or "")[:100],
            note=note or "",
            recorded_by=acting_user(actor),
        )


def transfer(
    *,
    actor: Actor,
    code: str,
    organization: str,
    amount_usd: Any,
    date: datetime.date,
    reference: str = "",
    note: str = "",
) -> ProgrammeEntry:
    """The administrative agent transfers part of the allocation to a participating organization."""
    with transaction.atomic():
        programme = _lock(access_programme_for_books(actor, code), fund=True)
        _check_status(programme, TRANSFERABLE_STATUSES, _("A transfer"))
        participant = _participant(programme, organization)
        amount = check_amount(amount_usd, _("The transfer"))
        date = check_date(date, _("The transfer date"))
        received = sum(
            (
                e.amount_usd
                for e in programme.entries.filter(organization=participant.organization, kind=PE.TRANSFER)
            ),
            ZERO,
        )
        if received + amount > participant.budget_usd:
            raise ValidationFailed(
                _("%(acronym)s's approved budget is %(budget)s USD and it has received %(received)s USD.")
                % {
                    "acronym": participant.organization.acronym,
                    "budget": money(participant.budget_usd),
                    "received": money(received),
                },
                code="exceeds_budget",
            )
        require_headroom(
            untransferred_events(programme),
            date,
            amount,
            _(
                "Only %(available)s USD of the programme's allocation is left to transfer from %(date)s; "
                "%(amount)s USD asked."
            ),
        )
        return _entry(actor, programme, participant, PE.TRANSFER, amount, date, reference, note)


def refund(
    *,
    actor: Actor,
    code: str,
    organization: str,
    amount_usd: Any,
    date: datetime.date,
    reference: str = "",
    note: str = "",
) -> ProgrammeEntry:
    """A participating organization returns unspent money to the fund."""
    with transaction.atomic():
        programme = _lock(access_programme_for_books(actor, code), fund=True)
        _check_status(programme, REFUNDABLE_STATUSES, _("A refund"))
        participant = _participant(programme, organization)
        amount = check_amount(amount_usd, _("The refund"))
        date = check_date(date, _("The refund date"))
        require_headroom(
            organization_events(programme, participant.organization_id),
            date,
            amount,
            _(
                "The organization holds %(available)s USD for this programme from %(date)s, "
                "less than the %(amount)s USD refund."
            ),
        )
        return _entry(actor, programme, participant, PE.REFUND, amount, date, reference, note)


def report_expenditure(
    *,
    actor: Actor,
    code: str,
    organization: str,
    amount_usd: Any,
    date: datetime.date,
    reference: str = "",
    note: str = "",
) -> ProgrammeEntry:
    """A participating organization reports what it spent on the programme: at most what it received."""
    with transaction.atomic():
        programme = access_programme(actor, code)
        allowed = expenditure_organizations(actor, programme)
        if not allowed:
            raise PermissionDenied(
                _(
                    "Only focal points of the programme's organizations, fund managers or the secretariat "
                    "may report "
                    "its expenditure."
                )
            )
        participant = _participant(programme, organization)
        if participant.organization not in allowed:
            raise PermissionDenied(
                _(
                    "Only focal points of %(acronym)s, fund managers or the secretariat "
                    "may report its expenditure."
                )
                % {"acronym": participant.organization.acronym}
            )
        programme = _lock(programme, fund=False)
        _check_status(programme, REPORTABLE_STATUSES, _("Reporting expenditure"))
        amount = check_amount(amount_usd, _("The expenditure"))
        date = check_date(date, _("The expenditure date"))
        require_headroom(
            organization_events(programme, participant.organization_id),
            date,
            amount,
            _(
                "The organization holds %(available)s USD for this programme from %(date)s, "
                "less than the %(amount)s USD reported."
            ),
        )
        return _entry(actor, programme, participant, PE.EXPENDITURE, amount, date, reference, note)


def may_report_expenditure(actor: Actor, programme: JointProgramme) -> bool:
    return can_manage_books(actor) or bool(expenditure_organizations(actor, programme))
