"""“Did you mean …”: a query that finds little or nothing is offered the nearest words of the index's
titles."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox
from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.service import request_for, run
from gcmhub.search.spelling import nearest_word
from gcmhub.search.tests.conformance import doc

KEYWORD = "keyword"  # the engine's own matching and counts, without the vectors
DOCUMENTS = [
    doc(1, "Remittances and the diaspora"),
    doc(2, "Lowering the cost of remittances"),
    doc(3, "Remittance corridors"),
    doc(4, "Envois de fonds des migrants", language="fr"),
    doc(5, "Protección consular", language="es"),
]


@pytest.fixture
def backend(tmp_path: Path) -> TantivyBackend:
    engine = TantivyBackend(tmp_path / "tantivy")
    engine.index(DOCUMENTS)
    return engine


@pytest.mark.parametrize(
    ("query", "suggestion"),
    [
        ("remitances", "remittances"),  # the most frequent of the words one edit away
        ("Remitances", "remittances"),
        ("migrnats", "migrants"),
        ("protecion consular", "proteccion consular"),
        ("remitances diaspora", "remittances diaspora"),  # found one: still little
    ],
)
def test_a_query_that_finds_little_gets_a_suggestion(
    backend: TantivyBackend, query: str, suggestion: str
) -> None:
    page = run(backend, request_for(query), mode=KEYWORD)
    assert page.total < 3
    assert page.did_you_mean == suggestion


@pytest.mark.parametrize("query", ["remittances", "xylophone", "abc", '"remitances"', "remit*"])
def test_no_suggestion_for_known_words_or_nothing_near(backend: TantivyBackend, query: str) -> None:
    assert run(backend, request_for(query), mode=KEYWORD).did_you_mean is None


def test_a_query_that_finds_enough_gets_no_suggestion(backend: TantivyBackend) -> None:
    page = run(backend, request_for("remittances OR remitances"), mode=KEYWORD)
    assert page.total == 3  # the stem finds "remittance" too
    assert page.did_you_mean is None


def test_the_nearest_word_comes_from_the_index(backend: TantivyBackend) -> None:
    assert nearest_word(backend, "diasproa") == "diaspora"
    assert nearest_word(TantivyBackend(backend.path.parent / "empty"), "diasproa") is None


@pytest.fixture
def published(db: None) -> list[Any]:
    made = [make_resource("Remittances to rural families"), make_resource("Remittances and savings")]
    outbox.rebuild()
    return made


def test_the_api_returns_the_suggestion(published: list[Any], client: Client) -> None:
    body = client.get("/api/v1/search", {"q": "remitances"}).json()
    assert body["count"] == 0
    assert body["did_you_mean"] == "remittances"
    assert client.get("/api/v1/search", {"q": "remittances"}).json()["did_you_mean"] is None


def test_the_page_links_to_the_suggestion(published: list[Any], client: Client) -> None:
    html = client.get("/search/", {"q": "remitances", "kind": "practice"}).content.decode()
    assert "Did you mean" in html
    assert (
        'href="?q=remittances&amp;kind=practice"' in html or 'href="?kind=practice&amp;q=remittances"' in html
    )
    assert "Did you mean" not in client.get("/search/", {"q": "remittances"}).content.decode()
