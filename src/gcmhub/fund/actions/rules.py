"""The fund's money rules, checked on every date from an entry's date onward, so a back-dated entry cannot
make an earlier statement go negative either."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.models import Allocation, Deposit, Fund, FundEntry, JointProgramme, ProgrammeEntry
from gcmhub.fund.queries.statement import ZERO, cents

Event = tuple[datetime.date, Decimal]
MAX_USD = Decimal("1e14")
PE = ProgrammeEntry.Kind


def headroom(events: Iterable[Event], from_date: datetime.date) -> Decimal:
    """The lowest running total of `events` on `from_date` or any later date: what an outflow dated
    `from_date` may take without any statement from then on going below zero."""
    by_date: dict[datetime.date, Decimal] = defaultdict(lambda: ZERO)
    for date, delta in events:
        by_date[date] += delta
    running = sum((delta for date, delta in by_date.items() if date <= from_date), ZERO)
    lowest = running
    for date in sorted(d for d in by_date if d > from_date):
        running += by_date[date]
        lowest = min(lowest, running)
    return lowest


def available_events(fund: Fund) -> list[Event]:
    """What changes the balance the Steering Committee can allocate from."""
    events: list[Event] = []
    for date, amount, fee in Deposit.objects.filter(fund=fund).values_list(
        "received_on", "amount_usd", "fee_usd"
    ):
        events.append((date, amount - fee))
    for kind, date, amount in FundEntry.objects.filter(fund=fund).values_list("kind", "date", "amount_usd"):
        events.append((date, amount if kind == FundEntry.Kind.INTEREST else -amount))
    for date, amount in ProgrammeEntry.objects.filter(programme__fund=fund, kind=PE.REFUND).values_list(
        "date", "amount_usd"
    ):
        events.append((date, amount))
    for date, amount in Allocation.objects.filter(programme__fund=fund).values_list("date", "amount_usd"):
        events.append((date, -amount))
    return events


def untransferred_events(programme: JointProgramme) -> list[Event]:
    """Allocations less transfers: what may still be transferred to the programme's organizations."""
    events: list[Event] = [(d, a) for d, a in programme.allocations.values_list("date", "amount_usd")]
    events += [
        (d, -a) for d, a in programme.entries.filter(kind=PE.TRANSFER).values_list("date", "amount_usd")
    ]
    return events


def organization_events(programme: JointProgramme, organization_id: int) -> list[Event]:
    """Transfers less refunds and expenditure: what the organization holds for the programme."""
    sign: dict[str, int] = {PE.TRANSFER: 1, PE.REFUND: -1, PE.EXPENDITURE: -1}
    return [
        (date, amount * sign[kind])
        for kind, date, amount in programme.entries.filter(organization_id=organization_id).values_list(
            "kind", "date", "amount_usd"
        )
    ]


def check_amount(amount: Any, what: str) -> Decimal:
    """A positive amount in whole cents."""
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except ArithmeticError:
        raise ValidationFailed(
            _("%(what)s must be a number.") % {"what": what}, code="not_a_number"
        ) from None
    if not value.is_finite() or value <= 0 or value >= MAX_USD:
        raise ValidationFailed(_("%(what)s must be above zero.") % {"what": what}, code="bad_amount")
    if value != cents(value):
        raise ValidationFailed(_("%(what)s is in whole cents.") % {"what": what}, code="bad_amount")
    return value


def check_date(date: Any, what: str) -> datetime.date:
    """A date that is not in the future: the books record what has happened."""
    if not isinstance(date, datetime.date):
        raise ValidationFailed(_("%(what)s is not a date.") % {"what": what}, code="bad_date")
    if date > timezone.localdate():
        raise ValidationFailed(_("%(what)s cannot be in the future.") % {"what": what}, code="future_date")
    return date


def money(value: Decimal) -> str:
    return f"{value:,.2f}"


def require_headroom(events: list[Event], date: datetime.date, amount: Decimal, message: str) -> None:
    room = headroom(events, date)
    if amount > room:
        raise ValidationFailed(
            message
            % {"amount": money(amount), "available": money(max(room, ZERO)), "date": date.isoformat()},
            code="insufficient_balance",
        )
