"""gcmhub embed_resources: compute the vectors of every indexed document that lacks current ones."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.search import vector_store, vectors

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Embed every indexed document whose vectors are missing, stale (changed text) or from another model, "
        "in batches, and remove the vectors of documents no longer indexed. Current vectors are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch-size", type=int, default=vector_store.BATCH_DOCS, help="Documents per encoder call."
        )
        parser.add_argument("--no-progress", action="store_true", help="Print no progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        batch_size = options["batch_size"]
        if not 1 <= batch_size <= 10_000:
            raise CommandError("--batch-size must be between 1 and 10000.")
        started = time.perf_counter()
        show = None if options["no_progress"] else self._bar
        result = vector_store.embed_all(batch_size=batch_size, progress=show)
        if show is not None:
            self.stderr.write("")
        self.stdout.write(
            f"{result.embedded} document(s) embedded, {result.unchanged} already current, "
            f"{result.removed} removed, in {time.perf_counter() - started:.1f} s ({vectors.model_id()})."
        )

    def _bar(self, done: int, total: int) -> None:
        filled = BAR_WIDTH * done // max(total, 1)
        self.stderr.write(
            f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} documents", ending=""
        )
        self.stderr.flush()
