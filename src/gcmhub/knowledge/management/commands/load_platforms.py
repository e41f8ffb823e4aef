"""`gcmhub load_platforms`: load the curated directory of real data and knowledge platforms
(data/knowledge_platforms.json). Idempotent; one transaction; `make run` calls it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.knowledge.platform_seed import SEED_FILE, load_platforms


class Command(BaseCommand):
    help = "Load the curated directory of real data and knowledge platforms, each with its sources."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=SEED_FILE, help="The seed file to load.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = load_platforms(actor=None, path=options["file"])
        except DomainError as error:
            raise CommandError(str(error)) from error
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"Cannot read {options['file']}: {error}") from error
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"platforms: {len(report.created)} created, {len(report.updated)} updated, "
            f"{report.unchanged} unchanged"
        )
        for line in report.updated:
            self.stdout.write(f"  updated {line}")
