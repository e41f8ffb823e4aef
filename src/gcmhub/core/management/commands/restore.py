"""`gcmhub restore FILE [--force]`: restore a `gcmhub backup` archive into this instance, then rebuild its
search index (docs/operations.md, "Backups")."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.core.backup import restore_backup
from gcmhub.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Restore a backup archive: verify its checksums, load the database and the uploaded files, apply "
        "this release's migrations and rebuild the search index. Stop the service first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive `gcmhub backup` wrote.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data (its uploaded files are kept aside).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = restore_backup(options["archive"], force=options["force"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _(
                "Restored %(rows)d rows and %(files)d uploaded files from %(path)s; the search index is "
                "rebuilt."
            )
            % {"rows": outcome.rows, "files": outcome.files, "path": options["archive"]}
        )
        if outcome.moved_media is not None:
            self.stdout.write(
                _("The uploaded files that were here before are kept in %(path)s.")
                % {"path": outcome.moved_media}
            )
