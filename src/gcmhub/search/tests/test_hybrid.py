"""Hybrid, keyword and semantic ranking; a query in one UN language finds a document written in another.

These tests use the real encoder (loaded once per test session by the `encoder` fixture)."""

import io
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from gcmhub.search import concepts, hybrid, vector_store, vectors
from gcmhub.search.backends import get_backend
from gcmhub.search.backends.base import ResultPage, SearchBackend, SearchRequest
from gcmhub.search.query import parse
from gcmhub.search.registry import SearchDocument
from gcmhub.search.service import request_for, run


def document(key: str, title: str, language: str, *, objective: str = "") -> SearchDocument:
    return SearchDocument(
        doc_id=f"test.item:{key}",
        kind="practice",
        title=title,
        summary="",
        body="",
        language=language,
        url=f"/items/{key}/",
        facets={"objective": [objective] if objective else []},
    )


# One document per language on its own topic, and a distractor per language on another migration topic.
CORPUS = [
    document(
        "remittances",
        "Remittances: lowering the cost of money transfers that migrant workers send home to their families",
        "en",
        objective="20",
    ),
    document(
        "detention",
        "Alternatives à la détention des enfants migrants : prise en charge communautaire des familles",
        "fr",
        objective="13",
    ),
    document(
        "recruitment", "Reclutamiento equitativo y trabajo decente para los trabajadores migrantes", "es"
    ),
    document("missing", "Поиск пропавших без вести мигрантов и установление личности погибших", "ru"),
    document("trafficking", "مكافحة الاتجار بالبشر وحماية ضحاياه", "ar"),
    document("climate", "气候变化和自然灾害造成的流离失所与人口迁移", "zh"),
    document("data", "Migration data portal: statistics on international migrant stocks", "en"),
    document("consular", "Protección consular de los nacionales en el extranjero", "es"),
    document("integration", "Cours de langue et intégration sociale des nouveaux arrivants", "fr"),
    document("reintegration", "Реинтеграция возвращающихся мигрантов на родине", "ru"),
    document("borders", "التعاون الدولي في إدارة الحدود", "ar"),
    document("education", "移民子女的教育和语言培训", "zh"),
]

# (query, its language, the document that must come first): each query is in another language than its
# document, and the six query languages are the six UN languages.
CROSS_LINGUAL = [
    ("降低移民汇款的成本", "zh", "remittances"),
    ("بدائل احتجاز الأطفال", "ar", "detention"),
    ("этичный наём трудящихся-мигрантов", "ru", "recruitment"),
    ("migrantes desaparecidos", "es", "missing"),
    ("lutte contre la traite des êtres humains", "fr", "trafficking"),
    ("people displaced by climate change and natural disasters", "en", "climate"),
]


@pytest.fixture(scope="session")
def encoder() -> None:
    """Load the real encoder once for the session (every later call reuses it)."""
    vectors.encode_texts(["warm-up"])


@pytest.fixture
def corpus(db: None, encoder: None, search_index: Path) -> SearchBackend:
    backend = get_backend()
    backend.replace_all(CORPUS)
    vector_store.embed_documents(CORPUS)
    return backend


def first(backend: SearchBackend, query: str, mode: str) -> str:
    hits = run(backend, request_for(query), mode=mode).hits
    return hits[0].doc_id.removeprefix("test.item:") if hits else ""


def test_the_queries_cover_the_six_un_languages_each_for_a_document_in_another() -> None:
    assert sorted(language for _query, language, _key in CROSS_LINGUAL) == [
        "ar",
        "en",
        "es",
        "fr",
        "ru",
        "zh",
    ]
    languages = {doc.doc_id.removeprefix("test.item:"): doc.language for doc in CORPUS}
    assert all(languages[key] != language for _query, language, key in CROSS_LINGUAL)


@pytest.mark.parametrize(("query", "language", "expected"), CROSS_LINGUAL)
def test_semantic_search_finds_the_document_in_another_language(
    corpus: SearchBackend, query: str, language: str, expected: str
) -> None:
    assert first(corpus, query, "semantic") == expected


@pytest.mark.parametrize(("query", "language", "expected"), CROSS_LINGUAL)
def test_hybrid_search_finds_the_document_in_another_language(
    corpus: SearchBackend, query: str, language: str, expected: str
) -> None:
    assert first(corpus, query, "hybrid") == expected


# One- and two-word queries in the six languages: their own vectors are poor, so the words that name a GCM
# objective bring its labels in the six languages (search.concepts).
SHORT_QUERIES = [
    ("remittances", "en", "remittances"),
    ("money transfers", "en", "remittances"),
    ("envois de fonds", "fr", "remittances"),
    ("transferts d'argent", "fr", "remittances"),
    ("remesas", "es", "remittances"),
    ("enviar remesas", "es", "remittances"),
    ("переводы", "ru", "remittances"),
    ("денежные переводы", "ru", "remittances"),
    ("التحويلات", "ar", "remittances"),
    ("تحويلات مالية", "ar", "remittances"),
    ("汇款", "zh", "remittances"),
    ("侨汇 成本", "zh", "remittances"),
    ("trafficking", "en", "trafficking"),
    ("human trafficking", "en", "trafficking"),
    ("traite", "fr", "trafficking"),
    ("traite humaine", "fr", "trafficking"),
    ("trata", "es", "trafficking"),
    ("trata de personas", "es", "trafficking"),
    ("торговля людьми", "ru", "trafficking"),
    ("торговли", "ru", "trafficking"),
    ("الاتجار", "ar", "trafficking"),
    ("الاتجار بالبشر", "ar", "trafficking"),
    ("贩运", "zh", "trafficking"),
    ("人口贩运", "zh", "trafficking"),
    ("reintegration", "en", "reintegration"),
    ("return home", "en", "reintegration"),
    ("réintégration", "fr", "reintegration"),
    ("retour volontaire", "fr", "reintegration"),
    ("reintegración", "es", "reintegration"),
    ("regreso", "es", "reintegration"),
    ("реинтеграция", "ru", "reintegration"),
    ("возвращение мигрантов", "ru", "reintegration"),
    ("إعادة الإدماج", "ar", "reintegration"),
    ("العودة", "ar", "reintegration"),
    ("重新融入", "zh", "reintegration"),
    ("返回 原籍国", "zh", "reintegration"),
    ("detention", "en", "detention"),
    ("détention", "fr", "detention"),
    ("detención", "es", "detention"),
    ("содержание под стражей", "ru", "detention"),
    ("الاحتجاز", "ar", "detention"),
    ("拘留", "zh", "detention"),
]
# Words that name nothing of the collection's topics, in several scripts.
UNRELATED = ["xqzv", "asdfgh", "banana", "guitar", "pizza recipe", "жираф", "موسيقى", "足球"]


def test_the_short_queries_cover_the_six_un_languages_for_each_concept() -> None:
    for concept in {expected for _query, _language, expected in SHORT_QUERIES}:
        languages = {language for _query, language, expected in SHORT_QUERIES if expected == concept}
        assert languages == {"ar", "en", "es", "fr", "ru", "zh"}, concept


def ranked(backend: SearchBackend, query: str, mode: str) -> ResultPage:
    """The semantic or hybrid ranking of `query`, straight from the ranking functions."""
    request = SearchRequest(query=parse(query), limit=20)
    if mode == hybrid.Mode.SEMANTIC:
        return hybrid.semantic_search(backend, request)
    return hybrid.hybrid_search(backend, request, backend.search)


def first_of(backend: SearchBackend, query: str, mode: str) -> str:
    hits = ranked(backend, query, mode).hits
    return hits[0].doc_id.removeprefix("test.item:") if hits else ""


@pytest.mark.parametrize(("query", "language", "expected"), SHORT_QUERIES)
def test_a_short_query_finds_the_document_in_any_language_first(
    corpus: SearchBackend, query: str, language: str, expected: str
) -> None:
    assert first_of(corpus, query, hybrid.Mode.SEMANTIC) == expected
    assert first_of(corpus, query, hybrid.Mode.HYBRID) == expected


@pytest.mark.parametrize("query", UNRELATED)
def test_an_unrelated_or_nonsense_word_finds_nothing_by_meaning(corpus: SearchBackend, query: str) -> None:
    assert ranked(corpus, query, hybrid.Mode.SEMANTIC).total == 0
    assert ranked(corpus, query, hybrid.Mode.HYBRID).total == 0


def test_a_short_query_scores_how_much_closer_a_text_is_to_it_than_to_unrelated_ones(encoder: None) -> None:
    assert concepts.named_objectives("xqzv") == []
    expected = vectors.query_vector("xqzv") - concepts.unrelated_vector()
    assert concepts.query_vector("xqzv") == pytest.approx(expected, abs=1e-6)


def test_a_short_text_close_to_every_short_query_is_no_match_for_a_nonsense_one(encoder: None) -> None:
    # A bare name (a short title): the kind of text any short query is close to.
    name = vectors.encode_texts(["Lesotho"])[0]
    assert float(name @ vectors.query_vector("xqzv")) >= hybrid.MIN_SIMILARITY
    assert float(name @ concepts.query_vector("xqzv")) < hybrid.MIN_SIMILARITY


def test_a_long_query_keeps_its_own_vector(encoder: None) -> None:
    query = "lowering the cost of remittances sent home"
    assert concepts.named_objectives(query) == [20]
    assert concepts.query_vector(query).tolist() == vectors.query_vector(query).tolist()


def test_a_short_query_is_moved_towards_the_unit_mean_of_its_objectives_labels(encoder: None) -> None:
    query = "remesas trata"  # names objective 20 (remittances) and objective 10 (trafficking)
    assert concepts.named_objectives(query) == [10, 20]
    labels = vectors.encode_texts([" ; ".join(concepts.vocabulary().labels[n]) for n in (10, 20)]).sum(axis=0)
    blended = vectors.query_vector(query) + concepts.LABELS_WEIGHT * labels / float((labels @ labels) ** 0.5)
    expected = blended / float((blended @ blended) ** 0.5) - concepts.unrelated_vector()
    assert concepts.query_vector(query) == pytest.approx(expected, abs=1e-5)


def test_a_new_short_query_costs_one_encoder_call(encoder: None, monkeypatch: pytest.MonkeyPatch) -> None:
    concepts.query_vector("remesas")  # the labels' and unrelated texts' vectors, once per process
    calls: list[list[str]] = []
    encode = vectors.encode_texts

    def counted(texts: list[str]) -> vectors.Matrix:
        calls.append(list(texts))
        return encode(texts)

    monkeypatch.setattr(vectors, "encode_texts", counted)
    assert concepts.named_objectives("trata personas") == [10]
    concepts.query_vector("trata de personas hoy")  # four words: not short, its own vector
    concepts.query_vector("trata personas")  # short, names objective 10: its labels are not encoded again
    assert calls == [["trata de personas hoy"], ["trata personas"]]


def test_a_word_names_the_objectives_in_whose_names_it_is() -> None:
    assert concepts.named_objectives("remesas") == [20]
    assert concepts.named_objectives("汇款") == [20]
    assert concepts.named_objectives("الاتجار بالبشر") == [10]
    # "trafficking" is in objective 12's description too, but only in objective 10's name.
    assert concepts.named_objectives("trafficking") == [10]
    # A word of most objectives names none of them.
    assert concepts.named_objectives("migrants") == []


def test_the_labels_lift_a_short_query_over_the_floor(corpus: SearchBackend) -> None:
    own = vectors.encode_texts([CORPUS[0].title]) @ vectors.query_vector("remesas")
    # Alone, "remesas" scores the remittances text about as low as a nonsense word does.
    assert float(own[0]) < hybrid.MIN_SIMILARITY
    page = ranked(corpus, "remesas", hybrid.Mode.SEMANTIC)
    assert page.hits[0].doc_id == "test.item:remittances"
    assert page.hits[0].score is not None and page.hits[0].score >= hybrid.MIN_SIMILARITY


def test_keyword_search_alone_does_not_cross_languages(corpus: SearchBackend) -> None:
    # The words find documents sharing "migrants" in Latin script, never the Russian one it describes.
    keyword = run(corpus, request_for("migrantes desaparecidos"), mode="keyword")
    assert keyword.total > 0
    assert "test.item:missing" not in [hit.doc_id for hit in keyword.hits]


def test_hybrid_puts_a_document_matching_words_and_meaning_first(corpus: SearchBackend) -> None:
    page = run(corpus, request_for("remittances of migrant workers"), mode="hybrid")
    assert page.hits[0].doc_id == "test.item:remittances"
    # Keyword matches and the semantic ones are fused: more documents than the words alone find.
    assert page.total > run(corpus, request_for("remittances of migrant workers"), mode="keyword").total
    assert page.hits[0].score is not None and page.hits[0].score > page.hits[-1].score  # type: ignore[operator] # the score is set: checked on the left


def test_semantic_filters_and_facets_use_the_indexed_facets(corpus: SearchBackend) -> None:
    page = run(
        corpus,
        request_for("les enfants en rétention", filters={"objective": ["13"]}),
        mode="semantic",
    )
    assert [hit.doc_id for hit in page.hits] == ["test.item:detention"]
    assert dict(page.facets["objective"]) == {"13": 1}


def test_excluded_words_remove_semantic_matches(corpus: SearchBackend) -> None:
    with_it = run(corpus, request_for("statistics on migrants"), mode="semantic")
    assert "test.item:data" in [hit.doc_id for hit in with_it.hits]
    without = run(corpus, request_for("statistics on migrants -portal"), mode="semantic")
    assert "test.item:data" not in [hit.doc_id for hit in without.hits]


def test_without_vectors_hybrid_is_keyword_ranking(db: None, search_index: Path) -> None:
    backend = get_backend()
    backend.replace_all(CORPUS)
    keyword = run(backend, request_for("migrant"), mode="keyword")
    hybrid_page = run(backend, request_for("migrant"), mode="hybrid")
    assert [hit.doc_id for hit in hybrid_page.hits] == [hit.doc_id for hit in keyword.hits]
    assert hybrid_page.total == keyword.total
    assert run(backend, request_for("migrant"), mode="semantic").total == 0


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = hybrid.fuse(["a", "b", "c"], ["c", "a", "d"])
    assert [doc_id for doc_id, _score in fused] == ["a", "c", "b", "d"]
    assert fused[0][1] == pytest.approx(1 / 61 + 1 / 62)


def test_an_unknown_mode_is_a_clear_error(corpus: SearchBackend) -> None:
    from gcmhub.search.query import SearchError

    with pytest.raises(SearchError, match="hybrid, keyword, semantic"):
        run(corpus, request_for("migrants"), mode="fuzzy")


# The API, the page and the command


def test_the_api_takes_a_mode(corpus: SearchBackend, client: Client) -> None:
    semantic = client.get("/api/v1/search", {"q": "migrantes desaparecidos", "mode": "semantic"}).json()
    assert semantic["items"][0]["doc_id"] == "test.item:missing"
    keyword = client.get("/api/v1/search", {"q": "migrantes desaparecidos", "mode": "keyword"}).json()
    assert "test.item:missing" not in [item["doc_id"] for item in keyword["items"]]


def test_the_api_refuses_an_unknown_mode_with_a_problem(corpus: SearchBackend, client: Client) -> None:
    response = client.get("/api/v1/search", {"q": "migrants", "mode": "fuzzy"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "hybrid, keyword, semantic" in response.json()["detail"]


def test_the_page_offers_the_three_modes_and_keeps_the_chosen_one(
    corpus: SearchBackend, client: Client
) -> None:
    response = client.get("/search/", {"q": "migrantes desaparecidos", "mode": "semantic"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong aria-current="true">Meaning, in any language</strong>' in html
    assert "mode=keyword" in html and "mode=hybrid" in html
    assert '<input type="hidden" name="mode" value="semantic">' in html
    assert "/items/missing/" in html


def test_the_page_shows_a_bad_mode_as_an_error(corpus: SearchBackend, client: Client) -> None:
    response = client.get("/search/", {"q": "migrants", "mode": "fuzzy"})
    assert response.status_code == 400


def test_the_command_takes_a_mode(corpus: SearchBackend) -> None:
    out = io.StringIO()
    call_command("search", "migrantes desaparecidos", "--mode", "semantic", "--json", stdout=out)
    body: dict[str, Any] = json.loads(out.getvalue())
    assert body["items"][0]["doc_id"] == "test.item:missing"


def test_the_engine_tells_which_hits_have_every_word(corpus: SearchBackend) -> None:
    request = SearchRequest(query=parse("migrant workers families"), limit=20)
    floor = corpus.every_word_score(request.query)
    assert floor is not None

    full = {hit.doc_id for hit in corpus.search(request).hits if (hit.score or 0.0) >= floor}
    strict = replace(request, query=hybrid.every_word(request.query))

    assert full == {hit.doc_id for hit in corpus.search(strict).hits} == {"test.item:remittances"}


def test_hybrid_search_asks_the_engine_once_when_it_ranks_every_word_first(corpus: SearchBackend) -> None:
    asked: list[SearchRequest] = []

    def keyword_search(request: SearchRequest) -> ResultPage:
        asked.append(request)
        return corpus.search(request)

    request = SearchRequest(query=parse("migrant workers families"), limit=20)
    page = hybrid.hybrid_search(corpus, request, keyword_search)

    assert len(asked) == 1
    assert page.hits[0].doc_id == "test.item:remittances"


def test_the_engine_gives_ids_and_scores_alone_in_the_same_order(corpus: SearchBackend) -> None:
    request = SearchRequest(query=parse("migrant workers families"), limit=20)

    full = corpus.search(request).hits
    bare = corpus.search(replace(request, ids_only=True)).hits

    assert [(hit.doc_id, hit.score) for hit in bare] == [(hit.doc_id, hit.score) for hit in full]
    assert all(hit.titles == {} and hit.url == "" for hit in bare)


def test_hybrid_ranks_bare_hits_and_shows_the_page_with_its_stored_fields(corpus: SearchBackend) -> None:
    asked: list[SearchRequest] = []

    def keyword_search(request: SearchRequest) -> ResultPage:
        asked.append(request)
        return corpus.search(request)

    page = hybrid.hybrid_search(
        corpus, SearchRequest(query=parse("migrant workers families"), limit=20), keyword_search
    )

    assert [request.ids_only for request in asked] == [True]
    assert page.hits and all(hit.titles and hit.url for hit in page.hits)
