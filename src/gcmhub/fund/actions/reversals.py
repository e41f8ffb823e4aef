"""Corrections. An entry of the books is never edited or deleted: a fund manager reverses it with a reason,
which books a new entry of opposite amounts linked to the original. An entry is reversed at most once and a
reversal is never reversed (book a new, correct entry instead). Reversals take the same row locks (fund
first, then programme) and obey the same money rules as the other writes: one that would leave a balance,
an allocation or an organization's holding below zero on any date is refused."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.actions.common import clean_text
from gcmhub.fund.actions.money import _check_status, _lock
from gcmhub.fund.actions.rules import (
    available_events,
    check_date,
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
    Commitment,
    Deposit,
    Fund,
    FundEntry,
    ProgrammeEntry,
)
from gcmhub.fund.models.ledger import Reversible
from gcmhub.fund.queries.access import access_fund_books
from gcmhub.fund.queries.reversals import DATE_FIELDS, entry_date, entry_type_of, get_entry

PE = ProgrammeEntry.Kind
# Copied as they are from the original, or set anew, rather than negated.
NOT_COPIED = {"id", "recorded_by", "recorded_at", "reverses", "reversal_reason", "decision"}
NEGATED = {"amount", "amount_usd", "fee_usd"}
MAX_REASON = 2000


def _available_message() -> str:
    return _(
        "The fund's available balance from %(date)s is %(available)s USD, less than the %(amount)s USD "
        "this reversal takes back."
    )


def _lock_books(fund: Fund, entry: Reversible) -> Any:
    """Lock the fund row, then the programme row (as every money action does), then the entry itself."""
    programme = getattr(entry, "programme", None)
    if programme is not None:
        _lock(programme, fund=True)
    else:
        Fund.objects.select_for_update().filter(pk=fund.pk).first()
    # the entry is one of several models, each with its `objects`.
    return type(entry).objects.select_for_update().get(pk=entry.pk)  # type: ignore[attr-defined]


def _check_reversible(entry: Reversible) -> None:
    if entry.is_reversal:
        raise ValidationFailed(
            _("A reversal cannot be reversed; book a new, correct entry instead."), code="is_reversal"
        )
    # the entry is one of several models, each with its `objects`.
    if type(entry).objects.filter(reverses=entry).exists():  # type: ignore[attr-defined]
        raise ValidationFailed(_("This entry has already been reversed."), code="already_reversed")


def _check_date(entry: Reversible, date: datetime.date | None) -> datetime.date:
    date = check_date(timezone.localdate() if date is None else date, _("The date of the reversal"))
    if date < entry_date(entry):
        raise ValidationFailed(
            _("A reversal cannot be dated before the entry it reverses (%(date)s).")
            % {"date": entry_date(entry).isoformat()},
            code="before_original",
        )
    return date


def _check_programme_rules(entry: Allocation | ProgrammeEntry, date: datetime.date) -> None:
    """The status rules of the kind of entry, and what taking its amount back would leave on every date."""
    programme = entry.programme
    amount = entry.amount_usd
    if isinstance(entry, Allocation):
        _check_status(programme, ALLOCATABLE_STATUSES, _("Reversing an allocation"))
        require_headroom(
            untransferred_events(programme),
            date,
            amount,
            _(
                "Only %(available)s USD of the programme's allocation is left untransferred from %(date)s; "
                "the %(amount)s USD of this allocation cannot be taken back."
            ),
        )
    elif entry.kind == PE.TRANSFER:
        _check_status(programme, TRANSFERABLE_STATUSES, _("Reversing a transfer"))
        require_headroom(
            organization_events(programme, entry.organization_id),
            date,
            amount,
            _(
                "The organization holds %(available)s USD for this programme from %(date)s, less than the "
                "%(amount)s USD this reversal takes back."
            ),
        )
    elif entry.kind == PE.REFUND:
        _check_status(programme, REFUNDABLE_STATUSES, _("Reversing a refund"))
        require_headroom(available_events(programme.fund), date, amount, _available_message())
    else:
        _check_status(programme, REPORTABLE_STATUSES, _("Reversing expenditure"))


def _check_fund_rules(fund: Fund, entry: Reversible, date: datetime.date) -> None:
    """Money that came in cannot be taken back once it has been allocated or spent."""
    if isinstance(entry, Deposit):
        require_headroom(available_events(fund), date, entry.amount_usd - entry.fee_usd, _available_message())
    elif isinstance(entry, FundEntry) and entry.kind == FundEntry.Kind.INTEREST:
        require_headroom(available_events(fund), date, entry.amount_usd, _available_message())
    elif isinstance(entry, Commitment) and _has_open_deposits(entry):
        raise ValidationFailed(
            _("Deposits were received against this commitment; reverse them first."), code="has_deposits"
        )


def _has_open_deposits(commitment: Commitment) -> bool:
    return commitment.deposits.filter(reverses__isnull=True, reversed_by__isnull=True).exists()


def _opposite(entry: Reversible, date: datetime.date, reason: str, actor: Actor) -> Reversible:
    """A copy of `entry` with opposite amounts, dated `date`, linked to it."""
    values = {
        field.attname: getattr(entry, field.attname)
        for field in type(entry)._meta.concrete_fields
        if field.name not in NOT_COPIED
    }
    for name in NEGATED & set(values):
        values[name] = -values[name]
    values[DATE_FIELDS.get(entry_type_of(entry), "date")] = date
    opposite: Reversible = type(entry).objects.create(  # type: ignore[attr-defined]  # one of several models
        **values, reverses=entry, reversal_reason=reason, recorded_by=acting_user(actor)
    )
    return opposite


@transaction.atomic
def reverse_entry(
    *,
    actor: Actor,
    code: str,
    entry_type: str,
    entry_id: int,
    reason: str,
    date: datetime.date | None = None,
) -> Reversible:
    """Reverse one entry of fund `code`'s books (dated `date`, default today); returns the reversal."""
    fund = access_fund_books(actor, code)
    entry = _lock_books(fund, get_entry(fund, entry_type, entry_id))
    _check_reversible(entry)
    reason = clean_text(reason, _("The reason for the reversal"), MAX_REASON)
    date = _check_date(entry, date)
    if isinstance(entry, (Allocation, ProgrammeEntry)):
        _check_programme_rules(entry, date)
    else:
        _check_fund_rules(fund, entry, date)
    with acting_as(actor):
        return _opposite(entry, date, reason, actor)
