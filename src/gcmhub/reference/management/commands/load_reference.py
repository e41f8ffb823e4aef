"""`gcmhub load_reference`: create or update the reference tables (objectives, principles, regions,
countries, organizations, membership groups, SDG indicators). Idempotent; one transaction."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gcmhub.reference.actions import load_reference


class Command(BaseCommand):
    help = "Load the reference data (GCM objectives, guiding principles, countries, organizations, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change, then roll back."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = options["verbosity"]
        report = load_reference(actor=None, dry_run=options["dry_run"])
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if verbosity >= 2:
            for line in report.left_out:
                self.stdout.write(line)
        if verbosity < 1:
            return
        for table in report.tables:
            self.stdout.write(
                f"{table.table}: {len(table.created)} created, {len(table.updated)} updated, "
                f"{table.unchanged} unchanged"
            )
            for key, fields in table.updated.items():
                self.stdout.write(f"  updated {key}: {', '.join(fields)}")
            if verbosity >= 2:
                for key in table.created:
                    self.stdout.write(f"  created {key}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was saved.")
        elif not report.changed:
            self.stdout.write("Reference data already up to date; nothing changed.")
