"""The configured search engine: settings.GCMHUB_SEARCH_BACKEND names one of ENGINES.

To add an engine, see docs/search.md ("How to add a search backend").
"""

from __future__ import annotations

import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from gcmhub.search.backends.base import SearchBackend


def _tantivy(path: Path) -> SearchBackend:
    from gcmhub.search.backends.tantivy import TantivyBackend

    return TantivyBackend(path)


ENGINES = {"tantivy": _tantivy}

_lock = threading.Lock()
_backends: dict[tuple[str, str], SearchBackend] = {}


def index_dir() -> Path:
    return Path(settings.GCMHUB_SEARCH_DIR)


def get_backend() -> SearchBackend:
    """This process's backend for the configured engine and index directory (opened once, then reused)."""
    name = settings.GCMHUB_SEARCH_BACKEND
    path = index_dir() / name
    key = (name, str(path))
    backend = _backends.get(key)
    if backend is None:
        if name not in ENGINES:
            raise ImproperlyConfigured(
                f"GCMHUB_SEARCH_BACKEND is {name!r}; choose one of: {', '.join(sorted(ENGINES))}."
            )
        with _lock:
            backend = _backends.get(key)
            if backend is None:
                backend = _backends[key] = ENGINES[name](path)
    return backend


def forget_backends() -> None:
    """Drop cached backends (tests that point the index at a new directory)."""
    with _lock:
        for backend in _backends.values():
            backend.close()
        _backends.clear()
