"""`gcmhub import_indicators`: the secretariat's indicator values from a CSV or XLSX file. Read, check every
row, and only then store: one bad row and nothing changes; the report names every problem by line.

Columns (first row, any order): indicator, country (ISO3) or corridor (e.g. MEX-USA), year, value, source
(the citation), and optionally source_url, source_date (YYYY-MM-DD) and note."""

import csv
import datetime
import io
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.countries import queries
from gcmhub.countries.models import Corridor, Indicator, Source
from gcmhub.countries.values import ValueRow
from gcmhub.reference.models import Country

REQUIRED = ("indicator", "year", "value", "source")
MAX_ROWS = 100_000


class ImportProblems(ValidationFailed):
    """Every problem found in a file, by line; nothing was stored."""

    def __init__(self, problems: list[str]) -> None:
        shown = "\n".join(problems[:200])
        super().__init__(
            _("The file was not imported; nothing changed. %(count)d problems:\n%(problems)s")
            % {"count": len(problems), "problems": shown},
            code="import_problems",
        )
        self.problems = problems


def _csv_records(content: bytes) -> Iterator[dict[str, str]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblems([_("The file is not UTF-8 text.")]) from None
    yield from csv.DictReader(io.StringIO(text))


def _xlsx_records(content: bytes) -> Iterator[dict[str, str]]:
    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportProblems([_("The file is not an XLSX workbook.")]) from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    for row in rows:
        yield {name: "" if cell is None else str(cell) for name, cell in zip(header, row, strict=False)}


def records(content: bytes, filename: str) -> list[dict[str, str]]:
    reader = _xlsx_records if filename.lower().endswith(".xlsx") else _csv_records
    found = []
    for record in reader(content):
        found.append({(k or "").strip().lower(): (v or "").strip() for k, v in record.items()})
        if len(found) > MAX_ROWS:
            raise ImportProblems([_("The file has more than %(max)d rows.") % {"max": MAX_ROWS}])
    return found


class _Lookups:
    """Reference rows fetched once per file."""

    def __init__(self) -> None:
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.countries = {c.iso3: c for c in Country.objects.all()}
        self.corridors = {c.code: c for c in Corridor.objects.all()}
        self.sources: dict[str, Source] = {}

    def source(self, citation: str, url: str) -> Source:
        key = slugify(citation)[:60] or "source"
        if key not in self.sources:
            self.sources[key], _created = Source.objects.get_or_create(
                key=key, defaults={"publisher": "", "title": citation[:250], "url": url}
            )
        return self.sources[key]


def _year(raw: str) -> int | None:
    try:
        year = int(Decimal(raw))
    except (InvalidOperation, ValueError):
        return None
    return year if queries.plausible_year(year) and Decimal(raw) == year else None


def _date(raw: str) -> datetime.date | bool | None:
    """The date, None when empty, False when unreadable."""
    if not raw:
        return None
    try:
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        return False


def _place(record: dict[str, str], lookups: _Lookups) -> tuple[Country | None, Corridor | None, str]:
    iso3, corridor = record.get("country", "").upper(), record.get("corridor", "").upper()
    if bool(iso3) == bool(corridor):
        return None, None, _("give either a country or a corridor")
    if iso3:
        found = lookups.countries.get(iso3)
        return found, None, "" if found else _("unknown country %(code)s") % {"code": iso3}
    found_corridor = lookups.corridors.get(corridor)
    return None, found_corridor, "" if found_corridor else _("unknown corridor %(code)s") % {"code": corridor}


def _check(record: dict[str, str], lookups: _Lookups) -> tuple[dict[str, Any], list[str]]:
    """The row's parts and its problems (each a phrase)."""
    problems = [_("missing %(column)s") % {"column": name} for name in REQUIRED if not record.get(name)]
    indicator = lookups.indicators.get(record.get("indicator", ""))
    if record.get("indicator") and indicator is None:
        problems.append(_("unknown indicator %(code)s") % {"code": record["indicator"]})
    country, corridor, place_problem = _place(record, lookups)
    problems += [place_problem] if place_problem else []
    year = _year(record.get("year", ""))
    if record.get("year") and year is None:
        problems.append(_("bad year %(year)s") % {"year": record["year"]})
    try:
        value: Decimal | None = Decimal(record.get("value", "")) if record.get("value") else None
    except InvalidOperation:
        value = None
        problems.append(_("value %(value)s is not a number") % {"value": record["value"]})
    if value is not None and indicator is not None and not (value.is_finite() and indicator.accepts(value)):
        problems.append(_("value %(value)s is out of range") % {"value": record["value"]})
    source_date = _date(record.get("source_date", ""))
    if source_date is False:
        problems.append(_("bad source_date %(date)s") % {"date": record["source_date"]})
    parts = {"indicator": indicator, "country": country, "corridor": corridor, "year": year, "value": value}
    return {**parts, "source_date": source_date or None}, problems


def parse_file(content: bytes, filename: str) -> list[ValueRow]:
    """Check every row; raise ImportProblems (nothing stored) or return the rows to store."""
    found = records(content, filename)
    if not found:
        raise ImportProblems([_("The file has no rows.")])
    lookups = _Lookups()
    rows: list[ValueRow] = []
    problems: list[str] = []
    seen: dict[tuple[str, str, str], int] = {}
    for line, record in enumerate(found, start=2):
        parts, row_problems = _check(record, lookups)
        key = (
            record.get("indicator", ""),
            record.get("country", "").upper() + record.get("corridor", "").upper(),
            record.get("year", ""),
        )
        if key in seen:
            row_problems.append(_("duplicate of line %(line)d") % {"line": seen[key]})
        seen.setdefault(key, line)
        if row_problems:
            problems.append(
                _("line %(line)d: %(problems)s") % {"line": line, "problems": "; ".join(row_problems)}
            )
            continue
        source = lookups.source(record["source"], record.get("source_url", ""))
        rows.append(ValueRow(source=source, note=record.get("note", "")[:250], **parts))
    if problems:
        raise ImportProblems(problems)
    return rows
