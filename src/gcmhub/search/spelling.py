"""“Did you mean …”: when a query finds little or nothing, offer the query with its unknown words replaced by
the nearest words of the index's own titles (edit distance, then how many documents have the word)."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from gcmhub.search import analysis
from gcmhub.search.backends.base import SearchBackend
from gcmhub.search.query import ParsedQuery

SUGGEST_BELOW = 3  # a search with fewer matches than this gets a suggestion, if there is one
MIN_LENGTH = 4  # shorter words are too easily "near" another word
MAX_CANDIDATES = 20_000  # title words starting with the same letter that are compared at most


def did_you_mean(backend: SearchBackend, query: str, parsed: ParsedQuery, total: int) -> str | None:
    """The query with each word the index does not know replaced by its nearest title word, or None."""
    if total >= SUGGEST_BELOW or parsed.is_empty:
        return None
    suggestion = query
    for term in parsed.positive_terms():
        if term.phrase or term.prefix:
            continue
        better = nearest_word(backend, term.text)
        if better is not None:
            suggestion = re.sub(rf"(?<!\w){re.escape(term.text)}(?!\w)", better, suggestion)
    return suggestion if suggestion != query else None


def nearest_word(backend: SearchBackend, word: str) -> str | None:
    """The title word nearest to `word` (one edit for short words, two for longer), if `word` is unknown."""
    folded = analysis.fold(word)
    if len(folded) < MIN_LENGTH or not folded.isalpha() or backend.knows_word(word):
        return None
    allowed = 1 if len(folded) < 7 else 2
    best: tuple[int, int, str] | None = None  # (distance, -documents, word)
    for candidate, documents in backend.title_words(folded[0], MAX_CANDIDATES):
        distance = Levenshtein.distance(folded, candidate, score_cutoff=allowed)
        if distance <= allowed and candidate != folded:
            key = (distance, -documents, candidate)
            best = key if best is None or key < best else best
    return best[2] if best else None
