"""`gcmhub export_pledges`: the published pledges as JSON Lines, in the form `gcmhub import_pledges` reads
(docs/pledges.md), to a file or to standard output. For CSV, JSON or XLSX tables use the open data
downloads or `gcmhub export_open_data`."""

import sys
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandParser

from gcmhub.reporting.queries_pledges import published_pledges, with_details
from gcmhub.reporting.schemas_pledges import PledgeLineOut


def write_lines(out: IO[str]) -> int:
    count = 0
    for pledge in with_details(published_pledges()).order_by("pk").iterator(chunk_size=1000):
        out.write(PledgeLineOut.of(pledge).model_dump_json() + "\n")
        count += 1
    return count


class Command(BaseCommand):
    help = "Write the published pledges as JSON Lines that import_pledges reads back."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="The file to write; standard output if absent.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path | None = options["output"]
        if output is None:
            write_lines(sys.stdout)
            return
        with output.open("w", encoding="utf-8") as out:
            count = write_lines(out)
        self.stderr.write(f"{count} pledges written to {output}")
