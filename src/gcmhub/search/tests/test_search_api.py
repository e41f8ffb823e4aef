"""/api/v1/search and /api/v1/search/suggest."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox


@pytest.fixture
def resources(db: None) -> list[Any]:
    made = [
        make_resource("Alternatives to detention for children", objectives=(13,), countries=("MEX",)),
        make_resource("Detention monitoring", objectives=(13, 7), countries=("GRC",)),
        make_resource("Labour migration pathways", objectives=(5,)),
    ]
    outbox.rebuild()
    return made


def test_it_returns_items_count_and_facets(resources: list[Any], client: Client) -> None:
    body = client.get("/api/v1/search", {"q": "detention children"}).json()
    assert body["count"] == 2
    first = body["items"][0]
    assert first["title"] == "Alternatives to detention for children"
    assert first["url"] == f"/knowledge/r/{resources[0].pk}/"
    assert first["kind"] == "practice"
    assert first["doc_id"] == f"knowledge.resource:{resources[0].pk}"
    assert first["score"] > body["items"][1]["score"]
    objective = {f["value"]: f["count"] for f in body["facets"]["objective"]}
    assert objective == {"13": 2, "7": 1}


def test_facet_kind_sort_limit_and_offset(resources: list[Any], client: Client) -> None:
    body = client.get("/api/v1/search", {"facet": ["objective:7"], "kind": "practice"}).json()
    assert [item["title"] for item in body["items"]] == ["Detention monitoring"]
    page = client.get("/api/v1/search", {"sort": "date", "limit": "1", "offset": "1"}).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert page["items"][0]["score"] is None
    assert client.get("/api/v1/search", {"q": "detention", "facets": "false"}).json()["facets"] == {}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"q": '"unclosed'}, "query_unbalanced_quote"),
        ({"q": "children OR"}, "query_lone_or"),
        ({"q": "-detention"}, "query_only_exclusions"),
        ({"q": "x" * 501}, "query_too_long"),
        ({"q": "a\x07b"}, "query_control_character"),
        ({"facet": "objective"}, "invalid_facet_filter"),
        ({"facet": "colour:red"}, "unknown_filter"),
        ({"sort": "random"}, "invalid_sort"),
        ({"limit": 0}, "invalid_limit"),
        ({"limit": 1000}, "invalid_limit"),
        ({"offset": -1}, "invalid_offset"),
    ],
)
def test_malformed_requests_are_400_problems(
    resources: list[Any], client: Client, params: dict[str, Any], code: str
) -> None:
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"about:blank#{code}"
    assert problem["detail"]


def test_wrong_types_are_refused_not_crashed(resources: list[Any], client: Client) -> None:
    assert client.get("/api/v1/search", {"limit": "many"}).status_code == 422


def test_suggest_completes_titles(resources: list[Any], client: Client) -> None:
    response = client.get("/api/v1/search/suggest", {"q": "detention mon"})
    assert response.status_code == 200
    assert response.json() == [{"title": "Detention monitoring", "url": f"/knowledge/r/{resources[1].pk}/"}]
    assert client.get("/api/v1/search/suggest", {"q": ""}).json() == []
    assert client.get("/api/v1/search/suggest", {"q": "a\x00"}).json() == []


def test_writes_are_not_allowed(resources: list[Any], client: Client) -> None:
    assert client.post("/api/v1/search", {"q": "detention"}).status_code == 405
