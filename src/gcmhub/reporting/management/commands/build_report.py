"""`gcmhub build_report --format docx|pdf|html --out PATH [--call ID] [--language xx] [--outline FILE]
[--as-of YYYY-MM-DD]`: write a draft of the Secretary-General's biennial report (docs/report-builder.md).

Without --call it draws on the latest closed (else the latest published) call; with no call at all it still
builds the report from the rest and says so on its first page."""

import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.reporting import report


class Command(BaseCommand):
    help = "Build a draft of the Secretary-General's biennial report as DOCX, PDF or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=report.FORMATS, dest="fmt")
        parser.add_argument("--out", required=True, help="Where to write the report.")
        parser.add_argument("--call", type=int, help="The call for inputs to draw on (default: the latest).")
        parser.add_argument(
            "--language", default=settings.LANGUAGE_CODE, help="ar, zh-hans, en, fr, ru or es."
        )
        parser.add_argument("--outline", help="A JSON outline: which chapters, in which order, their titles.")
        parser.add_argument("--as-of", help="The data-as-of date (default: the latest change to the data).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outline = self._outline(options["outline"])
            document, data = report.build_report(
                options["fmt"],
                call_id=options["call"],
                language=options["language"],
                outline=outline,
                as_of=self._as_of(options["as_of"]),
            )
        except DomainError as exc:
            raise CommandError(exc.message) from None
        out = Path(options["out"])
        try:
            out.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Cannot write {out}: {exc.strerror}.") from None
        self.stdout.write(f"Report written to {out} ({len(data)} bytes, {len(document.figures)} figures).")

    def _outline(self, path: str | None) -> report.Outline | None:
        if not path:
            return None
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read the outline {path}: {exc}.") from None
        return report.parse_outline_text(text)

    def _as_of(self, value: str | None) -> datetime.date | None:
        if not value:
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise CommandError("--as-of must be a date like 2026-05-31.") from None
