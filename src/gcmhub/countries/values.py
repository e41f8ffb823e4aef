"""Writing indicator values: one path for the shipped data and the secretariat's imports. Rows are compared
with what is stored, so a second run of the same data changes nothing."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from gcmhub.countries.models import Corridor, Indicator, IndicatorValue, Source
from gcmhub.reference.models import Country

# Stored with six decimals; shares in the source have more.
QUANTUM = Decimal("0.000001")


@dataclass(frozen=True)
class ValueRow:
    """One value ready to store: exactly one of `country` and `corridor`."""

    indicator: Indicator
    year: int
    value: Decimal
    source: Source
    source_date: date | None
    country: Country | None = None
    corridor: Corridor | None = None
    note: str = ""


@dataclass
class StoreReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass
class _Existing:
    by_key: dict[tuple[int, int | None, int | None, int], IndicatorValue] = field(default_factory=dict)


def _key(
    indicator_id: int, country_id: int | None, corridor_id: int | None, year: int
) -> tuple[int, int | None, int | None, int]:
    return (indicator_id, country_id, corridor_id, year)


def _existing(rows: list[ValueRow]) -> _Existing:
    indicator_ids = {row.indicator.pk for row in rows}
    found = _Existing()
    for value in IndicatorValue.objects.filter(indicator_id__in=indicator_ids):
        found.by_key[_key(value.indicator_id, value.country_id, value.corridor_id, value.year)] = value
    return found


def _differs(stored: IndicatorValue, row: ValueRow, amount: Decimal) -> bool:
    return (
        stored.value != amount
        or stored.source_id != row.source.pk
        or stored.source_date != row.source_date
        or stored.note != row.note
    )


def store_values(rows: list[ValueRow]) -> StoreReport:
    """Create missing values and update changed ones; call inside the caller's transaction and audit."""
    report = StoreReport()
    existing = _existing(rows)
    to_create: list[IndicatorValue] = []
    for row in rows:
        amount = row.value.quantize(QUANTUM)
        key = _key(
            row.indicator.pk,
            row.country.pk if row.country else None,
            row.corridor.pk if row.corridor else None,
            row.year,
        )
        stored = existing.by_key.get(key)
        if stored is None:
            to_create.append(
                IndicatorValue(
                    indicator=row.indicator,
                    country=row.country,
                    corridor=row.corridor,
                    year=row.year,
                    value=amount,
                    source=row.source,
                    source_date=row.source_date,
                    note=row.note,
                )
            )
        elif _differs(stored, row, amount):
            stored.value, stored.source, stored.source_date, stored.note = (
                amount,
                row.source,
                row.source_date,
                row.note,
            )
            stored.save()
            report.updated += 1
        else:
            report.unchanged += 1
    IndicatorValue.objects.bulk_create(to_create, batch_size=500)
    report.created = len(to_create)
    return report
