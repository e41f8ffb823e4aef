"""`gcmhub backup --out FILE`: the database and the uploaded files in one tar.gz with a manifest
(docs/operations.md, "Backups")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.core.backup import create_backup
from gcmhub.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Back up the database (a consistent copy, while the service runs) and the uploaded files into one "
        "tar.gz archive with a manifest of row counts and checksums."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", required=True, type=Path, help="The archive to write, e.g. backup.tar.gz."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if not out.parent.resolve().is_dir():
            raise CommandError(_("There is no directory %(path)s.") % {"path": out.parent})
        try:
            manifest = create_backup(out)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": out, "reason": exc.strerror or exc}
            ) from exc
        files = sum(1 for name in manifest["checksums"] if name.startswith("media/"))
        self.stdout.write(
            _("Backed up %(rows)d rows in %(tables)d tables and %(files)d uploaded files to %(path)s.")
            % {
                "rows": sum(manifest["rows"].values()),
                "tables": len(manifest["rows"]),
                "files": files,
                "path": out,
            }
        )
