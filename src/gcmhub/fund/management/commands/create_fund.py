"""Create a fund, with the work plan's thematic areas and its own results framework."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.fund.actions import create_fund


class Command(BaseCommand):
    help = "Create a fund (books in US dollars) with the work plan's thematic areas and a results framework."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="Capital letters, digits or dashes, e.g. MMPTF.")
        parser.add_argument("--name", required=True)
        parser.add_argument("--agent", help="Acronym of the administrative agent, e.g. MPTFO.")
        parser.add_argument(
            "--fee-rate", default="0.01", help="The administrative agent's fee (default 0.01)."
        )
        parser.add_argument(
            "--indirect-rate", default="0.07", help="Indirect costs in budgets (default 0.07)."
        )
        parser.add_argument("--established", help="The date the fund was established (YYYY-MM-DD).")
        parser.add_argument("--iati-ref", default="", help="The reporting organisation's IATI identifier.")
        parser.add_argument("--published", action="store_true", help="Show the fund to the public.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            established = (
                datetime.date.fromisoformat(options["established"]) if options["established"] else None
            )
        except ValueError:
            raise CommandError("--established takes a date such as 2019-05-01.") from None
        try:
            fund = create_fund(
                actor=None,
                code=options["code"],
                name=options["name"],
                administrative_agent=options["agent"],
                admin_fee_rate=options["fee_rate"],
                indirect_cost_rate=options["indirect_rate"],
                established_on=established,
                is_published=options["published"],
                iati_org_ref=options["iati_ref"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        areas = fund.thematic_areas.count()
        self.stdout.write(f"Created fund {fund.code} with {areas} thematic areas from the work plan.")
