"""The shipped UN DESA International Migrant Stock 2020 totals: read the CSV, map its M49 codes onto the
reference countries, and store the values. Every row that does not map, and every value left out, is
reported. Runs from `gcmhub load_reference` (see apps.py)."""

import csv
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.utils.translation import gettext as _

from gcmhub.countries import catalog
from gcmhub.countries.models import Indicator, Source
from gcmhub.countries.values import StoreReport, ValueRow, store_values
from gcmhub.reference import queries as reference_queries
from gcmhub.reference.models import Country

# "NA": no estimate; "~": the source reports no refugees.
NOT_REPORTED = {"NA", "", "~"}
# A zero count of emigrants is read as "not reported" (docs/countries.md): no country has no emigrants at all.
ZERO_MEANS_NOT_REPORTED = {"disp"}


@dataclass
class ShippedReport:
    values: StoreReport = field(default_factory=StoreReport)
    unmapped: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def undesa_source() -> Source:
    return Source.objects.get(key=catalog.UNDESA_2020.key)


def _sync_source(entry: catalog.SourceEntry) -> Source:
    source, _created = Source.objects.update_or_create(
        key=entry.key,
        defaults={
            "publisher": entry.publisher,
            "title": entry.title,
            "url": entry.url,
            "copy_url": entry.copy_url,
        },
    )
    return source


def sync_indicators() -> dict[str, Indicator]:
    """The shipped indicators, created or brought in line with the catalogue."""
    indicators = {}
    for position, entry in enumerate(catalog.INDICATORS, 1):
        indicators[entry.code], _created = Indicator.objects.update_or_create(
            code=entry.code,
            defaults={
                "name": catalog.source_text(entry.name),
                "unit": entry.unit,
                "description": catalog.source_text(entry.description),
                "position": position,
                "is_shipped": True,
            },
        )
    start = len(catalog.INDICATORS) + 1  # after UNHCR's refugees by origin (unhcr.py)
    for position, sdg in enumerate(
        reference_queries.sdg_indicators().filter(code__in=catalog.SDG_UNITS), start + 1
    ):
        indicators[sdg.code], _created = Indicator.objects.update_or_create(
            code=sdg_indicator_code(sdg.code),
            defaults={
                "name": sdg.title,
                "unit": catalog.SDG_UNITS[sdg.code],
                "sdg_code": sdg.code,
                "position": position,
                "is_shipped": True,
            },
        )
    return indicators


def sdg_indicator_code(sdg_code: str) -> str:
    """`10.7.4` -> `sdg-10-7-4` (indicator codes are slugs)."""
    return "sdg-" + sdg_code.replace(".", "-")


def _amount(raw: str, column: str) -> Decimal | None:
    if raw.strip() in NOT_REPORTED:
        return None
    try:
        amount = Decimal(raw.strip())
    except InvalidOperation:
        return None
    if column in ZERO_MEANS_NOT_REPORTED and amount == 0:
        return None
    return amount


def parse(
    path: Path, countries: dict[str, Country], indicators: dict[str, Indicator], source: Source
) -> tuple[list[ValueRow], ShippedReport]:
    """Pure reading: rows to store and what could not be used, by line."""
    report = ShippedReport()
    rows: list[ValueRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            country = countries.get(record["country_code"].strip().zfill(3))
            if country is None:
                report.unmapped.append(
                    _("line %(line)d: %(name)s (M49 %(code)s) is not a reference country")
                    % {"line": line, "name": record["name"], "code": record["country_code"]}
                )
                continue
            for entry in catalog.INDICATORS:
                amount = _amount(record[entry.column], entry.column)
                if amount is None:
                    report.left_out.append(f"{line}:{entry.column}")
                    continue
                rows.append(
                    ValueRow(
                        indicator=indicators[entry.code],
                        country=country,
                        year=int(record["year"]),
                        value=amount,
                        source=source,
                        source_date=catalog.UNDESA_2020.copy_date,
                    )
                )
    return rows, report


def load_shipped(path: Path = catalog.UNDESA_FILE) -> ShippedReport:
    """Store the shipped values; the caller holds the transaction and the audit context."""
    source = _sync_source(catalog.UNDESA_2020)
    indicators = sync_indicators()
    countries = {c.m49: c for c in Country.objects.exclude(m49="")}
    rows, report = parse(path, countries, indicators, source)
    report.values = store_values(rows)
    return report
