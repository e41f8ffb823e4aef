"""The search page: /search/?q=…&kind=…&objective=…&sort=…&page=… (every state is a shareable URL).

Facet counts cost more than the hits on a large index, so the page shows the hits at once and its facet
sidebar follows from /search/facets/ (a small script fetches it; without JavaScript a link shows the page
again with the facets, `facets=on`). Counts already computed for the same search come with the page.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views.decorators.http import require_GET

from gcmhub.core.exceptions import DomainError
from gcmhub.search import service
from gcmhub.search.backends.base import SearchRequest
from gcmhub.search.registry import DOCUMENT_FACETS, FACETS, facet_labels
from gcmhub.search.service import SearchPage

PER_PAGE = 20
FACETS_SHOWN = 10  # values per facet before "More"

FACET_TITLES = {
    "kind": gettext_lazy("Type of resource"),
    "objective": gettext_lazy("GCM objective"),
    "principle": gettext_lazy("Guiding principle"),
    "thematic_area": gettext_lazy("Thematic area"),
    "region": gettext_lazy("Region"),
    "country": gettext_lazy("Country"),
    "language": gettext_lazy("Language"),
    "year": gettext_lazy("Year"),
    "organization": gettext_lazy("Organization"),
}
_LANGUAGE_NAMES = {
    "ar": "العربية",
    "zh": "中文",
    "en": "English",
    "fr": "Français",
    "ru": "Русский",
    "es": "Español",
}


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int | None  # None: not counted yet (a chosen value shown before the sidebar has loaded)
    selected: bool
    url: str  # this page with the value switched on or off


@dataclass(frozen=True)
class Facet:
    name: str
    title: str
    shown: list[FacetValue]
    more: list[FacetValue]


def _url(params: QueryDict, base: str = "") -> str:
    return f"{base}?{params.urlencode()}" if params else f"{base}?"


def _toggled(request: HttpRequest, name: str, value: str, base: str) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    return _url(params, base)


def _facets(request: HttpRequest, result: SearchPage, base: str = "") -> list[Facet]:
    """The sidebar; its links lead to the search page at `base` ("" for this page)."""
    facets = []
    for name in FACETS:
        counts: list[tuple[str, int | None]] = list(result.facets.get(name, []))
        selected = result.filters.get(name, [])
        # A chosen value stays visible (to switch it off) even when nothing matches it any more.
        present = {value for value, _count in counts}
        missing = None if result.facets_pending else 0
        counts += [(value, missing) for value in selected if value not in present]
        if not counts:
            continue
        labels = facet_labels(name, [value for value, _count in counts])
        if name == "language":
            labels = {**_LANGUAGE_NAMES, **labels}
        values = [
            FacetValue(
                value,
                labels.get(value, value),
                count,
                value in selected,
                _toggled(request, name, value, base),
            )
            for value, count in counts
        ]
        shown = [v for i, v in enumerate(values) if i < FACETS_SHOWN or v.selected]
        more = [v for i, v in enumerate(values) if i >= FACETS_SHOWN and not v.selected]
        facets.append(Facet(name, str(FACET_TITLES[name]), shown, more))
    return facets


@functools.lru_cache(maxsize=4096)
def _shown_date(day: datetime.date, language: str) -> tuple[str, str]:
    """A hit's date for `<time datetime>` and as written in `language` (the active one). Formatted once per
    day and language: the template's date filter, twice for each of the page's 20 hits, cost a fifth of its
    rendering time, and the dates of hits repeat."""
    return day.isoformat(), formats.date_format(day, "DATE_FORMAT")


def _localized(url: str, language: str) -> str:
    """The hit's page in the reader's language (pages carry the language in their path)."""
    if url.startswith("/") and language != settings.LANGUAGE_CODE:
        return f"/{language}{url}"
    return url


def _page_number(raw: str | None) -> int:
    if not raw:
        return 1
    if not raw.isdigit() or len(raw) > 6:
        raise DomainError(gettext("The page must be a whole number, such as page=2."), code="invalid_page")
    return int(raw)


def _filters(request: HttpRequest) -> dict[str, list[str]]:
    return {name: request.GET.getlist(name) for name in DOCUMENT_FACETS if request.GET.getlist(name)}


def _asked(request: HttpRequest, *, page: int = 1, with_hits: bool = True) -> SearchRequest:
    """The search the page's parameters describe (q, kind, the facets, sort), checked."""
    return service.request_for_page(
        request.GET.get("q", ""),
        filters=_filters(request),
        kinds=request.GET.getlist("kind"),
        sort=request.GET.get("sort", "relevance"),
        page=page,
        per_page=PER_PAGE,
        with_hits=with_hits,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    language = get_language() or settings.LANGUAGE_CODE
    query = request.GET.get("q", "")
    sort = request.GET.get("sort", "relevance")
    mode = request.GET.get("mode", "hybrid")
    context: dict[str, object] = {
        "query": query,
        "sort": sort,
        "mode": mode,
        "facets": [],
        "hits": [],
        "result": None,
    }
    status = 200
    try:
        result = service.search(
            _asked(request, page=_page_number(request.GET.get("page"))),
            language=language,
            # Counted here only when asked (the link shown without JavaScript) or already counted.
            only_cached_facets=request.GET.get("facets") != "on",
            mode=mode,
        )
    except DomainError as exc:
        context["error"] = exc.message
        status = exc.status_code
    else:
        kind_labels = facet_labels("kind", sorted({hit.kind for hit in result.hits}))
        context.update(
            result=result,
            facets=_facets(request, result),
            facets_approximate=result.facets_approximate,
            hits=[
                (
                    hit,
                    _localized(hit.url, language),
                    kind_labels.get(hit.kind, hit.kind),
                    _shown_date(hit.date, language) if hit.date else None,
                )
                for hit in result.hits
            ],
            sort_links=_sort_links(request, result),
            mode_links=_mode_links(request, mode),
            previous_url=_page_url(request, result.page - 1) if result.has_previous else None,
            next_url=_page_url(request, result.page + 1) if result.has_next else None,
            any_filter=any(result.filters.values()),
            first_number=(result.page - 1) * result.per_page + 1,
            clear_url=_url(QueryDict(mutable=True) if not query else _only_query(query)),
        )
        if result.facets_pending:
            context.update(facets_url=_sidebar_url(request), facets_fallback_url=_with_facets_url(request))
        if result.did_you_mean:
            context["did_you_mean_url"] = _with_query_url(request, result.did_you_mean)
    return render(request, "search/index.html", context, status=status)


@require_GET
def facets(request: HttpRequest) -> HttpResponse:
    """The facet sidebar of /search/ with the same parameters, on its own (the page fetches it)."""
    try:
        result = service.search(
            _asked(request, with_hits=False),
            language=get_language() or settings.LANGUAGE_CODE,
            mode=request.GET.get("mode", "hybrid"),
        )
    except DomainError as exc:
        return render(request, "search/_error.html", {"error": exc.message}, status=exc.status_code)
    context = {
        "facets": _facets(request, result, base=reverse("search:index")),
        "facets_approximate": result.facets_approximate,
    }
    return render(request, "search/_facets.html", context)


def _sidebar_url(request: HttpRequest) -> str:
    params = request.GET.copy()
    for name in ("page", "facets"):
        params.pop(name, None)
    return _url(params, reverse("search:facets"))


def _with_query_url(request: HttpRequest, query: str) -> str:
    """This search (same filters and sort) with another query, from its first page."""
    params = request.GET.copy()
    params.pop("page", None)
    params["q"] = query
    return _url(params)


def _with_facets_url(request: HttpRequest) -> str:
    params = request.GET.copy()
    params["facets"] = "on"
    return _url(params)


def _only_query(query: str) -> QueryDict:
    params = QueryDict(mutable=True)
    params["q"] = query
    return params


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return _url(params)


def _mode_links(request: HttpRequest, mode: str) -> list[tuple[str, str, bool]]:
    """Links to the same search ranked by words and meaning (hybrid), by the words only, or by meaning."""
    links = []
    for value, label in (
        ("hybrid", gettext("Words and meaning")),
        ("keyword", gettext("Exact words")),
        ("semantic", gettext("Meaning, in any language")),
    ):
        params = request.GET.copy()
        params.pop("page", None)
        params["mode"] = value
        links.append((label, _url(params), mode == value))
    return links


def _sort_links(request: HttpRequest, result: SearchPage) -> list[tuple[str, str, bool]]:
    links = []
    for value, label in (("relevance", gettext("Best match")), ("date", gettext("Newest first"))):
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = value
        links.append((label, _url(params), result.sort == value))
    return links
