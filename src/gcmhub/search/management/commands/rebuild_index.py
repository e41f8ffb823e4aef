"""gcmhub rebuild_index: rebuild this node's search index from the database (the system of record)."""

import time
from typing import Any

from django.core.management.base import BaseCommand

from gcmhub.search import outbox, vector_index
from gcmhub.search.backends import get_backend


class Command(BaseCommand):
    help = (
        "Rebuild this node's search index from every registered model; searches see the old index until done."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        backend = get_backend()
        # Vectors live in the database; every node reloads its in-memory matrix of them. Asked first, so the
        # rebuilt index starts past this outbox row.
        vector_index.request_reload()
        count = outbox.rebuild(backend=backend)
        self.stdout.write(
            f"Indexed {count} document(s) in {time.perf_counter() - started:.1f} s "
            f"({backend.name} at {backend.path}); outbox cursor {backend.read_cursor()}."
        )
