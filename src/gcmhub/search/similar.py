"""Documents near another in meaning: "similar resources" on a page, and possible duplicates of a submission.

Both use the vectors of the whole index (vector_index) and show each document as the index stores it, in the
reader's language where a translation exists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.conf import settings

from gcmhub.search import vector_index, vectors
from gcmhub.search.backends import get_backend
from gcmhub.search.service import index_language, present
from gcmhub.search.vectors import VectorHit

SIMILAR_AT_LEAST = 0.3  # cosine below which another document is not shown as similar
DUPLICATE_AT_LEAST = 0.85  # cosine from which a submission is shown to reviewers as a possible duplicate


@dataclass(frozen=True)
class Related:
    doc_id: str
    kind: str
    title: str
    url: str  # with the reader's language prefix
    language: str  # of the title
    score: float


def _localized(url: str, language: str | None) -> str:
    if url.startswith("/") and language and language != settings.LANGUAGE_CODE:
        return f"/{language}{url}"
    return url


def _related(hits: Sequence[VectorHit], language: str | None) -> list[Related]:
    stored = get_backend().stored([hit.doc_id for hit in hits])
    reader = index_language(language)
    related = []
    for hit in hits:
        found = stored.get(hit.doc_id)
        if found is None:  # vectors ahead of this node's text index: shown once both agree
            continue
        shown = present(found, None, reader)
        related.append(
            Related(
                hit.doc_id, hit.kind, shown.title, _localized(shown.url, language), shown.language, hit.score
            )
        )
    return related


def similar_to(
    doc_id: str, *, limit: int = 5, kinds: Collection[str] | None = None, language: str | None = None
) -> list[Related]:
    """The indexed documents closest in meaning to the indexed document `doc_id` (none without vectors)."""
    index = vector_index.get_index()
    vector = index.vector_of(doc_id)
    if vector is None:
        return []
    filters = {"kind": list(kinds)} if kinds else {}
    hits = index.nearest(vector, limit, filters, exclude={doc_id})
    return _related([hit for hit in hits if hit.score >= SIMILAR_AT_LEAST], language)


def text_similarities(query: str, items: Sequence[tuple[str | None, str]]) -> list[float]:
    """How close in meaning (0 to 1) `query` is to each (doc_id, text): an indexed document is compared by
    its stored vectors (its closest chunk), anything else by its text's first CHUNK_CHARS, embedded now."""
    from gcmhub.search.vector_store import CHUNK_CHARS

    if not query.strip() or not items:
        return [0.0] * len(items)
    vector = vectors.encode_texts([query])[0]
    index = vector_index.get_index()
    scores = [index.best_score(doc_id, vector) if doc_id else None for doc_id, _text in items]
    missing = [i for i, score in enumerate(scores) if score is None and items[i][1].strip()]
    encoded = vectors.encode_texts([items[i][1][:CHUNK_CHARS] for i in missing])
    for i, row in zip(missing, encoded, strict=True):
        scores[i] = float(row @ vector)
    return [min(1.0, max(0.0, score or 0.0)) for score in scores]


def possible_duplicates(
    text: str, *, exclude: Collection[str] = (), limit: int = 5, language: str | None = None
) -> list[Related]:
    """Indexed documents so close in meaning to `text` (a submission's title and summary) that it may
    repeat one of them."""
    if not text.strip():
        return []
    index = vector_index.get_index()
    if not len(index):
        return []
    vector = vectors.encode_texts([text])[0]
    hits = index.nearest(vector, limit, {}, exclude=exclude)
    return _related([hit for hit in hits if hit.score >= DUPLICATE_AT_LEAST], language)
