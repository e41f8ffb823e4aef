"""`gcmhub export_openapi [--out FILE]`: the API's OpenAPI document, pretty-printed with sorted keys so that
diffs of the committed docs/openapi.json are readable."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


def openapi_document() -> str:
    """The OpenAPI document as committed: two-space indent, sorted keys, a final newline."""
    from gcmhub.config.api import api

    schema = api.get_openapi_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the API's OpenAPI document (to standard output, or to --out)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="File to write, e.g. docs/openapi.json.")

    def handle(self, *args: Any, **options: Any) -> None:
        document = openapi_document()
        if options["out"] is None:
            self.stdout.write(document, ending="")
            return
        options["out"].parent.mkdir(parents=True, exist_ok=True)
        options["out"].write_text(document, encoding="utf-8")
        self.stderr.write(f"Wrote {options['out']}.")
