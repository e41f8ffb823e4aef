"""What pages, the API and the command call to search: validate, run on the configured backend, present.

Only what `to_document` returned is ever indexed, so everything here is public by construction.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TypedDict

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from gcmhub.search import analysis, expansion, hybrid, outbox, spelling
from gcmhub.search.backends import get_backend
from gcmhub.search.backends.base import ResultPage, SearchBackend, SearchRequest, Sort, StoredHit
from gcmhub.search.query import ParsedQuery, SearchError, parse
from gcmhub.search.registry import FACETS, LANGUAGES
from gcmhub.search.snippets import Highlighter, plain_snippet

MAX_PER_PAGE = 100
MAX_RESULTS = 10_000  # deepest result reachable by paging
MAX_FILTER_VALUES = 50
MAX_VALUE_LENGTH = 100
MAX_PREFIX_LENGTH = 100
COUNTS_CACHE = "search"  # the alias of a cache in settings.CACHES for match and facet counts, if any
COUNTS_ENTRIES = 2000  # searches whose counts the default per-process cache keeps
COUNTS_SECONDS = 3600  # a new index generation makes older entries useless long before


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    kind: str
    title: str
    url: str
    snippet: SafeString  # escaped HTML; the query's words are in <mark>
    date: datetime.date | None
    score: float | None
    language: str  # of the title shown
    snippet_language: str


@dataclass(frozen=True)
class SearchPage:
    query: str
    hits: list[SearchHit]
    total: int
    facets: dict[str, list[tuple[str, int]]]
    page: int
    per_page: int
    sort: str
    filters: dict[str, list[str]] = field(default_factory=dict)
    # True when facets were asked for only if already counted and were not: the page loads them afterwards.
    facets_pending: bool = False
    # True when the facet counts were estimated from a sample of many matches (shown as "about N").
    facets_approximate: bool = False
    # The query with unknown words replaced by the nearest words of the index, when it found little.
    did_you_mean: str | None = None

    @property
    def pages(self) -> int:
        reachable = min(self.total, MAX_RESULTS)
        return max(1, -(-reachable // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


class Suggestion(TypedDict):
    title: str
    url: str


def index_language(language: str | None) -> str | None:
    """The index's language code for a UI language ("zh-hans" -> "zh"), or None."""
    if not language:
        return None
    code = language.lower().split("-")[0].split("_")[0]
    return code if code in LANGUAGES else None


def _clean_filters(
    filters: Mapping[str, Sequence[str]] | None, kinds: Sequence[str]
) -> dict[str, tuple[str, ...]]:
    clean: dict[str, tuple[str, ...]] = {}
    merged: dict[str, list[str]] = {name: list(values) for name, values in (filters or {}).items()}
    if kinds:
        merged.setdefault("kind", []).extend(kinds)
    for name, values in merged.items():
        if name not in FACETS:
            raise SearchError(
                gettext("There is no filter named %(name)s. Filters: %(names)s.")
                % {"name": name[:MAX_VALUE_LENGTH], "names": ", ".join(FACETS)},
                code="unknown_filter",
            )
        if isinstance(values, str):
            values = [values]
        if len(values) > MAX_FILTER_VALUES:
            raise SearchError(
                gettext("Choose at most %(limit)d values for one filter.") % {"limit": MAX_FILTER_VALUES},
                code="too_many_filter_values",
            )
        kept = []
        for value in values:
            value = str(value).strip()
            if len(value) > MAX_VALUE_LENGTH or any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
                raise SearchError(gettext("A filter value is not valid."), code="invalid_filter_value")
            if value:
                kept.append(value)
        if kept:
            clean[name] = tuple(dict.fromkeys(kept))
    return clean


def _check_sort(sort: str) -> Sort:
    if sort not in {s.value for s in Sort}:
        raise SearchError(
            gettext("Sort by %(choices)s.") % {"choices": " or ".join(s.value for s in Sort)},
            code="invalid_sort",
        )
    return Sort(sort)


def _check_range(offset: int, limit: int) -> None:
    if not 1 <= limit <= MAX_PER_PAGE:
        raise SearchError(
            gettext("Ask for between 1 and %(limit)d results at a time.") % {"limit": MAX_PER_PAGE},
            code="invalid_limit",
        )
    if not 0 <= offset < MAX_RESULTS:
        raise SearchError(
            gettext("Results can be paged through up to the first %(limit)d.") % {"limit": MAX_RESULTS},
            code="invalid_offset",
        )


def _language_order(hit: StoredHit, language: str | None) -> list[str]:
    order = [language] if language else []
    order.append(hit.language)
    order += [code for code in (*hit.summaries, *hit.bodies, *hit.titles) if code not in order]
    return [code for code in dict.fromkeys(order) if code]


def present(hit: StoredHit, highlighter: Highlighter | None, language: str | None) -> SearchHit:
    """A hit in the reader's language where a translation exists, with its best snippet."""
    order = _language_order(hit, language)
    title_language = next((code for code in order if hit.titles.get(code)), hit.language)
    snippet: SafeString | None = None
    snippet_language = title_language
    if highlighter is not None:
        for code in order:
            for text in (hit.summaries.get(code, ""), hit.bodies.get(code, "")):
                snippet = highlighter.snippet(text, code)
                if snippet:
                    snippet_language = code
                    break
            if snippet:
                break
    if snippet is None:
        snippet_language = next((code for code in order if hit.summaries.get(code)), title_language)
        snippet = plain_snippet(hit.summaries.get(snippet_language) or hit.bodies.get(snippet_language, ""))
    return SearchHit(
        doc_id=hit.doc_id,
        kind=hit.kind,
        title=hit.titles.get(title_language, ""),
        url=hit.url,
        snippet=snippet,
        date=hit.date,
        score=hit.score,
        language=title_language,
        snippet_language=snippet_language,
    )


def _ordered_facets(facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    ordered = {}
    for name in FACETS:
        values = facets.get(name)
        if values is None:
            continue
        if name == "year":
            ordered[name] = sorted(values, key=lambda item: item[0], reverse=True)
        else:
            ordered[name] = sorted(values, key=lambda item: (-item[1], item[0]))
    return ordered


@functools.cache
def counts_cache() -> BaseCache:
    """The cache of match and facet counts: settings.CACHES["search"] if a deployment configures one, else a
    per-process least-recently-used store of Django's local-memory cache (each node has its own index, so a
    shared cache would gain little)."""
    if COUNTS_CACHE in settings.CACHES:
        return caches[COUNTS_CACHE]
    return LocMemCache(
        "gcmhub-search-counts", {"TIMEOUT": COUNTS_SECONDS, "OPTIONS": {"MAX_ENTRIES": COUNTS_ENTRIES}}
    )


def _counts_key(backend: SearchBackend, generation: str, request: SearchRequest) -> str:
    """Counts depend on the query, the filters and the index content, nothing else: not on the page, the
    sort or the reader. The index holds only what everyone may see, and its generation changes whenever
    anything is published, changed or withdrawn, so a key never outlives the visibility it was counted on."""
    identity = repr(
        (
            backend.name,
            str(backend.path),
            generation,
            request.query,
            sorted(request.filters.items()),
            request.facet_size,
        )
    )
    return "search:counts:v2:" + hashlib.sha256(identity.encode()).hexdigest()


def counted_search(
    backend: SearchBackend, request: SearchRequest, *, only_cached_facets: bool = False
) -> ResultPage:
    """`backend.search(request)`, reusing the match and facet counts of an identical search on the same
    index generation; facets are counted once per query, filters and generation, and then cost nothing.

    With `only_cached_facets`, facets are returned only if already counted (the page loads them later)."""
    generation = backend.generation()
    if generation is None:
        if only_cached_facets:
            request = replace(request, with_facets=False)
        return backend.search(request)
    key = _counts_key(backend, generation, request)
    cached: tuple[int, dict[str, list[tuple[str, int]]], bool] | None = counts_cache().get(key)
    if cached is not None:
        total, facets, approximate = cached
        result = backend.search(replace(request, with_facets=False, known_total=total))
        if not request.with_facets:
            return ResultPage(hits=result.hits, total=total)
        return ResultPage(hits=result.hits, total=total, facets=facets, facets_approximate=approximate)
    if only_cached_facets:
        return backend.search(replace(request, with_facets=False))
    result = backend.search(request)
    if request.with_facets:
        counts_cache().set(key, (result.total, result.facets, result.facets_approximate))
    return result


def _ranked(
    backend: SearchBackend, request: SearchRequest, mode: hybrid.Mode, *, only_cached_facets: bool
) -> ResultPage:
    """Keyword ranking for keyword mode, date order and empty queries; else semantic or hybrid."""
    if mode == hybrid.Mode.KEYWORD or request.query.is_empty or request.sort != Sort.RELEVANCE:
        return counted_search(backend, request, only_cached_facets=only_cached_facets)
    if mode == hybrid.Mode.SEMANTIC:
        return hybrid.semantic_search(backend, request)
    return hybrid.hybrid_search(
        backend, request, lambda asked: counted_search(backend, asked, only_cached_facets=only_cached_facets)
    )


def request_for(
    text: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    kinds: Sequence[str] = (),
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    with_facets: bool = True,
    with_hits: bool = True,
) -> SearchRequest:
    """The search a reader asked for, checked: results offset..offset+limit of `text` (the search syntax)
    within `filters` ({facet: [values]}) and `kinds`. Raises SearchError or QuerySyntaxError for the user.

    Without `with_facets`, no facet counts; without `with_hits`, only the counts."""
    parsed: ParsedQuery = parse(text)
    clean = _clean_filters(filters, kinds)
    chosen = _check_sort(sort)
    _check_range(offset, limit)
    return SearchRequest(
        query=parsed,
        text=text,
        filters=clean,
        sort=chosen,
        offset=offset,
        limit=limit,
        with_facets=with_facets,
        with_hits=with_hits,
    )


def request_for_page(
    text: str,
    *,
    filters: Mapping[str, Sequence[str]] | None = None,
    kinds: Sequence[str] = (),
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    with_facets: bool = True,
    with_hits: bool = True,
) -> SearchRequest:
    """`request_for` by page number (from 1) and page size, as pages ask."""
    if not 1 <= per_page <= MAX_PER_PAGE:
        _check_range(0, per_page)
    if page < 1 or (page - 1) * per_page >= MAX_RESULTS:
        raise SearchError(
            gettext("Pages go from 1 to the last page of the first %(limit)d results.")
            % {"limit": MAX_RESULTS},
            code="invalid_page",
        )
    return request_for(
        text,
        filters=filters,
        kinds=kinds,
        sort=sort,
        offset=(page - 1) * per_page,
        limit=per_page,
        with_facets=with_facets,
        with_hits=with_hits,
    )


def _engine_request(request: SearchRequest) -> SearchRequest:
    """What the engine runs: the query widened by the names of countries, and newest first when there is
    nothing to rank by."""
    sort = request.sort
    if request.query.is_empty and sort == Sort.RELEVANCE:
        sort = Sort.DATE
    # A country named in any language finds its tag and its other names.
    return replace(request, query=expansion.expand(request.query), sort=sort)


def run(
    backend: SearchBackend,
    request: SearchRequest,
    *,
    language: str | None = None,
    only_cached_facets: bool = False,
    mode: str = hybrid.Mode.HYBRID,
) -> SearchPage:
    """The results of `request` (see `request_for`) from `backend`, shown in `language` where translated.
    Raises SearchError for an unknown `mode`.

    The page is numbered as if every page had `request.limit` results. With `only_cached_facets`, facets
    come only if they were already counted (else `facets_pending` is set)."""
    ranking = hybrid.check_mode(mode)
    result = _ranked(backend, _engine_request(request), ranking, only_cached_facets=only_cached_facets)
    parsed = request.query
    highlighter = None if parsed.is_empty or not request.with_hits else Highlighter.for_query(parsed)
    reader = index_language(language)
    return SearchPage(
        query=request.text,
        hits=[present(hit, highlighter, reader) for hit in result.hits],
        total=result.total,
        facets=_ordered_facets(result.facets),
        page=request.offset // request.limit + 1,
        per_page=request.limit,
        sort=request.sort.value,
        filters={name: list(values) for name, values in request.filters.items()},
        facets_pending=request.with_facets and only_cached_facets and not result.facets,
        facets_approximate=result.facets_approximate,
        did_you_mean=(
            spelling.did_you_mean(backend, request.text, parsed, result.total) if request.with_hits else None
        ),
    )


def search(
    request: SearchRequest,
    *,
    language: str | None = None,
    only_cached_facets: bool = False,
    mode: str = hybrid.Mode.HYBRID,
) -> SearchPage:
    """Search everything published (see `run`). `mode`: hybrid (BM25 and vectors fused, the default),
    keyword or semantic (see hybrid.py).

    `only_cached_facets`: facets only if an identical search already counted them on this index
    generation (the search page then loads them after the hits)."""
    outbox.maybe_sync()
    expansion.load()
    return run(get_backend(), request, language=language, only_cached_facets=only_cached_facets, mode=mode)


def suggest_with(
    backend: SearchBackend, prefix: str, limit: int = 8, language: str | None = None
) -> list[Suggestion]:
    prefix = prefix.strip()
    if (
        not prefix
        or len(prefix) > MAX_PREFIX_LENGTH
        or any(unicodedata.category(c) in ("Cc", "Cs") for c in prefix)
    ):
        return []
    limit = max(1, min(limit, 20))
    words = analysis.suggest_terms(prefix)
    reader = index_language(language)
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for hit in backend.suggest(prefix, limit * 2):
        if hit.url in seen:
            continue
        seen.add(hit.url)
        order = _language_order(hit, reader)
        matching = [
            code for code in order if hit.titles.get(code) and _title_matches(hit.titles[code], words)
        ]
        code = matching[0] if matching else next((c for c in order if hit.titles.get(c)), hit.language)
        suggestions.append({"title": hit.titles.get(code, ""), "url": hit.url})
        if len(suggestions) >= limit:
            break
    return suggestions


def _title_matches(title: str, words: list[str]) -> bool:
    terms = analysis.suggest_terms(title)
    return all(word in terms for word in words[:-1]) and any(term.startswith(words[-1]) for term in terms)


def suggest(prefix: str, limit: int = 8, language: str | None = None) -> list[Suggestion]:
    """Titles starting with `prefix` (autocomplete), in the reader's language where they match."""
    outbox.maybe_sync()
    return suggest_with(get_backend(), prefix, limit, language)
