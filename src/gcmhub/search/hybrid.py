"""Hybrid and semantic ranking: BM25 from the engine and vector similarity, fused by reciprocal rank.

- keyword: the engine alone (BM25), as before.
- semantic: the documents whose vectors are closest to the query's, at least MIN_SIMILARITY, best first.
- hybrid (the default): the engine's best POOL documents having every word of the query and the semantic
  best POOL, fused by reciprocal rank fusion (score = sum of 1 / (RRF_K + rank) over both lists); then the
  engine's other matches in its order, so every keyword match stays reachable. Without any vector (before
  the first embedding) it is keyword ranking.

The query's vector is the encoder's vector of its words (operators left out); for a query of one to three
words, moved towards the labels of the GCM objectives its words name and made relative to unrelated short
texts (`concepts`). Excluded words remove documents from both lists.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import StrEnum

from django.utils.translation import gettext

from gcmhub.search import concepts, vector_index
from gcmhub.search.backends.base import ResultPage, SearchBackend, SearchRequest, StoredHit
from gcmhub.search.query import ParsedQuery, SearchError
from gcmhub.search.vectors import VectorHit

POOL = 100  # candidates taken from each ranking
RRF_K = 60  # the usual constant of reciprocal rank fusion: damps the weight of the very first ranks
# The score below which a document is not a semantic match (unrelated texts score ~0.1): the cosine, and for
# a short query how much closer the document is to it than to unrelated short texts (concepts.query_vector).
MIN_SIMILARITY = 0.25

KeywordSearch = Callable[[SearchRequest], ResultPage]


class Mode(StrEnum):
    HYBRID = "hybrid"
    KEYWORD = "keyword"
    SEMANTIC = "semantic"


def check_mode(mode: str) -> Mode:
    if mode not in {m.value for m in Mode}:
        raise SearchError(
            gettext("Choose the search mode %(choices)s.") % {"choices": ", ".join(m.value for m in Mode)},
            code="invalid_mode",
        )
    return Mode(mode)


def query_text(parsed: ParsedQuery) -> str:
    return " ".join(term.text for term in parsed.positive_terms())


def semantic_candidates(backend: SearchBackend, request: SearchRequest, limit: int = POOL) -> list[VectorHit]:
    """The documents closest in meaning to the query, passing its filters and without its excluded words."""
    index = vector_index.get_index()
    if not len(index):
        return []  # nothing embedded yet: no need to load the encoder
    vector = concepts.query_vector(query_text(request.query))
    hits = [hit for hit in index.nearest(vector, limit, request.filters) if hit.score >= MIN_SIMILARITY]
    if hits and request.query.excluded:
        kept = backend.stored([hit.doc_id for hit in hits], excluded=request.query.excluded)
        hits = [hit for hit in hits if hit.doc_id in kept]
    return hits


def fuse(*rankings: Sequence[str]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of several rankings of doc ids: (doc_id, score), best first."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, doc_id in enumerate(ranking, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def _shown(
    backend: SearchBackend, ranked: Sequence[tuple[str, float]], known: dict[str, StoredHit]
) -> list[StoredHit]:
    """Stored hits for the ranked ids, in order, with their fused score (those not `known` are fetched)."""
    missing = [doc_id for doc_id, _score in ranked if doc_id not in known]
    found = {**known, **backend.stored(missing)} if missing else known
    return [replace(found[doc_id], score=score) for doc_id, score in ranked if doc_id in found]


def _facet_counts(hits: Sequence[VectorHit]) -> dict[str, list[tuple[str, int]]]:
    index = vector_index.get_index()
    counts: dict[str, Counter[str]] = {}
    for hit in hits:
        info = index.info(hit.doc_id)
        if info is None:
            continue
        counts.setdefault("kind", Counter())[info.kind] += 1
        for name, values in info.facets.items():
            if name != "kind":
                counts.setdefault(name, Counter()).update(values)
    return {name: list(counter.items()) for name, counter in counts.items()}


def _merged_facets(
    keyword: dict[str, list[tuple[str, int]]], extra: dict[str, list[tuple[str, int]]]
) -> dict[str, list[tuple[str, int]]]:
    merged = {name: Counter(dict(values)) for name, values in keyword.items()}
    for name, values in extra.items():
        merged.setdefault(name, Counter()).update(dict(values))
    return {name: list(counter.items()) for name, counter in merged.items()}


def semantic_search(backend: SearchBackend, request: SearchRequest) -> ResultPage:
    hits = semantic_candidates(backend, request)
    page = hits[request.offset : request.offset + request.limit] if request.with_hits else []
    shown = _shown(backend, [(hit.doc_id, hit.score) for hit in page], {})
    return ResultPage(hits=shown, total=len(hits), facets=_facet_counts(hits) if request.with_facets else {})


def every_word(query: ParsedQuery) -> ParsedQuery:
    """The query with each of its words required: the documents that match all of it."""
    groups = tuple(tuple(replace(term, phrase=True) for term in group) for group in query.groups)
    return ParsedQuery(groups=groups, excluded=query.excluded)


def _full_matches(
    backend: SearchBackend, request: SearchRequest, top: ResultPage, keyword_search: KeywordSearch
) -> list[str]:
    """The keyword ranking fused with the vectors: documents with every word of the query. A document
    sharing one common word ("migrants") with the query must not outrank, by agreeing with the vectors,
    the document written in another language that the query describes."""
    if len(request.query.groups) < 2:
        return [hit.doc_id for hit in top.hits]
    floor = backend.every_word_score(request.query)
    if floor is not None:
        # The engine ranks documents with more of the words first: those with all of them lead its pool.
        return [hit.doc_id for hit in top.hits if (hit.score or 0.0) >= floor]
    strict = replace(request, query=every_word(request.query), offset=0, limit=POOL, with_facets=False)
    return [hit.doc_id for hit in keyword_search(strict).hits]


def hybrid_search(
    backend: SearchBackend,
    request: SearchRequest,
    keyword_search: KeywordSearch,
) -> ResultPage:
    """Fused ranking first, then the engine's order for the other keyword matches (see the module's doc)."""
    semantic = semantic_candidates(backend, request)
    if not semantic:
        return keyword_search(request)
    # The pool is only ranked: ids and scores; stored fields are read for the page shown alone.
    top = keyword_search(replace(request, offset=0, limit=POOL, with_hits=True, ids_only=True))
    keyword_ids = [hit.doc_id for hit in top.hits]
    fused = fuse(_full_matches(backend, request, top, keyword_search), [hit.doc_id for hit in semantic])
    in_fused = {doc_id for doc_id, _score in fused}
    ranked = fused + [(hit.doc_id, hit.score or 0.0) for hit in top.hits if hit.doc_id not in in_fused]
    extra = [hit for hit in semantic if hit.doc_id not in set(keyword_ids)]
    total = top.total + len(extra)
    facets: dict[str, list[tuple[str, int]]] = {}
    # Keyword counts not computed yet (the page loads its sidebar afterwards) stay pending: none here.
    if request.with_facets and (top.facets or not top.total):
        facets = _merged_facets(top.facets, _facet_counts(extra))
    # Keyword counts estimated from a sample stay marked so once merged.
    approximate = bool(facets) and top.facets_approximate
    if not request.with_hits:
        return ResultPage(hits=[], total=total, facets=facets, facets_approximate=approximate)
    end = request.offset + request.limit
    hits = _shown(backend, ranked[request.offset : end], {})
    if end > len(ranked) and top.total > len(keyword_ids):
        # Past the keyword pool the engine's order continues where the pool ended.
        start = len(keyword_ids) + max(0, request.offset - len(ranked))
        rest = keyword_search(replace(request, offset=start, limit=end - max(request.offset, len(ranked))))
        hits += rest.hits
    return ResultPage(hits=hits, total=total, facets=facets, facets_approximate=approximate)
