"""`gcmhub export_open_data --out DIR`: every public dataset in CSV, XLSX and JSON, and datapackage.json,
for a mirror or a static host. Only published and public records are written (docs/open-data.md)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from gcmhub.reporting.opendata import package


class Command(BaseCommand):
    help = "Write every open dataset (CSV, XLSX, JSON) and datapackage.json into a directory."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="Directory to write (created if needed).")

    def handle(self, *args: Any, **options: Any) -> None:
        written = package.export_all(options["out"])
        for path in written:
            self.stdout.write(str(path))
