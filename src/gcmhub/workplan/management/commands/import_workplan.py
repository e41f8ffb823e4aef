"""`gcmhub import_workplan PATH [--start-date YYYY-MM-DD]`: import the work plan document as a new version and
print the import report. Re-importing an unchanged document changes nothing."""

import argparse
import datetime
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError
from gcmhub.workplan.diff import diff_versions
from gcmhub.workplan.importer import MAX_BYTES, import_document
from gcmhub.workplan.models import Activity, ExpectedResult
from gcmhub.workplan.queries import DEFAULT_PLAN_SLUG


def iso_date(value: str | datetime.date | None) -> datetime.date | None:
    if value is None or isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(_("give the start date as YYYY-MM-DD, e.g. 2019-01-01")) from exc


class Command(BaseCommand):
    help = (
        "Import the work plan document (.txt, .md or .docx) as a new version of the plan and print the "
        "import report. A document that parses to the current version's structure changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The document: .txt or .md (UTF-8) or .docx.")
        parser.add_argument(
            "--start-date",
            type=iso_date,
            help="The date the plan's timeframes count from (default: the GCMHUB_PLAN_START setting).",
        )
        parser.add_argument("--plan", default=DEFAULT_PLAN_SLUG, help="The work plan's identifier (slug).")
        parser.add_argument("--user", help="Record this user name as the importer (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            start_date = iso_date(options["start_date"])
        except argparse.ArgumentTypeError as exc:
            raise CommandError(str(exc)) from exc
        verbosity = options["verbosity"]
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("There is no user “%(name)s”.") % {"name": options["user"]})
        try:
            with path.open("rb") as handle:
                # One byte over the limit is enough for the importer to refuse the file.
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        try:
            outcome = import_document(
                data, path.name, actor=actor, start_date=start_date, plan_slug=options["plan"]
            )
        except DomainError as exc:
            raise CommandError(
                _("%(path)s was not imported: %(reason)s") % {"path": path, "reason": exc.message}
            ) from exc

        version = outcome.version
        if verbosity < 1:
            return
        if not outcome.created:
            self.stdout.write(
                _("Unchanged: %(path)s parses to the same plan as version %(number)d; nothing was stored.")
                % {"path": path, "number": version.number}
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Imported %(path)s as version %(number)d of “%(title)s”: %(sections)d sections, "
                        "%(results)d expected results, %(activities)d activities."
                    )
                    % {
                        "path": path,
                        "number": version.number,
                        "title": version.title,
                        "sections": version.sections.count(),
                        "results": ExpectedResult.objects.filter(section__version=version).count(),
                        "activities": Activity.objects.filter(result__section__version=version).count(),
                    }
                )
            )
        if outcome.leads_proposed:
            self.stdout.write(
                _("Leads proposed from the membership lines: %(count)d activities.")
                % {"count": outcome.leads_proposed}
            )
        warnings = sum(1 for issue in outcome.issues if issue.severity == "warning")
        self.stdout.write(
            _("Import report: %(warnings)d warnings, %(infos)d notes.")
            % {"warnings": warnings, "infos": len(outcome.issues) - warnings}
        )
        # An unchanged document's report is already stored with its version.
        shown = outcome.issues if outcome.created or verbosity >= 2 else []
        for issue in shown:
            values = {
                "line": issue.line,
                "severity": issue.severity,
                "code": issue.code,
                "message": issue.message,
            }
            if issue.line:
                line = _("  line %(line)d: [%(severity)s] %(code)s: %(message)s") % values
            else:
                line = _("  document: [%(severity)s] %(code)s: %(message)s") % values
            self.stdout.write(self.style.WARNING(line) if issue.severity == "warning" else line)
        if outcome.created and outcome.previous is not None:
            self._print_diff(diff_versions(outcome.previous, version), verbosity)

    def _print_diff(self, diff: dict[str, Any], verbosity: int) -> None:
        counts = {
            f"{part}_{kind}": len(diff[part][kind])
            for part in ("sections", "results", "activities")
            for kind in ("added", "removed", "changed")
        }
        self.stdout.write(
            _(
                "Changes from version %(old)d: expected results %(results_added)d added, %(results_removed)d "
                "removed, %(results_changed)d changed; activities %(activities_added)d added, "
                "%(activities_removed)d removed, %(activities_changed)d changed; sections %(sections_added)d "
                "added, %(sections_removed)d removed, %(sections_changed)d changed."
            )
            % {"old": diff["from"], **counts}
        )
        if verbosity < 2:
            return
        for part in ("sections", "results", "activities"):
            for entry in diff[part]["added"]:
                self.stdout.write(_("  added %(key)s: %(title)s") % entry)
            for entry in diff[part]["removed"]:
                self.stdout.write(_("  removed %(key)s: %(title)s") % entry)
            for entry in diff[part]["changed"]:
                self.stdout.write(
                    _("  changed %(key)s, %(field)s: “%(before)s” → “%(after)s”")
                    % {**entry, "before": entry["before"] or "", "after": entry["after"] or ""}
                )
