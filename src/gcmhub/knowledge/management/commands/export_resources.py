"""`gcmhub export_resources [--out FILE]`: resources as JSON Lines, the format import_resources reads."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gcmhub.knowledge.jsonl import exported_resources, write_lines
from gcmhub.knowledge.models import Kind, Status


class Command(BaseCommand):
    help = "Export resources as JSON Lines (published ones unless --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="Write to this file instead of standard output.")
        parser.add_argument(
            "--all", action="store_true", help="Include drafts, reviews in progress and archived ones."
        )
        parser.add_argument("--kind", choices=Kind.values, help="Only resources of this kind.")

    def handle(self, *args: Any, **options: Any) -> None:
        resources = exported_resources()
        if not options["all"]:
            resources = resources.filter(status=Status.PUBLISHED)
        if options["kind"]:
            resources = resources.filter(kind=options["kind"])
        rows = resources.iterator(chunk_size=2000)
        if options["out"]:
            with Path(options["out"]).open("w", encoding="utf-8") as out:
                count = write_lines(rows, out)
            if options["verbosity"] >= 1:
                self.stderr.write(f"{count} resources written to {options['out']}.")
        else:
            write_lines(rows, sys.stdout)
