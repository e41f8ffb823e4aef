"""`gcmhub import_indicators FILE.csv|FILE.xlsx`: import indicator values (columns in docs/countries.md).
A file with any problem changes nothing; every problem is listed with its line."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.countries.actions import import_values


class Command(BaseCommand):
    help = "Import indicator values per country (or corridor) and year from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check and report, then roll back.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            report = import_values(path.read_bytes(), path.name, actor=None, dry_run=options["dry_run"])
        except DomainError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
