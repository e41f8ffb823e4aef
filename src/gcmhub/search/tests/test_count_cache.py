"""Match and facet counts are counted once per query, filters and index generation, then reused: a cached
search answers exactly as an uncached one, a change to the index (publishing, withdrawing) is counted afresh,
and nothing unpublished ever reaches a count through the cache."""

from collections.abc import Callable
from typing import Any

import pytest

from gcmhub.knowledge.models import Resource, Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox, service
from gcmhub.search.backends import get_backend
from gcmhub.search.backends.tantivy import TantivyBackend

SEARCHES: list[dict[str, Any]] = [
    {"query": ""},
    {"query": "detention"},
    {"query": "detention", "filters": {"objective": ["13"]}},
    {"query": "detention OR migration", "filters": {"country": ["MEX", "GRC"]}, "sort": "date"},
    {"query": "migra*", "kinds": ["practice"], "page": 2, "per_page": 1},
    {"query": '"labour migration" -detention'},
]


@pytest.fixture
def resources(db: None) -> list[Resource]:
    made = [
        make_resource("Alternatives to detention for children", objectives=(13,), countries=("MEX",)),
        make_resource("Detention monitoring", objectives=(13, 7), countries=("GRC",)),
        make_resource("Labour migration pathways", objectives=(5,), countries=("MEX",)),
    ]
    outbox.rebuild()
    return made


@pytest.fixture
def facet_passes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries whose facets the engine counted."""
    counted: list[str] = []
    original = TantivyBackend._facets

    def counting(self: TantivyBackend, searcher: Any, request: Any, filters: Any, total: int) -> Any:
        counted.append(str(request.query))
        return original(self, searcher, request, filters, total)

    monkeypatch.setattr(TantivyBackend, "_facets", counting)
    return counted


def search(options: dict[str, Any]) -> service.SearchPage:
    options = dict(options)
    return service.search(service.request_for_page(options.pop("query"), **options))


def without_cache(options: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> service.SearchPage:
    with monkeypatch.context() as patch:
        patch.setattr(TantivyBackend, "generation", lambda self: None)  # an engine that cannot tell
        return search(options)


def test_a_cached_search_answers_as_an_uncached_one(
    resources: list[Resource], monkeypatch: pytest.MonkeyPatch, facet_passes: list[str]
) -> None:
    for options in SEARCHES:
        first = search(options)
        again = search(options)
        uncached = without_cache(options, monkeypatch)
        assert again == first == uncached, options
    # Once per distinct query and filters; the repeats and the other pages came from the cache.
    assert len(facet_passes) == 2 * len(SEARCHES)


def test_counts_are_shared_by_pages_and_sorts_but_not_by_filters(
    resources: list[Resource], facet_passes: list[str]
) -> None:
    service.search(service.request_for_page("detention OR migration", per_page=1))
    service.search(service.request_for_page("detention OR migration", per_page=1, page=3, sort="date"))
    service.search(service.request_for_page("detention OR migration", with_facets=False, per_page=2))
    assert len(facet_passes) == 1
    filtered = service.search(service.request_for("detention OR migration", filters={"objective": ["5"]}))
    assert len(facet_passes) == 2
    assert filtered.total == 1 and dict(filtered.facets["objective"])["13"] == 2


def test_a_newly_published_resource_is_counted(
    resources: list[Resource], committed: Callable[..., Any]
) -> None:
    before = service.search(service.request_for("detention"))
    assert dict(before.facets["objective"]) == {"13": 2, "7": 1}
    generation = get_backend().generation()
    committed(lambda: make_resource("Detention at sea", objectives=(8,), countries=("ITA",)))
    assert get_backend().generation() != generation
    after = service.search(service.request_for("detention"))
    assert after.total == 3
    assert dict(after.facets["objective"]) == {"13": 2, "7": 1, "8": 1}
    assert dict(after.facets["country"]) == {"MEX": 1, "GRC": 1, "ITA": 1}


def test_nothing_unpublished_reaches_a_count_through_the_cache(
    resources: list[Resource], committed: Callable[..., Any]
) -> None:
    draft = committed(
        lambda: make_resource(
            "Detention draft", status=Status.UNDER_REVIEW, objectives=(9,), countries=("FRA",)
        )
    )
    counted = service.search(service.request_for("detention"))
    assert "9" not in dict(counted.facets["objective"]) and counted.total == 2

    def publish() -> None:
        draft.status = Status.PUBLISHED
        draft.save()

    committed(publish)
    published = service.search(service.request_for("detention"))
    assert dict(published.facets["objective"])["9"] == 1 and published.total == 3

    def withdraw() -> None:
        draft.status = Status.ARCHIVED
        draft.save()

    committed(withdraw)
    withdrawn = service.search(service.request_for("detention"))
    assert (withdrawn.total, withdrawn.facets) == (counted.total, counted.facets)
    assert "FRA" not in dict(withdrawn.facets["country"])


def test_the_page_and_the_api_use_the_same_counts(
    resources: list[Resource], client: Any, facet_passes: list[str]
) -> None:
    api = client.get("/api/v1/search", {"q": "detention", "facet": "country:MEX"}).json()
    sidebar = client.get("/search/facets/", {"q": "detention", "country": "MEX"})
    page = client.get("/search/", {"q": "detention", "country": "MEX"})
    assert len(facet_passes) == 1
    counts = {f.name: {v.value: v.count for v in f.shown} for f in sidebar.context["facets"]}
    assert counts["objective"] == {c["value"]: c["count"] for c in api["facets"]["objective"]} == {"13": 1}
    assert page.context["result"].total == api["count"] == 1
    assert not page.context["result"].facets_pending
