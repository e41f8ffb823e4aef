"""System checks: the configured engine exists, and this node's index exists, is current and holds as many
documents as the database says it should (a cheap count; `gcmhub check_index` compares each document)."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _

from gcmhub.search.backends import ENGINES, get_backend
from gcmhub.search.backends.base import SearchBackend


@register("search")
def check_search_index(
    *, app_configs: Sequence[AppConfig] | None = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    name = settings.GCMHUB_SEARCH_BACKEND
    if name not in ENGINES:
        return [
            Error(
                f"GCMHUB_SEARCH_BACKEND is {name!r}, which is not a search engine.",
                hint=f"Choose one of: {', '.join(sorted(ENGINES))}.",
                id="search.E001",
            )
        ]
    backend = get_backend()
    if not backend.exists():
        return [
            Warning(
                f"The search index at {backend.path} does not exist, so search finds nothing.",
                hint="Run `gcmhub rebuild_index`.",
                id="search.W001",
            )
        ]
    from gcmhub.search.outbox import latest_seq

    try:
        behind = latest_seq() - backend.read_cursor()
    except DatabaseError:  # before `migrate` has created the outbox table
        return []
    if behind > 0:
        return [
            Warning(
                f"The search index at {backend.path} is {behind} change(s) behind the database.",
                hint="Run `gcmhub sync_index` (searches also catch up), or `gcmhub rebuild_index`.",
                id="search.W002",
            )
        ]
    return _check_counts(backend)


def _check_counts(backend: SearchBackend) -> list[CheckMessage]:
    """Up to date with the outbox, yet holding another number of documents: a change missed the outbox."""
    from gcmhub.search.consistency import expected_count

    expected = expected_count()
    if expected is None:
        return []
    backend.refresh()
    indexed = backend.count()
    if indexed == expected:
        return []
    return [
        Warning(
            _(
                "The search index holds %(indexed)d document(s), but the database has %(expected)d "
                "that should be searchable."
            )
            % {"indexed": indexed, "expected": expected},
            hint=_(
                "Run `gcmhub check_index` to see which, and `gcmhub check_index --repair` to queue them "
                "for indexing."
            ),
            id="search.W003",
        )
    ]
