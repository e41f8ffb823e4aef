"""`gcmhub coverage [--json]`: the GCM 360° coverage of the 23 objectives. Like the public pages it counts
only what is published or public (docs/coverage.md)."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from gcmhub.reporting import coverage


class Command(BaseCommand):
    help = "Print what serves each GCM objective (public records only), and which objectives are thin."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the stable JSON shape.")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = coverage.coverage_overview()
        if options["json"]:
            self.stdout.write(json.dumps(coverage.overview_json(rows), ensure_ascii=False))
            return
        self.stdout.write(
            f"{'#':>2}  {'activities':>10} {'programmes':>10} {'budget_usd':>14} {'practices':>9} "
            f"{'plans':>5} {'responses':>9}  thin"
        )
        for row in rows:
            self.stdout.write(
                f"{row.objective.number:>2}  {row.activities:>10} {row.programmes:>10} "
                f"{row.budget_usd:>14,.2f} {row.practices:>9} {row.national_plans:>5} {row.responses:>9}  "
                f"{', '.join(row.reasons) if row.thin else '-'}"
            )
