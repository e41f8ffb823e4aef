"""The shipped origin-destination table of UN DESA's International Migrant Stock 2019 (a wide CSV: one row per
year and destination, one column per origin). Only positive counts are stored: the table gives 0 both for no
migrants and for no estimate, and ".." or "-" where UN DESA has none. Destinations that are regions
(Caribbean, Melanesia, …) and names that are no reference country are reported, never guessed."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from gcmhub.countries import catalog
from gcmhub.countries.models import BilateralStock, Source
from gcmhub.reference.models import Country

# Only the table's latest year is loaded: all seven years are some 76,000 rows, which made every fresh
# database (each test session, each browser test) load for many seconds more; the file keeps the rest.
LOADED_YEAR = 2019


@dataclass
class BilateralReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unmapped: set[str] = field(default_factory=set)


def _by_name() -> dict[str, Country]:
    countries = {c.name_en: c for c in Country.objects.all()}
    by_iso3 = {c.iso3: c for c in countries.values()}
    countries.update(
        {name: by_iso3[iso3] for name, iso3 in catalog.BILATERAL_NAMES.items() if iso3 in by_iso3}
    )
    return countries


def _count(raw: str) -> int | None:
    raw = raw.strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else None


def parse(path: Path, countries: dict[str, Country]) -> tuple[dict[tuple[int, int, int], int], set[str]]:
    """(origin id, destination id, year) → migrants, and the names that are no reference country."""
    stocks: dict[tuple[int, int, int], int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        names = next(reader)[2:]
        origins = [countries.get(name) for name in names]
        unmapped = {name for name, origin in zip(names, origins, strict=True) if origin is None}
        for row in reader:
            year, destination = int(row[0]), countries.get(row[1])
            if year != LOADED_YEAR:
                continue
            if destination is None:
                unmapped.add(row[1])
                continue
            for origin, raw in zip(origins, row[2:], strict=True):
                count = _count(raw)
                if origin is not None and count is not None:
                    stocks[(origin.pk, destination.pk, year)] = count
    return stocks, unmapped


def _store(stocks: dict[tuple[int, int, int], int], source: Source, report: BilateralReport) -> None:
    # Plain tuples, not model instances: a second load compares some 76,000 rows.
    existing = {
        (origin, destination, year): (pk, value)
        for pk, origin, destination, year, value in BilateralStock.objects.filter(source=source).values_list(
            "pk", "origin_id", "destination_id", "year", "value"
        )
    }
    to_create, to_update = [], []
    for key, count in stocks.items():
        stored = existing.get(key)
        if stored is None:
            to_create.append(
                BilateralStock(
                    origin_id=key[0], destination_id=key[1], year=key[2], value=count, source=source
                )
            )
        elif stored[1] != count:
            to_update.append(BilateralStock(pk=stored[0], value=count))
    BilateralStock.objects.bulk_create(to_create, batch_size=2000)
    BilateralStock.objects.bulk_update(to_update, ["value"], batch_size=2000)
    report.created, report.updated = len(to_create), len(to_update)
    report.unchanged = len(stocks) - report.created - report.updated


def load_bilateral(path: Path = catalog.BILATERAL_FILE) -> BilateralReport:
    """Store the shipped origin-destination counts; the caller holds the transaction and the audit context."""
    entry = catalog.UNDESA_2019_BILATERAL
    source, _created = Source.objects.update_or_create(
        key=entry.key,
        defaults={
            "publisher": entry.publisher,
            "title": entry.title,
            "url": entry.url,
            "copy_url": entry.copy_url,
        },
    )
    report = BilateralReport()
    stocks, report.unmapped = parse(path, _by_name())
    _store(stocks, source, report)
    return report


def source() -> Source:
    return Source.objects.get(key=catalog.UNDESA_2019_BILATERAL.key)


def unmapped_warning(name: str) -> str:
    return _("%(name)s in the origin-destination table is not a reference country") % {"name": name}
