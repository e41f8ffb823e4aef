"""Print a fund's statement of sources and uses, as of today or any past date."""

import datetime
import json
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.fund import queries
from gcmhub.fund.exports.statement import statement_json


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of takes a date such as 2025-12-31, not {text!r}.") from None


class Command(BaseCommand):
    help = "Print a fund's statement of sources and uses (as of today, or --as-of DATE); --json for machines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--fund", required=True, help="The fund's code, e.g. MMPTF.")
        parser.add_argument(
            "--as-of", dest="as_of", help="A date (YYYY-MM-DD); entries after it are left out."
        )
        parser.add_argument("--json", action="store_true", help="Print the statement as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else None
        try:
            fund = queries.access_fund(None, options["fund"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        data = statement_json(queries.statement(fund, as_of))
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        self.stdout.write(
            f"{data['name']} ({data['fund']}) — statement as of {data['as_of']}, {data['currency']}"
        )
        rows = [("Sources", "", "")]
        rows += [("", key, value) for key, value in data["sources"].items()]
        rows += [("", "total sources", data["total_sources"]), ("Uses", "", "")]
        rows += [("", key, value) for key, value in data["uses"].items()]
        rows += [
            ("", "total uses", data["total_uses"]),
            ("Balance with the administrative agent", "", data["balance"]),
        ]
        rows += [
            ("Allocations", "", data["allocations"]),
            ("Available for allocation", "", data["available"]),
        ]
        for section, key, value in rows:
            self.stdout.write(f"{section:<40}{key:<16}{value:>20}")
        self.stdout.write("")
        self.stdout.write(
            f"{'Organization':<16}{'transfers':>16}{'refunds':>14}{'expenditure':>16}{'balance':>16}{'rate':>8}"
        )
        for row in [*data["organizations"], {**data["totals"], "organization": "Total"}]:
            share = f"{Decimal(row['delivery_rate']) * 100:.0f}%" if row["delivery_rate"] else "—"
            self.stdout.write(
                f"{row['organization']:<16}{row['transfers']:>16}{row['refunds']:>14}{row['expenditure']:>16}"
                f"{row['balance']:>16}{share:>8}"
            )
