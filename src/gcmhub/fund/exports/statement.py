"""The statement of sources and uses as rows for CSV and XLSX, and as the stable JSON shape of
`gcmhub fund_statement --json` and the API."""

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.core.bidi import language_is_rtl
from gcmhub.fund.queries.statement import ALL_LINES, EntryRow, OrganizationRow, Statement, entries_for

Row = list[Any]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: Any) -> Any:
    """Text that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _org_cells(row: OrganizationRow) -> Row:
    return [
        row.approved,
        row.transfers,
        row.refunds,
        row.net_funded,
        row.expenditure,
        row.balance,
        row.delivery_rate,
    ]


def statement_rows(s: Statement) -> list[Row]:
    """The statement as rows of text and Decimal cells (refunds as a negative use)."""
    rows: list[Row] = [
        [_("Fund"), s.fund.code, s.fund.name],
        [_("As of"), s.as_of.isoformat()],
        [_("Currency"), s.fund.currency],
        [],
        [_("Section"), _("Line"), _("Amount (USD)")],
    ]
    for line in s.sources:
        rows.append([_("Sources of funds"), line.label, line.signed])
    rows.append([_("Sources of funds"), _("Total sources"), s.total_sources])
    for line in s.uses:
        rows.append([_("Uses of funds"), line.label, line.signed])
    rows.append([_("Uses of funds"), _("Total uses"), s.total_uses])
    rows += [
        [_("Balance"), _("Balance with the administrative agent"), s.balance],
        [_("Other figures"), _("Net funded amount"), s.net_funded],
        [_("Other figures"), _("Signed commitments"), s.commitments],
        [_("Other figures"), _("Allocations to programmes"), s.allocations],
        [_("Other figures"), _("Available for allocation"), s.available],
        [],
        [
            _("Participating organization"),
            _("Approved budget"),
            _("Transfers"),
            _("Refunds"),
            _("Net funded"),
            _("Expenditure"),
            _("Balance"),
            _("Delivery rate"),
        ],
    ]
    for row in s.organizations:
        rows.append([row.organization.acronym if row.organization else "", *_org_cells(row)])
    rows.append([_("Total"), *_org_cells(s.totals)])
    return rows


def correction(entry: EntryRow) -> str:
    """How an entry and its reversal are linked, as far as the statement's date shows it."""
    if entry.reverses_date is not None:
        return _("Reverses the entry of %(date)s: %(reason)s") % {
            "date": entry.reverses_date.isoformat(),
            "reason": entry.reason,
        }
    if entry.reversed_on is not None:
        return _("Reversed on %(date)s: %(reason)s") % {
            "date": entry.reversed_on.isoformat(),
            "reason": entry.reason,
        }
    return ""


def entry_rows(s: Statement) -> list[Row]:
    """Every entry behind the statement's figures, line by line."""
    rows: list[Row] = [
        [
            _("Line"),
            _("Date"),
            _("Counterpart"),
            _("Programme"),
            _("Amount (USD)"),
            _("Original amount"),
            _("Reference"),
            _("Description"),
            _("Correction"),
        ]
    ]
    for key in [line.key for line in s.sources + s.uses] + ["expenditure", "commitments", "allocations"]:
        for entry in entries_for(s.fund, key, s.as_of):
            rows.append(
                [
                    str(ALL_LINES[key]),
                    entry.date.isoformat() if entry.date else "",
                    safe_text(entry.counterpart),
                    entry.programme,
                    entry.amount,
                    entry.currency_amount,
                    safe_text(entry.reference),
                    safe_text(entry.description),
                    safe_text(correction(entry)),
                ]
            )
    return rows


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.4f}" if value.as_tuple().exponent == -4 else f"{value:.2f}"
    return str(safe_text(value))


def statement_csv(s: Statement) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in statement_rows(s):
        writer.writerow([_cell_text(cell) for cell in row])
    return buffer.getvalue()


def statement_xlsx(s: Statement) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statement")[:31]
    sheet.sheet_view.rightToLeft = language_is_rtl()
    for row in statement_rows(s):
        sheet.append([safe_text(cell) for cell in row])
    bold = Font(bold=True)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float, Decimal)):
                is_rate = row[0].row > 5 and cell.column == 8
                cell.number_format = "0.00%" if is_rate else "#,##0.00"
        if row and row[0].value in (_("Section"), _("Participating organization"), _("Total")):
            for cell in row:
                cell.font = bold
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 52
    for letter in "CDEFGH":
        sheet.column_dimensions[letter].width = 18
    entries = workbook.create_sheet(_("Entries")[:31])
    entries.sheet_view.rightToLeft = language_is_rtl()
    for row in entry_rows(s):
        entries.append(row)
    for row in entries.iter_rows(min_row=2):
        row[4].number_format = "#,##0.00"
    for cell in entries[1]:
        cell.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _money(value: Decimal) -> str:
    return f"{value:.2f}"


def _org_json(row: OrganizationRow) -> dict[str, Any]:
    return {
        "organization": row.organization.acronym if row.organization else None,
        "approved": _money(row.approved),
        "transfers": _money(row.transfers),
        "refunds": _money(row.refunds),
        "net_funded": _money(row.net_funded),
        "expenditure": _money(row.expenditure),
        "balance": _money(row.balance),
        "delivery_rate": f"{row.delivery_rate:.4f}" if row.delivery_rate is not None else None,
    }


def statement_json(s: Statement) -> dict[str, Any]:
    """Amounts as strings with two decimals (exact, never floats); rates as strings with four."""
    return {
        "fund": s.fund.code,
        "name": s.fund.name,
        "currency": s.fund.currency,
        "as_of": s.as_of.isoformat(),
        "sources": {line.key: _money(line.amount) for line in s.sources},
        "total_sources": _money(s.total_sources),
        "uses": {line.key: _money(line.signed) for line in s.uses},
        "total_uses": _money(s.total_uses),
        "balance": _money(s.balance),
        "net_funded": _money(s.net_funded),
        "commitments": _money(s.commitments),
        "allocations": _money(s.allocations),
        "available": _money(s.available),
        "organizations": [_org_json(row) for row in s.organizations],
        "totals": _org_json(s.totals),
    }
