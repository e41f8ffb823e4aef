"""gcmhub sync_index: apply the search outbox to this node's index (and optionally prune old rows)."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gcmhub.search import outbox


class Command(BaseCommand):
    help = "Bring this node's search index up to date with changes made on any node."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--prune-days",
            type=int,
            default=None,
            help="Then delete outbox rows older than this many days (nodes further behind must rebuild).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = outbox.apply_outbox()
        self.stdout.write(
            f"Applied {result.applied} outbox row(s): {result.indexed} indexed, {result.deleted} removed; "
            f"cursor {result.cursor}."
        )
        if options["prune_days"] is not None:
            deleted = outbox.prune(older_than=datetime.timedelta(days=max(0, options["prune_days"])))
            self.stdout.write(f"Pruned {deleted} outbox row(s).")
