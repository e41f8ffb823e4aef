"""`gcmhub import_resources PATH`: import resources from a JSON Lines file (docs/resources-jsonl.md).

Every line is checked first and every problem reported with its line number; a bad file changes nothing;
importing the same file again changes nothing."""

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import user_by_username
from gcmhub.core.exceptions import DomainError
from gcmhub.knowledge.actions import ImportFailed, import_resources


class Command(BaseCommand):
    help = "Import resources from a JSON Lines file (one resource per line); '-' reads standard input."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The .jsonl file, or - for standard input.")
        parser.add_argument(
            "--as", dest="username", help="Record the import as done by this secretariat user."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then roll back.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = user_by_username(options["username"]) if options["username"] else None
        path = options["path"]
        started = time.monotonic()
        try:
            if path == "-":
                import io

                stream: Any = io.BytesIO(sys.stdin.buffer.read())
                report = import_resources(
                    actor=actor, stream=stream, source="stdin", dry_run=options["dry_run"]
                )
            else:
                file = Path(path)
                if not file.is_file():
                    raise CommandError(f"There is no file {path}.")
                with file.open("rb") as stream:
                    report = import_resources(
                        actor=actor, stream=stream, source=file.name, dry_run=options["dry_run"]
                    )
        except ImportFailed as exc:
            for line, message in exc.errors:
                self.stderr.write(f"line {line}: {message}")
            raise CommandError(exc.message) from exc
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            # An unreadable file (permissions, a directory, a device error) is the operator's to fix.
            raise CommandError(
                _("Cannot read %(path)s: %(error)s.") % {"path": path, "error": exc.strerror or exc}
            ) from exc
        seconds = time.monotonic() - started
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged "
                f"in {seconds:.1f} s." + (" Dry run: nothing was saved." if options["dry_run"] else "")
            )
