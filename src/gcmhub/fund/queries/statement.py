"""The statement of sources and uses of funds, as pooled funds publish it, at any date; every figure can be
drilled down to the entries behind it. Sums are made in Decimal in Python, never in floating point."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.models import (
    Allocation,
    Commitment,
    Deposit,
    Fund,
    FundEntry,
    JointProgramme,
    ParticipatingOrganization,
    ProgrammeEntry,
)
from gcmhub.fund.queries.reversals import entry_date
from gcmhub.reference.models import Organization

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
RATE = Decimal("0.0001")
PE = ProgrammeEntry.Kind

# Line key → label; the order is the statement's.
SOURCE_LINES = {
    "contributions": gettext_lazy("Contributions from contributors"),
    "interest": gettext_lazy("Interest and investment income"),
}
USE_LINES = {
    "transfers": gettext_lazy("Transfers to participating organizations"),
    "refunds": gettext_lazy("Refunds received from participating organizations"),
    "admin_fee": gettext_lazy("Administrative agent fees"),
    "direct_costs": gettext_lazy("Direct costs"),
    "bank_charges": gettext_lazy("Bank charges"),
}
OTHER_LINES = {
    "expenditure": gettext_lazy("Expenditure reported by participating organizations"),
    "commitments": gettext_lazy("Signed commitments"),
    "allocations": gettext_lazy("Allocations to programmes"),
    "approved": gettext_lazy("Approved budgets of participating organizations"),
}
ALL_LINES = {**SOURCE_LINES, **USE_LINES, **OTHER_LINES}
FUND_ENTRY_LINES = {
    "interest": FundEntry.Kind.INTEREST,
    "direct_costs": FundEntry.Kind.DIRECT_COST,
    "bank_charges": FundEntry.Kind.BANK_CHARGE,
}
PROGRAMME_ENTRY_LINES = {"transfers": PE.TRANSFER, "refunds": PE.REFUND, "expenditure": PE.EXPENDITURE}
# Fetched with every entry, to show its link to a reversal.
LINKS = ("reverses", "reversed_by")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def total(values: Iterable[Decimal]) -> Decimal:
    return cents(sum(values, ZERO))


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """A share with four decimals (0.8125 = 81.25 %), or None when there is nothing to divide by."""
    return (numerator / denominator).quantize(RATE, rounding=ROUND_HALF_UP) if denominator else None


@dataclass
class Line:
    key: str
    label: str
    amount: Decimal
    # Refunds reduce the uses; they are shown (and summed) as a negative amount.
    sign: int = 1

    @property
    def signed(self) -> Decimal:
        return self.amount * self.sign


@dataclass
class OrganizationRow:
    organization: Organization | None
    approved: Decimal = ZERO
    transfers: Decimal = ZERO
    refunds: Decimal = ZERO
    expenditure: Decimal = ZERO

    @property
    def net_funded(self) -> Decimal:
        return self.transfers - self.refunds

    @property
    def balance(self) -> Decimal:
        return self.transfers - self.refunds - self.expenditure

    @property
    def delivery_rate(self) -> Decimal | None:
        """Expenditure ÷ transfers."""
        return rate(self.expenditure, self.transfers)


@dataclass
class Statement:
    fund: Fund
    as_of: datetime.date
    sources: list[Line]
    uses: list[Line]
    commitments: Decimal
    allocations: Decimal
    organizations: list[OrganizationRow] = field(default_factory=list)

    @property
    def total_sources(self) -> Decimal:
        return total(line.signed for line in self.sources)

    @property
    def total_uses(self) -> Decimal:
        return total(line.signed for line in self.uses)

    @property
    def balance(self) -> Decimal:
        """The fund's cash balance with the administrative agent."""
        return self.total_sources - self.total_uses

    def line(self, key: str) -> Decimal:
        return next(line.amount for line in self.sources + self.uses if line.key == key)

    @property
    def net_funded(self) -> Decimal:
        return self.line("transfers") - self.line("refunds")

    @property
    def available(self) -> Decimal:
        """What the Steering Committee can still allocate: the balance less untransferred allocations."""
        return self.balance - (self.allocations - self.line("transfers"))

    @property
    def totals(self) -> OrganizationRow:
        row = OrganizationRow(organization=None)
        for org_row in self.organizations:
            row.approved += org_row.approved
            row.transfers += org_row.transfers
            row.refunds += org_row.refunds
            row.expenditure += org_row.expenditure
        return row


def as_of_or_today(as_of: datetime.date | None) -> datetime.date:
    return as_of or timezone.localdate()


def _funded_programme_ids(fund: Fund, as_of: datetime.date) -> set[int]:
    """Programmes with an allocation by `as_of`: their participating organizations' budgets are approved."""
    return set(
        Allocation.objects.filter(programme__fund=fund, date__lte=as_of).values_list(
            "programme_id", flat=True
        )
    )


def organization_rows(
    fund: Fund, as_of: datetime.date, programme: JointProgramme | None = None
) -> list[OrganizationRow]:
    """Per participating organization: approved budget, transfers, refunds, expenditure (hence balance and
    delivery rate), for the whole fund or one programme."""
    rows: dict[int, OrganizationRow] = {}
    participants = ParticipatingOrganization.objects.select_related("organization").filter(
        programme__fund=fund
    )
    if programme is not None:
        participants = participants.filter(programme=programme)
    else:
        participants = participants.filter(programme_id__in=_funded_programme_ids(fund, as_of))
    for participant in participants:
        row = rows.setdefault(
            participant.organization_id, OrganizationRow(organization=participant.organization)
        )
        row.approved += participant.budget_usd
    entries = ProgrammeEntry.objects.filter(programme__fund=fund, date__lte=as_of).select_related(
        "organization"
    )
    if programme is not None:
        entries = entries.filter(programme=programme)
    attribute = {PE.TRANSFER: "transfers", PE.REFUND: "refunds", PE.EXPENDITURE: "expenditure"}
    for entry in entries:
        row = rows.setdefault(entry.organization_id, OrganizationRow(organization=entry.organization))
        # kind is stored as a plain string, equal to the Kind member that keys the dict.
        name = attribute[entry.kind]  # type: ignore[index]
        setattr(row, name, getattr(row, name) + entry.amount_usd)
    return sorted(rows.values(), key=lambda r: r.organization.acronym if r.organization else "")


def statement(fund: Fund, as_of: datetime.date | None = None) -> Statement:
    as_of = as_of_or_today(as_of)
    deposits = list(
        Deposit.objects.filter(fund=fund, received_on__lte=as_of).values_list("amount_usd", "fee_usd")
    )
    fund_entries: dict[str, list[Decimal]] = defaultdict(list)
    for kind, amount in FundEntry.objects.filter(fund=fund, date__lte=as_of).values_list(
        "kind", "amount_usd"
    ):
        fund_entries[kind].append(amount)
    programme_entries: dict[str, list[Decimal]] = defaultdict(list)
    for kind, amount in ProgrammeEntry.objects.filter(programme__fund=fund, date__lte=as_of).values_list(
        "kind", "amount_usd"
    ):
        programme_entries[kind].append(amount)
    sources = [
        Line("contributions", str(SOURCE_LINES["contributions"]), total(d[0] for d in deposits)),
        Line("interest", str(SOURCE_LINES["interest"]), total(fund_entries[FundEntry.Kind.INTEREST])),
    ]
    uses = [
        Line("transfers", str(USE_LINES["transfers"]), total(programme_entries[PE.TRANSFER])),
        Line("refunds", str(USE_LINES["refunds"]), total(programme_entries[PE.REFUND]), sign=-1),
        Line("admin_fee", str(USE_LINES["admin_fee"]), total(d[1] for d in deposits)),
        Line("direct_costs", str(USE_LINES["direct_costs"]), total(fund_entries[FundEntry.Kind.DIRECT_COST])),
        Line("bank_charges", str(USE_LINES["bank_charges"]), total(fund_entries[FundEntry.Kind.BANK_CHARGE])),
    ]
    commitments = total(
        Commitment.objects.filter(fund=fund, signed_on__lte=as_of).values_list("amount_usd", flat=True)
    )
    allocations = total(
        Allocation.objects.filter(programme__fund=fund, date__lte=as_of).values_list("amount_usd", flat=True)
    )
    return Statement(
        fund=fund,
        as_of=as_of,
        sources=sources,
        uses=uses,
        commitments=commitments,
        allocations=allocations,
        organizations=organization_rows(fund, as_of),
    )


@dataclass
class EntryRow:
    """One entry behind a figure; `amount` carries the sign it has in that figure."""

    date: datetime.date | None
    kind: str
    description: str
    counterpart: str
    programme: str
    amount: Decimal
    reference: str = ""
    currency_amount: str = ""
    # The entry behind the row (none for approved budgets), for its page and its reversal.
    entry_type: str = ""
    entry_id: int | None = None
    # A reversal: the entry it reverses, that entry's date, and why.
    reverses_id: int | None = None
    reverses_date: datetime.date | None = None
    reason: str = ""
    # A reversed entry: its reversal, and that reversal's date when it is on or before the as-of date.
    reversed_by_id: int | None = None
    reversed_on: datetime.date | None = None

    @property
    def reversible(self) -> bool:
        return self.entry_id is not None and self.reverses_id is None and self.reversed_by_id is None


def _links(entry_type: str, entry: Any, as_of: datetime.date) -> dict[str, Any]:
    """The entry behind a row and its link to a reversal, as far as the as-of date shows it."""
    links: dict[str, Any] = {"entry_type": entry_type, "entry_id": entry.pk}
    if entry.reverses_id is not None:
        links.update(
            reverses_id=entry.reverses_id,
            reverses_date=entry_date(entry.reverses),
            reason=entry.reversal_reason,
        )
    reversal = getattr(entry, "reversed_by", None)
    if reversal is not None:
        links["reversed_by_id"] = reversal.pk
        if entry_date(reversal) <= as_of:
            links.update(reversed_on=entry_date(reversal), reason=reversal.reversal_reason)
    return links


def line_of(entry: Any) -> str:
    """The statement line whose drill-down lists `entry`."""
    if isinstance(entry, Deposit):
        return "contributions"
    if isinstance(entry, Commitment):
        return "commitments"
    if isinstance(entry, Allocation):
        return "allocations"
    lines = FUND_ENTRY_LINES if isinstance(entry, FundEntry) else PROGRAMME_ENTRY_LINES
    return next(key for key, kind in lines.items() if kind == entry.kind)


def _check_line(line: str) -> None:
    if line not in ALL_LINES:
        raise ValidationFailed(
            _("Unknown statement line %(line)s; use one of: %(lines)s.")
            % {"line": line[:40], "lines": ", ".join(ALL_LINES)},
            code="bad_line",
        )


def entries_for(
    fund: Fund,
    line: str,
    as_of: datetime.date | None = None,
    *,
    organization: Organization | None = None,
    programme: JointProgramme | None = None,
) -> list[EntryRow]:
    """The entries that add up to one figure of the statement (optionally of one organization or
    programme)."""
    _check_line(line)
    as_of = as_of_or_today(as_of)
    if line in ("contributions", "admin_fee", "commitments"):
        if organization is not None or programme is not None:
            return []
        if line == "commitments":
            commitments = Commitment.objects.filter(fund=fund, signed_on__lte=as_of).select_related(
                "contributor", *LINKS
            )
            return [
                EntryRow(
                    c.signed_on,
                    str(ALL_LINES[line]),
                    c.note,
                    c.contributor.name,
                    "",
                    c.amount_usd,
                    c.reference,
                    f"{c.amount} {c.currency}",
                    **_links("commitment", c, as_of),
                )
                for c in commitments.order_by("signed_on", "pk")
            ]
        deposits = Deposit.objects.filter(fund=fund, received_on__lte=as_of).select_related(
            "contributor", *LINKS
        )
        return [
            EntryRow(
                d.received_on,
                str(ALL_LINES[line]),
                d.note
                if line == "contributions"
                else _("%(rate)s of the deposit") % {"rate": f"{fund.admin_fee_rate:.2%}"},
                d.contributor.name,
                "",
                d.amount_usd if line == "contributions" else d.fee_usd,
                d.reference,
                f"{d.amount} {d.currency}" if line == "contributions" else "",
                **_links("deposit", d, as_of),
            )
            for d in deposits.order_by("received_on", "pk")
        ]
    if line in FUND_ENTRY_LINES:
        if organization is not None or programme is not None:
            return []
        fund_entries = FundEntry.objects.filter(
            fund=fund, kind=FUND_ENTRY_LINES[line], date__lte=as_of
        ).select_related(*LINKS)
        return [
            EntryRow(
                e.date,
                e.get_kind_display(),
                e.description,
                "",
                "",
                e.amount_usd,
                e.reference,
                **_links("fund_entry", e, as_of),
            )
            for e in fund_entries.order_by("date", "pk")
        ]
    if line == "allocations":
        allocations = Allocation.objects.filter(programme__fund=fund, date__lte=as_of).select_related(
            "programme", *LINKS
        )
        if programme is not None:
            allocations = allocations.filter(programme=programme)
        if organization is not None:
            return []
        return [
            EntryRow(
                a.date,
                str(ALL_LINES[line]),
                a.programme.title,
                "",
                a.programme.code,
                a.amount_usd,
                **_links("allocation", a, as_of),
            )
            for a in allocations.order_by("date", "pk")
        ]
    if line == "approved":
        participants = ParticipatingOrganization.objects.filter(programme__fund=fund).select_related(
            "programme", "organization"
        )
        if programme is not None:
            participants = participants.filter(programme=programme)
        else:
            participants = participants.filter(programme_id__in=_funded_programme_ids(fund, as_of))
        if organization is not None:
            participants = participants.filter(organization=organization)
        return [
            EntryRow(
                None,
                str(ALL_LINES[line]),
                p.programme.title,
                p.organization.acronym,
                p.programme.code,
                p.budget_usd,
            )
            for p in participants.order_by("programme__code", "organization__acronym")
        ]
    entries = ProgrammeEntry.objects.filter(
        programme__fund=fund, kind=PROGRAMME_ENTRY_LINES[line], date__lte=as_of
    ).select_related("programme", "organization", *LINKS)
    if organization is not None:
        entries = entries.filter(organization=organization)
    if programme is not None:
        entries = entries.filter(programme=programme)
    return [
        EntryRow(
            e.date,
            e.get_kind_display(),
            e.note,
            e.organization.acronym,
            e.programme.code,
            e.amount_usd,
            e.reference,
            **_links("programme_entry", e, as_of),
        )
        for e in entries.order_by("date", "pk")
    ]


@dataclass
class ProgrammeFinance:
    programme: JointProgramme
    as_of: datetime.date
    budget: Decimal
    allocated: Decimal
    organizations: list[OrganizationRow]

    @property
    def totals(self) -> OrganizationRow:
        row = OrganizationRow(organization=None)
        for org_row in self.organizations:
            row.approved += org_row.approved
            row.transfers += org_row.transfers
            row.refunds += org_row.refunds
            row.expenditure += org_row.expenditure
        return row

    @property
    def unallocated_budget(self) -> Decimal:
        return self.budget - self.allocated

    @property
    def untransferred_allocation(self) -> Decimal:
        return self.allocated - self.totals.transfers


def programme_finance(programme: JointProgramme, as_of: datetime.date | None = None) -> ProgrammeFinance:
    as_of = as_of_or_today(as_of)
    budget = total(programme.participants.values_list("budget_usd", flat=True))
    allocated = total(programme.allocations.filter(date__lte=as_of).values_list("amount_usd", flat=True))
    return ProgrammeFinance(
        programme=programme,
        as_of=as_of,
        budget=budget,
        allocated=allocated,
        organizations=organization_rows(programme.fund, as_of, programme=programme),
    )
