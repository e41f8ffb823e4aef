"""A document that matches only a query's function words ("de" in "transferts de fonds") is not a match;
function words still rank phrases and still find something when a query has nothing else."""

from pathlib import Path

import pytest

from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.service import request_for, run
from gcmhub.search.tests.conformance import doc

KEYWORD = "keyword"  # the engine's own matching and counts, without the vectors
DOCUMENTS = [
    doc("fr-funds", "Transferts de fonds des migrants", language="fr"),
    doc("fr-health", "Politique de santé pour tous", language="fr"),
    doc("es-remittances", "Envío de remesas a las familias", language="es"),
    doc("es-health", "Acceso de los migrantes a la salud", language="es"),
    doc("en-detention", "Alternatives to detention", language="en"),
    doc("en-other", "The history of the port", language="en"),
    doc("ru-rights", "Права мигрантов", language="ru"),
    doc("ru-other", "Образование и здоровье", language="ru"),
    doc("ar-rights", "حقوق المهاجرين", language="ar"),
    doc("ar-other", "التعليم في المدن", language="ar"),
    doc("zh-rights", "移民 权利", language="zh"),
    doc("zh-other", "城市 的 教育", language="zh"),
]


@pytest.fixture
def backend(tmp_path: Path) -> TantivyBackend:
    engine = TantivyBackend(tmp_path / "tantivy")
    engine.index(DOCUMENTS)
    return engine


def found(backend: TantivyBackend, query: str) -> set[str]:
    return {
        hit.doc_id.partition(":")[2]
        for hit in run(backend, request_for(query, with_facets=False), mode=KEYWORD).hits
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("transferts de fonds", {"fr-funds"}),
        ("envío de remesas", {"es-remittances"}),
        ("the detention", {"en-detention"}),
        ("права и мигранты", {"ru-rights"}),
        ("حقوق في", {"ar-rights"}),
        ("移民 的", {"zh-rights"}),
    ],
)
def test_function_words_alone_do_not_make_a_match(
    backend: TantivyBackend, query: str, expected: set[str]
) -> None:
    assert found(backend, query) == expected


def test_the_count_and_facets_leave_them_out_too(backend: TantivyBackend) -> None:
    page = run(backend, request_for("transferts de fonds"), mode=KEYWORD)
    assert page.total == 1
    assert dict(page.facets["language"]) == {"fr": 1}


def test_a_query_of_function_words_only_still_finds_them(backend: TantivyBackend) -> None:
    assert found(backend, "de") == {"fr-funds", "fr-health", "es-remittances", "es-health"}


def test_a_phrase_keeps_its_function_words(backend: TantivyBackend) -> None:
    assert found(backend, '"transferts de fonds"') == {"fr-funds"}
    assert found(backend, '"politique de santé" fonds') == {"fr-health"}
