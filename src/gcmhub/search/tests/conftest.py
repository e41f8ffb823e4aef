"""Fixtures for search tests: a private index directory per test."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty index directory, and outbox checks are not throttled."""
    from gcmhub.search import outbox
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    outbox._local.apply_pending = False
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()
    outbox._local.apply_pending = False
