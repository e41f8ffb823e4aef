"""System checks: the configured engine exists, and this node's index exists and is current."""

from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.db import DatabaseError

from gcmhub.search.backends import ENGINES, get_backend


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
    return []
