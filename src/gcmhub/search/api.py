"""Search API at /api/v1/search: full-text search with facets, and title autocomplete. Public and read-only:
only published records are ever in the index."""

from django.http import HttpRequest
from django.utils.translation import get_language, gettext
from ninja import Query, Router

from gcmhub.core.params import DbInt
from gcmhub.core.schemas import ProblemOut
from gcmhub.search import service
from gcmhub.search.query import SearchError
from gcmhub.search.schemas import FacetCountOut, SearchHitOut, SearchOut, SuggestionOut

router = Router(tags=["search"])


def _facet_filters(facets: list[str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for item in facets:
        name, sep, value = item.partition(":")
        if not sep or not name or not value:
            raise SearchError(
                gettext("Write each facet filter as name:value, as in %(example)s.")
                % {"example": "objective:5"},
                code="invalid_facet_filter",
            )
        filters.setdefault(name, []).append(value)
    return filters


@router.get("", response={200: SearchOut, 400: ProblemOut}, summary="Search everything published")
def search(
    request: HttpRequest,
    q: str = "",
    kind: list[str] = Query([]),  # noqa: B008 - ninja declares query parameters this way
    facet: list[str] = Query([]),  # noqa: B008 - ninja declares query parameters this way
    sort: str = "relevance",
    limit: DbInt = 20,
    offset: DbInt = 0,
    language: str | None = None,
    facets: bool = True,
    mode: str = "hybrid",
) -> SearchOut:
    """`q` uses the search syntax: words, "phrases", `OR`, `-exclude`, `prefix*`; documents matching more
    words come first. `kind` and `facet=name:value` filter (repeat them; one facet's values are alternatives).
    Facets: kind, objective, principle, thematic_area, region, country, language, year, organization.
    `sort`: relevance or date. `language` (default: the request's) picks the title and snippet shown.
    `facets=false` leaves the facet counts out (faster).
    `mode`: hybrid (the default: word matches and closeness in meaning, fused), keyword (word matches only)
    or semantic (closeness in meaning only, across languages).
    A malformed query is answered with 400 and a message saying what to change."""
    page = service.search(
        service.request_for(
            q,
            filters=_facet_filters(facet),
            kinds=kind,
            sort=sort,
            offset=offset,
            limit=limit,
            with_facets=facets,
        ),
        language=language or get_language(),
        mode=mode,
    )
    return SearchOut(
        items=[
            SearchHitOut(
                doc_id=hit.doc_id,
                kind=hit.kind,
                title=hit.title,
                url=hit.url,
                snippet=str(hit.snippet),
                date=hit.date,
                score=hit.score,
                language=hit.language,
            )
            for hit in page.hits
        ],
        count=page.total,
        facets={
            name: [FacetCountOut(value=value, count=count) for value, count in values]
            for name, values in page.facets.items()
        },
        facets_approximate=page.facets_approximate,
        did_you_mean=page.did_you_mean,
    )


@router.get("/suggest", response=list[SuggestionOut], summary="Titles starting with what was typed")
def suggest(
    request: HttpRequest, q: str = "", limit: DbInt = 8, language: str | None = None
) -> list[SuggestionOut]:
    """Autocomplete: up to `limit` (at most 20) published titles whose words start with the words of `q`."""
    return [
        SuggestionOut(**item) for item in service.suggest(q, limit=limit, language=language or get_language())
    ]
