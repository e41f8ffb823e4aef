"""The shipped UNHCR refugee table (one row per year, country of origin and country of asylum), added up by
country of origin. The copy labels UNHCR's 2019 figures "2020" (its script renamed the year to line up with
UN DESA's 2020 edition); they are loaded as 2019. Origins that are no reference country (unknown origin,
stateless, Tibetan) are reported, never guessed."""

import csv
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from gcmhub.countries import catalog
from gcmhub.countries.models import Indicator, Source
from gcmhub.countries.values import StoreReport, ValueRow, store_values
from gcmhub.reference.models import Country

RELABELLED_YEARS = {2020: 2019}


@dataclass
class RefugeeReport:
    values: StoreReport = field(default_factory=StoreReport)
    unmapped: set[str] = field(default_factory=set)


def totals_by_origin(path: Path) -> Counter[tuple[str, int]]:
    """(origin ISO3, year) → refugees in all countries of asylum; "NA" counts are left out."""
    totals: Counter[tuple[str, int]] = Counter()
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["refugees"].isdigit():
                year = int(row["year"])
                totals[(row["orig"], RELABELLED_YEARS.get(year, year))] += int(row["refugees"])
    return totals


def _sync(entry: catalog.SourceEntry) -> tuple[Source, Indicator]:
    source, _created = Source.objects.update_or_create(
        key=entry.key,
        defaults={
            "publisher": entry.publisher,
            "title": entry.title,
            "url": entry.url,
            "copy_url": entry.copy_url,
        },
    )
    indicator_entry = catalog.REFUGEES_BY_ORIGIN
    indicator, _created = Indicator.objects.update_or_create(
        code=indicator_entry.code,
        defaults={
            "name": catalog.source_text(indicator_entry.name),
            "unit": indicator_entry.unit,
            "description": catalog.source_text(indicator_entry.description),
            "position": len(catalog.INDICATORS) + 1,
            "is_shipped": True,
        },
    )
    return source, indicator


def load_refugees(path: Path = catalog.UNHCR_FILE) -> RefugeeReport:
    """Store refugees by country of origin; the caller holds the transaction and the audit context."""
    source, indicator = _sync(catalog.UNHCR_REFUGEES)
    countries = {c.iso3: c for c in Country.objects.all()}
    report = RefugeeReport()
    rows = []
    for (iso3, year), count in sorted(totals_by_origin(path).items()):
        country = countries.get(iso3)
        if country is None:
            report.unmapped.add(iso3 or "(blank)")
            continue
        if count > 0:
            rows.append(
                ValueRow(
                    indicator=indicator,
                    country=country,
                    year=year,
                    value=Decimal(count),
                    source=source,
                    source_date=catalog.UNHCR_REFUGEES.copy_date,
                )
            )
    report.values = store_values(rows)
    return report


def source() -> Source:
    return Source.objects.get(key=catalog.UNHCR_REFUGEES.key)
