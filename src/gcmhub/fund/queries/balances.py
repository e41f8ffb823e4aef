"""The fund's balance views: contributions by contributor and year; allocations by thematic area (against an
even split), objective, region and country; markers weighted by budget and by expenditure; delivery; and the
gap to the capitalization targets."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from gcmhub.fund.models import (
    PUBLIC_STATUSES,
    Allocation,
    Commitment,
    Contributor,
    Deposit,
    Fund,
    JointProgramme,
    Marker,
    ProgrammeEntry,
    ThematicArea,
)
from gcmhub.fund.queries.statement import ZERO, as_of_or_today, cents, rate, total
from gcmhub.reference.models import Country, Objective


def split(amount: Decimal, parts: int) -> list[Decimal]:
    """`amount` in `parts` shares of whole cents that add up to it exactly."""
    if parts <= 0:
        return []
    share = (amount / parts).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    shares = [share] * parts
    shares[-1] = amount - share * (parts - 1)
    return shares


def allocated_by_programme(fund: Fund, as_of: datetime.date) -> dict[int, Decimal]:
    amounts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for programme_id, amount in Allocation.objects.filter(programme__fund=fund, date__lte=as_of).values_list(
        "programme_id", "amount_usd"
    ):
        amounts[programme_id] += amount
    return dict(amounts)


@dataclass
class ContributorRow:
    contributor: Contributor
    by_year: dict[int, Decimal]
    deposited: Decimal
    committed: Decimal

    @property
    def outstanding(self) -> Decimal:
        return max(self.committed - self.deposited, ZERO)


def contributions_by_contributor_year(
    fund: Fund, as_of: datetime.date | None = None
) -> tuple[list[int], list[ContributorRow]]:
    as_of = as_of_or_today(as_of)
    rows: dict[int, ContributorRow] = {}
    years: set[int] = set()
    for deposit in Deposit.objects.filter(fund=fund, received_on__lte=as_of).select_related("contributor"):
        row = rows.setdefault(
            deposit.contributor_id, ContributorRow(deposit.contributor, defaultdict(lambda: ZERO), ZERO, ZERO)
        )
        row.by_year[deposit.received_on.year] += deposit.amount_usd
        row.deposited += deposit.amount_usd
        years.add(deposit.received_on.year)
    for commitment in Commitment.objects.filter(fund=fund, signed_on__lte=as_of).select_related(
        "contributor"
    ):
        row = rows.setdefault(
            commitment.contributor_id,
            ContributorRow(commitment.contributor, defaultdict(lambda: ZERO), ZERO, ZERO),
        )
        row.committed += commitment.amount_usd
    ordered = sorted(rows.values(), key=lambda r: (-r.deposited, r.contributor.name))
    for row in ordered:
        row.by_year = dict(row.by_year)
    return sorted(years), ordered


@dataclass
class AreaRow:
    area: ThematicArea
    amount: Decimal
    share: Decimal | None
    even_share: Decimal
    even_amount: Decimal

    @property
    def difference(self) -> Decimal:
        """Above (positive) or below (negative) an even split of all allocations."""
        return self.amount - self.even_amount


def allocations_by_area(fund: Fund, as_of: datetime.date | None = None) -> list[AreaRow]:
    as_of = as_of_or_today(as_of)
    areas = list(fund.thematic_areas.select_related("area").order_by("number"))
    amounts: dict[int, Decimal] = defaultdict(lambda: ZERO)
    allocated = allocated_by_programme(fund, as_of)
    for programme in JointProgramme.objects.filter(pk__in=allocated):
        amounts[programme.thematic_area_id] += allocated[programme.pk]
    grand = total(amounts.values())
    even = split(grand, len(areas))
    even_share = (Decimal(1) / len(areas)).quantize(Decimal("0.0001")) if areas else ZERO
    return [
        AreaRow(area, cents(amounts[area.pk]), rate(amounts[area.pk], grand), even_share, even[i])
        for i, area in enumerate(areas)
    ]


@dataclass
class ObjectiveRow:
    objective: Objective
    amount: Decimal = ZERO
    primary_programmes: int = 0
    secondary_programmes: int = 0


def allocations_by_objective(fund: Fund, as_of: datetime.date | None = None) -> list[ObjectiveRow]:
    """Each programme's allocations split evenly over its primary objectives; secondary ones are counted."""
    as_of = as_of_or_today(as_of)
    rows = {o.pk: ObjectiveRow(o) for o in Objective.objects.order_by("number")}
    allocated = allocated_by_programme(fund, as_of)
    programmes = JointProgramme.objects.filter(fund=fund, status__in=PUBLIC_STATUSES).prefetch_related(
        "programme_objectives"
    )
    for programme in programmes:
        links = list(programme.programme_objectives.all())
        primaries = [link.objective_id for link in links if link.is_primary] or [
            link.objective_id for link in links
        ]
        for link in links:
            if link.is_primary:
                rows[link.objective_id].primary_programmes += 1
            else:
                rows[link.objective_id].secondary_programmes += 1
        for objective_id, share in zip(
            primaries, split(allocated.get(programme.pk, ZERO), len(primaries)), strict=True
        ):
            rows[objective_id].amount += share
    return list(rows.values())


@dataclass
class PlaceRow:
    key: str
    label: str
    amount: Decimal
    programmes: int = 0
    m49: str = ""


@dataclass
class Geography:
    countries: list[PlaceRow] = field(default_factory=list)
    regions: list[PlaceRow] = field(default_factory=list)
    unspecified: Decimal = ZERO


def allocations_by_geography(
    fund: Fund, as_of: datetime.date | None = None, language: str = "en"
) -> Geography:
    """Each programme's allocations split evenly over its countries, and summed by M49 region; programmes
    without countries (global ones) are counted apart."""
    as_of = as_of_or_today(as_of)
    allocated = allocated_by_programme(fund, as_of)
    countries: dict[int, PlaceRow] = {}
    regions: dict[str, PlaceRow] = {}
    unspecified = ZERO
    programmes = JointProgramme.objects.filter(pk__in=allocated).prefetch_related("countries__region")
    for programme in programmes:
        places: list[Country] = list(programme.countries.all())
        if not places:
            unspecified += allocated[programme.pk]
            continue
        for country, share in zip(places, split(allocated[programme.pk], len(places)), strict=True):
            row = countries.setdefault(
                country.pk, PlaceRow(country.iso3, country.name_in(language), ZERO, 0, country.m49)
            )
            row.amount += share
            row.programmes += 1
            region = country.region
            key = region.m49 if region else "—"
            region_row = regions.setdefault(
                key, PlaceRow(key, region.name if region else _("No region"), ZERO)
            )
            region_row.amount += share
    for region_row in regions.values():
        region_row.programmes = 0
    return Geography(
        countries=sorted(countries.values(), key=lambda r: (-r.amount, r.label)),
        regions=sorted(regions.values(), key=lambda r: (-r.amount, r.label)),
        unspecified=cents(unspecified),
    )


@dataclass
class MarkerRow:
    kind: str
    label: str
    programmes: int
    by_budget: Decimal | None
    by_expenditure: Decimal | None
    budget_by_score: dict[int, Decimal]

    @property
    def significant_budget(self) -> Decimal:
        """The budget of programmes scoring 2 (significant) or 3 (principal)."""
        return self.budget_by_score.get(2, ZERO) + self.budget_by_score.get(3, ZERO)


def _weighted(pairs: list[tuple[int, Decimal]]) -> Decimal | None:
    weight = sum((w for _s, w in pairs), ZERO)
    if not weight:
        return None
    return (sum((Decimal(s) * w for s, w in pairs), ZERO) / weight).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def markers_summary(fund: Fund, as_of: datetime.date | None = None) -> list[MarkerRow]:
    """Average marker scores of approved programmes, weighted by budget and by reported expenditure."""
    as_of = as_of_or_today(as_of)
    programmes = JointProgramme.objects.filter(fund=fund, status__in=PUBLIC_STATUSES)
    budgets: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for programme_id, amount in programmes.values_list("pk", "participants__budget_usd"):
        budgets[programme_id] += amount or ZERO
    spent: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for programme_id, amount in ProgrammeEntry.objects.filter(
        programme__in=programmes, kind=ProgrammeEntry.Kind.EXPENDITURE, date__lte=as_of
    ).values_list("programme_id", "amount_usd"):
        spent[programme_id] += amount
    markers: dict[str, list[Marker]] = defaultdict(list)
    for marker in Marker.objects.filter(programme__in=programmes):
        markers[marker.kind].append(marker)
    rows = []
    for kind, label in Marker.Kind.choices:
        found = markers.get(kind, [])
        by_score = {score: ZERO for score in range(4)}
        for marker in found:
            by_score[marker.score] += budgets[marker.programme_id]
        rows.append(
            MarkerRow(
                kind=kind,
                label=str(label),
                programmes=len(found),
                by_budget=_weighted([(m.score, budgets[m.programme_id]) for m in found]),
                by_expenditure=_weighted([(m.score, spent[m.programme_id]) for m in found]),
                budget_by_score=by_score,
            )
        )
    return rows


@dataclass
class TargetRow:
    target_date: datetime.date
    amount: Decimal
    committed: Decimal
    deposited: Decimal
    note: str = ""

    @property
    def gap(self) -> Decimal:
        """What remains to be committed to reach the target."""
        return max(self.amount - self.committed, ZERO)

    @property
    def cash_gap(self) -> Decimal:
        return max(self.amount - self.deposited, ZERO)

    @property
    def reached(self) -> bool:
        return self.committed >= self.amount


def capitalization(fund: Fund, as_of: datetime.date | None = None) -> list[TargetRow]:
    """Each capitalization target against what was committed and deposited by its date (or by `as_of`, if
    earlier)."""
    as_of = as_of_or_today(as_of)
    commitments = list(Commitment.objects.filter(fund=fund).values_list("signed_on", "amount_usd"))
    deposits = list(Deposit.objects.filter(fund=fund).values_list("received_on", "amount_usd"))
    rows = []
    for target in fund.targets.order_by("target_date"):
        cutoff = min(target.target_date, as_of)
        rows.append(
            TargetRow(
                target_date=target.target_date,
                amount=target.amount_usd,
                committed=total(a for d, a in commitments if d <= cutoff),
                deposited=total(a for d, a in deposits if d <= cutoff),
                note=target.note,
            )
        )
    return rows


@dataclass
class DeliveryRow:
    programme: JointProgramme
    transfers: Decimal
    expenditure: Decimal

    @property
    def rate(self) -> Decimal | None:
        return rate(self.expenditure, self.transfers)


def delivery_by_programme(fund: Fund, as_of: datetime.date | None = None) -> list[DeliveryRow]:
    as_of = as_of_or_today(as_of)
    sums: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    for programme_id, kind, amount in ProgrammeEntry.objects.filter(
        programme__fund=fund, date__lte=as_of
    ).values_list("programme_id", "kind", "amount_usd"):
        sums[programme_id][kind] += amount
    programmes = JointProgramme.objects.filter(pk__in=sums).order_by("code")
    return [
        DeliveryRow(p, sums[p.pk][ProgrammeEntry.Kind.TRANSFER], sums[p.pk][ProgrammeEntry.Kind.EXPENDITURE])
        for p in programmes
    ]
