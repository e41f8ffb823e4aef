"""`gcmhub export_workplan --format json|md|docx [--version N] [--out FILE]`: the current (or given) version
of the work plan as the stable JSON of docs/workplan-json.md, or as a Markdown or Word document laid out like
the source (both re-import to the same structure). `--diff-from M` prints what changed from version M."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError
from gcmhub.workplan import queries
from gcmhub.workplan.diff import diff_versions
from gcmhub.workplan.export import version_as_dict, version_as_docx, version_as_markdown
from gcmhub.workplan.models import WorkPlanVersion


class Command(BaseCommand):
    help = (
        "Write the current (or --version N) work plan version as JSON, Markdown or Word (.docx) to standard "
        "output or --out FILE."
    )

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Our --version selects a work plan version; it replaces Django's "print the Django version" flag.
        return super().create_parser(prog_name, subcommand, conflict_handler="resolve", **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json", "md", "docx"], default="json")
        parser.add_argument("--version", type=int, help="The version number (default: the current version).")
        parser.add_argument(
            "--out", help="Write to this file (required for docx) instead of standard output."
        )
        parser.add_argument(
            "--plan", default=queries.DEFAULT_PLAN_SLUG, help="The work plan's identifier (slug)."
        )
        parser.add_argument(
            "--diff-from",
            type=int,
            help="Instead of the plan, write (as JSON) what changed from this version.",
        )

    def _version(self, number: int | None, plan: str) -> WorkPlanVersion:
        if number is not None:
            return queries.get_version(int(number), plan)
        version = queries.current_version(plan)
        if version is None:
            raise CommandError(
                _("No version of this work plan has been imported yet; run “gcmhub import_workplan”.")
            )
        return version

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, out = options["format"], options["out"]
        if fmt == "docx" and not out:
            raise CommandError(_("A .docx document cannot go to the terminal; give a file with --out."))
        try:
            version = self._version(options["version"], options["plan"])
            if options["diff_from"] is not None:
                old = queries.get_version(int(options["diff_from"]), options["plan"])
                content: str | bytes = _json(diff_versions(old, version))
            elif fmt == "json":
                content = _json(version_as_dict(version))
            elif fmt == "md":
                content = version_as_markdown(version)
            else:
                content = version_as_docx(version)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not out:
            assert isinstance(content, str)
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")
            return
        path = Path(out)
        try:
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": path, "reason": exc.strerror or exc}
            ) from exc
        if options["verbosity"] >= 1:
            self.stdout.write(
                _("Wrote version %(number)d to %(path)s.") % {"number": version.number, "path": path}
            )


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
