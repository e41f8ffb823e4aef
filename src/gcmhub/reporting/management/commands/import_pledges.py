"""`gcmhub import_pledges PATH`: import published pledges from a JSON Lines file (docs/pledges.md).

Every line is checked first and every problem reported with its line number; a bad file changes nothing;
importing the same file again changes nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.accounts.queries import user_by_username
from gcmhub.core.exceptions import DomainError
from gcmhub.reporting.actions.pledge_import import PledgeImportFailed, import_pledges


class Command(BaseCommand):
    help = "Import published pledges from a JSON Lines file (one pledge per line, each with its reference)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The .jsonl file.")
        parser.add_argument(
            "--as", dest="username", help="Record the import as done by this secretariat user."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then roll back.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            actor = user_by_username(options["username"]) if options["username"] else None
            with path.open(encoding="utf-8") as lines:
                report = import_pledges(actor=actor, texts=lines, dry_run=options["dry_run"])
        except PledgeImportFailed as error:
            for number, message in error.errors:
                self.stderr.write(f"line {number}: {message}")
            raise CommandError(error.message) from error
        except DomainError as error:
            raise CommandError(error.message) from error
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        created, updated = len(report.created), len(report.updated)
        self.stdout.write(f"pledges: {created} created, {updated} updated, {report.unchanged} unchanged")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
