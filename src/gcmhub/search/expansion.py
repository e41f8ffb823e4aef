"""Query expansion: a query word or phrase that names a facet value (a country, in any UN language) also
finds the documents tagged with that value and those mentioning it by any of its other names."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

from gcmhub.search import analysis
from gcmhub.search.query import ParsedQuery, Term
from gcmhub.search.registry import NamedValue, named_values

KEEP_SECONDS = 300  # names change only when reference data is reloaded

_lock = threading.Lock()
_cache: tuple[float, dict[str, NamedValue]] | None = None


def forget() -> None:
    """Read the names afresh at the next search (tests; after reloading reference data)."""
    global _cache
    with _lock:
        _cache = None


def load() -> None:
    """Read every registered name (a database read), unless read less than KEEP_SECONDS ago. The entry points
    that may read the database call it before searching; `expand` itself never reads it."""
    global _cache
    with _lock:
        if _cache is not None and time.monotonic() - _cache[0] < KEEP_SECONDS:
            return
    lookup: dict[str, NamedValue] = {}
    for named in named_values():
        for name in named.names:
            key = _key(name)
            if key:
                lookup.setdefault(key, named)
    with _lock:
        _cache = (time.monotonic(), lookup)


def _names() -> dict[str, NamedValue]:
    with _lock:
        return _cache[1] if _cache is not None else {}


def _key(text: str) -> str:
    return " ".join(analysis.fold(text).split())


def _alternatives(term: Term, lookup: dict[str, NamedValue]) -> list[Term]:
    """The term, and if it names a value: the value's facet tag and its other names."""
    named = None if term.prefix or term.facet else lookup.get(_key(term.text))
    if named is None:
        return [term]
    others = [
        Term(text=name, phrase=len(name.split()) > 1)
        for name in dict.fromkeys(named.names)
        if _key(name) != _key(term.text)
    ]
    return [term, Term(text=named.value, facet=named.facet), *others]


def expand(parsed: ParsedQuery) -> ParsedQuery:
    """`parsed` with each term that names a facet value joined (OR) by its tag and its other names."""
    if parsed.is_empty:
        return parsed
    lookup = _names()
    if not lookup:
        return parsed
    groups = tuple(
        tuple(alternative for term in group for alternative in _alternatives(term, lookup))
        for group in parsed.groups
    )
    return parsed if groups == parsed.groups else replace(parsed, groups=groups)
