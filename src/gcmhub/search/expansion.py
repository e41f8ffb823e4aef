"""Query expansion: a query word or phrase that names a facet value (a country, in any UN language) also
finds the documents tagged with that value and those mentioning it by any of its other names."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from collections.abc import Iterable
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
    everything = list(named_values())
    false_friends = _false_friends(everything)
    lookup: dict[str, NamedValue] = {}
    for named in everything:
        # Every name is looked up; a false friend of another value's name is not added to a query.
        searched = replace(
            named,
            names=tuple(
                name for name in named.names if name not in false_friends[(named.facet, named.value)]
            ),
        )
        for name in named.names:
            key = _key(name)
            if key:
                lookup.setdefault(key, searched)
    with _lock:
        _cache = (time.monotonic(), lookup)


def _forms(name: str, language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The index terms of `name` as `language`'s fields analyse it, and the folded words they come from."""
    tokens = analysis.tokens(name, language)
    return frozenset(t.term for t in tokens), frozenset(analysis.fold(name[t.start : t.end]) for t in tokens)


def _holders(
    index: dict[tuple[str, str, str], set[str]], facet: str, language: str, keys: frozenset[str]
) -> set[str]:
    return set.intersection(*(index[(facet, language, key)] for key in keys)) if keys else set()


def _false_friends(everything: Iterable[NamedValue]) -> dict[tuple[str, str], set[str]]:
    """Per (facet, value), its names whose terms all belong to another value's names only through stemming:
    الكونغو (Congo) stems to كونغ, a word of هونغ كونغ (Hong Kong). Added to a query, such a name would find
    the other value's documents. A word the other name really contains ("China" in "China, Hong Kong")
    is no false friend."""
    by_term: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    by_word: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    forms: list[tuple[NamedValue, str, str, frozenset[str], frozenset[str]]] = []
    for named in everything:
        for name in named.names:
            for language in analysis.LANGUAGES:
                terms, words = _forms(name, language)
                forms.append((named, name, language, terms, words))
                for term in terms:
                    by_term[(named.facet, language, term)].add(named.value)
                for word in words:
                    by_word[(named.facet, language, word)].add(named.value)
    friends: dict[tuple[str, str], set[str]] = defaultdict(set)
    for named, name, language, terms, words in forms:
        stemmed_only = _holders(by_term, named.facet, language, terms) - _holders(
            by_word, named.facet, language, words
        )
        if stemmed_only - {named.value}:
            friends[(named.facet, named.value)].add(name)
    return friends


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
