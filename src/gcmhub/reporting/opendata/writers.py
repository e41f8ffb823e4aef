"""Tables written as CSV, JSON and XLSX without holding them in memory.

A `Table` is a list of `Column`s (its data dictionary) and an iterable of rows (dicts keyed by column name).
CSV and JSON are produced as a stream of text chunks, so a response can be sent while the database is still
being read; XLSX (a zip file, which cannot be streamed) is written by openpyxl's write-only mode, which keeps
each sheet in a temporary file on disk rather than in memory.
"""

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from gcmhub.core.bidi import language_is_rtl

# The column types of a data dictionary, with their meaning.
TYPES: dict[str, Promise] = {
    "text": gettext_lazy("text"),
    "integer": gettext_lazy("whole number"),
    "decimal": gettext_lazy("decimal number"),
    "boolean": gettext_lazy("true or false"),
    "date": gettext_lazy("date (YYYY-MM-DD)"),
    "datetime": gettext_lazy("date and time, UTC (ISO 8601)"),
    "list": gettext_lazy("list (in CSV and XLSX: values separated by semicolons)"),
}
LIST_SEPARATOR = "; "
# Text starting with these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Rows per chunk of a CSV or JSON stream.
CHUNK_ROWS = 500


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: Promise | str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "type": self.type, "description": str(self.description)}


@dataclass
class Table:
    """What one file holds: its dictionary, its rows, and facts about it (name, licence, last update)."""

    name: str
    columns: list[Column]
    rows: Iterable[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)


def _utc(value: datetime.datetime) -> datetime.datetime:
    if value.tzinfo is not None:
        value = value.astimezone(datetime.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def flat_value(value: Any, column_type: str) -> Any:
    """A cell for CSV (everything as text) — lists joined, dates in ISO 8601, text safe from formulas."""
    if value is None:
        return ""
    if column_type == "list":
        return safe_text(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return _utc(value).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, str):
        return safe_text(value)
    return value


def json_value(value: Any) -> Any:
    """A JSON value: numbers stay numbers (decimals with at most four places are exact as JSON numbers)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return _utc(value).isoformat() + "Z"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    return value


def xlsx_value(value: Any, column_type: str) -> Any:
    if value is None:
        return None
    if column_type == "list":
        return safe_text(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, datetime.datetime):
        return _utc(value)
    if isinstance(value, str):
        return safe_text(value)
    return value


def csv_chunks(table: Table) -> Iterator[str]:
    """The table as CSV text, a chunk of rows at a time; the header is the dictionary's column names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.name for column in table.columns])
    for count, row in enumerate(table.rows, start=1):
        writer.writerow([flat_value(row.get(column.name), column.type) for column in table.columns])
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(table: Table) -> Iterator[str]:
    """The table as one JSON object — its facts, its dictionary, then `rows` — a chunk of rows at a time."""
    head = {key: json_value(value) for key, value in table.meta.items()}
    head["columns"] = [column.as_dict() for column in table.columns]
    opening = json.dumps(head, ensure_ascii=False)
    yield opening[:-1] + ', "rows": ['
    parts: list[str] = []
    first = True
    for row in table.rows:
        item = {column.name: json_value(row.get(column.name)) for column in table.columns}
        parts.append(("" if first else ",") + "\n" + json.dumps(item, ensure_ascii=False))
        first = False
        if len(parts) >= CHUNK_ROWS:
            yield "".join(parts)
            parts = []
    parts.append("\n]}\n")
    yield "".join(parts)


def write_csv(table: Table, out: IO[str]) -> None:
    for chunk in csv_chunks(table):
        out.write(chunk)


def write_json(table: Table, out: IO[str]) -> None:
    for chunk in json_chunks(table):
        out.write(chunk)


def write_xlsx(table: Table, out: IO[bytes]) -> None:
    """Sheets "data" (the rows), "dictionary" (column, type, description) and "about" (the facts)."""
    book = Workbook(write_only=True)
    data = book.create_sheet("data")
    dictionary, about = book.create_sheet("dictionary"), book.create_sheet("about")
    for sheet in (data, dictionary, about):
        sheet.sheet_view.rightToLeft = language_is_rtl()
    data.append([column.name for column in table.columns])
    for row in table.rows:
        data.append([xlsx_value(row.get(column.name), column.type) for column in table.columns])
    dictionary.append([_("column"), _("type"), _("description")])
    for column in table.columns:
        dictionary.append([column.name, column.type, str(column.description)])
    for key, value in table.meta.items():
        about.append([key, xlsx_value(value, "text") if not isinstance(value, dict) else json.dumps(value)])
    book.save(out)


def types_dictionary() -> list[dict[str, str]]:
    return [{"type": name, "meaning": str(label)} for name, label in TYPES.items()]
