"""Write the approved joint programmes of published funds as IATI 2.03 activity XML, validated first."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.fund import queries
from gcmhub.fund.exports.iati import IatiError, export


class Command(BaseCommand):
    help = "Write IATI 2.03 activity XML for the approved programmes of published funds (schema-validated)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="The file to write ('-' for standard output).")
        parser.add_argument("--fund", help="Only this fund's programmes (its code).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            fund = queries.access_fund(None, options["fund"]) if options["fund"] else None
            xml = export(fund)
        except (IatiError, DomainError) as exc:
            raise CommandError(getattr(exc, "message", str(exc))) from exc
        if options["out"] == "-":
            self.stdout.write(xml.decode("utf-8"))
            return
        path = Path(options["out"])
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(xml)
        tmp.replace(path)  # never leave a half-written file behind
        self.stderr.write(f"Wrote {path} ({len(xml):,} bytes).")
