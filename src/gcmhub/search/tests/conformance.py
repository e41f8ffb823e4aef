"""The behaviour every search backend must have. Each engine's test module has a class that inherits
`BackendConformance` and provides the `backend` fixture; a missing capability is an explicit skip, so this
file is also the capability matrix (see docs/search.md, "How to add a search backend")."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from gcmhub.search.backends.base import Capability, SearchBackend, SearchRequest
from gcmhub.search.query import parse
from gcmhub.search.registry import SearchDocument, fingerprint
from gcmhub.search.service import SearchPage, request_for_page, run, suggest_with


def doc(
    pk: int | str,
    title: str,
    summary: str = "",
    body: str = "",
    *,
    kind: str = "practice",
    language: str = "en",
    translations: dict[str, dict[str, str]] | None = None,
    date: datetime.date | None = None,
    facets: dict[str, list[str]] | None = None,
) -> SearchDocument:
    return SearchDocument(
        doc_id=f"test.item:{pk}",
        kind=kind,
        title=title,
        summary=summary,
        body=body,
        language=language,
        translations=translations or {},
        url=f"/items/{pk}/",
        date=date,
        facets=facets or {},
    )


CORPUS = [
    doc(
        1,
        "Alternatives to immigration detention for children",
        "Community-based case management instead of detention.",
        "Families stay together while their status is decided.",
        date=datetime.date(2021, 3, 1),
        facets={
            "objective": ["13"],
            "country": ["MEX"],
            "region": ["419"],
            "organization": ["IOM", "UNICEF"],
        },
    ),
    doc(
        2,
        "Safe migration pathways for workers",
        "Regular pathways and fair recruitment for labour migration.",
        kind="guidance",
        date=datetime.date(2023, 6, 1),
        facets={"objective": ["5", "6"], "country": ["PHL"], "organization": ["ILO"]},
        translations={
            "fr": {"title": "Voies de migration sûres", "summary": "Recrutement équitable des travailleurs."}
        },
    ),
    doc(
        3,
        "Migration data portal",
        "Statistics on migration and migrants worldwide.",
        kind="platform",
        date=datetime.date(2019, 1, 1),
        facets={"objective": ["1"], "organization": ["IOM"]},
    ),
    doc(
        4,
        "Detention monitoring by national human rights institutions",
        "Visits to places where migrants are held.",
        date=None,
        facets={"objective": ["13"], "country": ["GRC"]},
    ),
    doc(
        5,
        "Migration and climate change",
        "Safe migration as adaptation; data on climate displacement.",
        date=datetime.date(2022, 9, 1),
        facets={"objective": ["2"], "country": ["MEX", "GTM"]},
    ),
]


class BackendConformance:
    """Behaviour tests shared by every engine. Subclasses define a `backend` fixture on an empty index."""

    @pytest.fixture
    def backend(self, tmp_path: Path) -> SearchBackend:
        raise NotImplementedError("each engine's test class provides an empty backend")

    @pytest.fixture
    def indexed(self, backend: SearchBackend) -> SearchBackend:
        backend.index(CORPUS)
        return backend

    @staticmethod
    def require(backend: SearchBackend, capability: Capability) -> None:
        if capability not in backend.capabilities:
            pytest.skip(f"{backend.name} doesn't support {capability.value}")

    @staticmethod
    def search(
        backend: SearchBackend, query: str, *, language: str | None = None, **options: Any
    ) -> SearchPage:
        # The engine alone: hybrid ranking (search/tests/test_hybrid.py) adds the vectors to it.
        return run(backend, request_for_page(query, **options), language=language, mode="keyword")

    @staticmethod
    def ids(page: SearchPage) -> list[str]:
        return [hit.doc_id.split(":")[1] for hit in page.hits]

    # Index, delete, reset

    def test_it_finds_an_indexed_document(self, indexed: SearchBackend) -> None:
        page = self.search(indexed, "portal")
        assert self.ids(page) == ["3"]
        hit = page.hits[0]
        assert (hit.title, hit.url, hit.kind, hit.date) == (
            "Migration data portal",
            "/items/3/",
            "platform",
            datetime.date(2019, 1, 1),
        )

    def test_it_counts_documents(self, indexed: SearchBackend) -> None:
        assert indexed.count() == len(CORPUS)

    def test_indexing_the_same_id_replaces_the_document(self, indexed: SearchBackend) -> None:
        indexed.index([doc(3, "Remittance costs observatory")])
        assert indexed.count() == len(CORPUS)
        assert self.ids(self.search(indexed, "portal")) == []
        assert self.ids(self.search(indexed, "remittance")) == ["3"]

    def test_delete_removes_documents_and_ignores_unknown_ids(self, indexed: SearchBackend) -> None:
        indexed.delete(["test.item:3", "test.item:999"])
        assert indexed.count() == len(CORPUS) - 1
        assert self.search(indexed, "portal").total == 0

    def test_reset_removes_everything(self, indexed: SearchBackend) -> None:
        indexed.reset()
        assert indexed.count() == 0
        assert self.search(indexed, "migration").total == 0

    def test_replace_all_keeps_only_the_new_documents(self, indexed: SearchBackend) -> None:
        indexed.replace_all([doc(9, "Skills recognition for refugees")])
        assert indexed.count() == 1
        assert self.ids(self.search(indexed, "skills")) == ["9"]
        assert self.search(indexed, "migration").total == 0

    def test_an_empty_index_finds_nothing(self, backend: SearchBackend) -> None:
        page = self.search(backend, "migration")
        assert (page.total, page.hits) == (0, [])

    def test_it_lists_every_document_with_the_fingerprint_of_its_version(
        self, indexed: SearchBackend
    ) -> None:
        assert indexed.fingerprints() == {d.doc_id: fingerprint(d) for d in CORPUS}
        changed = doc(3, "Remittance costs observatory")
        indexed.index([changed])
        indexed.delete(["test.item:1"])
        held = indexed.fingerprints()
        assert held["test.item:3"] == fingerprint(changed) != fingerprint(CORPUS[2])
        assert sorted(held) == [f"test.item:{pk}" for pk in (2, 3, 4, 5)]

    def test_an_empty_or_missing_index_lists_nothing(self, backend: SearchBackend) -> None:
        assert backend.fingerprints() == {}
        backend.index(CORPUS[:1])
        backend.reset()
        assert backend.fingerprints() == {}

    def test_the_cursor_is_kept(self, backend: SearchBackend) -> None:
        assert backend.read_cursor() == 0
        backend.write_cursor(42)
        assert backend.read_cursor() == 42

    # Query semantics

    def test_documents_matching_more_words_rank_first(self, indexed: SearchBackend) -> None:
        page = self.search(indexed, "alternatives detention children")
        assert self.ids(page)[0] == "1"
        assert "4" in self.ids(page)  # "detention" alone still matches

    def test_a_sentence_without_any_complete_match_returns_partial_matches(
        self, indexed: SearchBackend
    ) -> None:
        page = self.search(indexed, "how do countries end the detention of children in cities")
        assert page.total >= 2
        assert self.ids(page)[0] == "1"

    def test_function_words_do_not_outrank_content_words(self, indexed: SearchBackend) -> None:
        page = self.search(indexed, "the data of the portal")
        assert self.ids(page)[0] == "3"

    def test_plural_and_case_match(self, indexed: SearchBackend) -> None:
        assert "1" in self.ids(self.search(indexed, "ALTERNATIVE FAMILY"))

    def test_phrase_needs_adjacent_words(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.PHRASE)
        assert sorted(self.ids(self.search(indexed, '"safe migration"'))) == ["2", "5"]
        assert self.ids(self.search(indexed, '"migration safe"')) == []
        assert self.ids(self.search(indexed, '"climate change"')) == ["5"]

    def test_or_matches_either_and_counts_once(self, indexed: SearchBackend) -> None:
        page = self.search(indexed, "portal OR monitoring")
        assert sorted(self.ids(page)) == ["3", "4"]

    def test_exclusion_removes_documents(self, indexed: SearchBackend) -> None:
        ids = self.ids(self.search(indexed, "migration -climate"))
        assert "5" not in ids
        assert "3" in ids
        assert "5" not in self.ids(self.search(indexed, 'migration -"climate change"'))

    def test_prefix_matches_word_beginnings(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.PREFIX)
        assert sorted(self.ids(self.search(indexed, "monitor*"))) == ["4"]
        assert "3" in self.ids(self.search(indexed, "stat*"))

    def test_a_query_with_nothing_searchable_matches_nothing(self, indexed: SearchBackend) -> None:
        assert self.search(indexed, "!!! ???").total == 0

    def test_an_empty_query_lists_everything_newest_first(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.DATE_SORT)
        page = self.search(indexed, "")
        assert page.total == len(CORPUS)
        assert self.ids(page) == ["2", "5", "1", "3", "4"]

    def test_translations_are_found_in_their_language(self, indexed: SearchBackend) -> None:
        page = self.search(indexed, "recrutement équitable", language="fr")
        assert self.ids(page) == ["2"]
        assert page.hits[0].title == "Voies de migration sûres"
        assert page.hits[0].language == "fr"
        # The reader's language picks the title; the original is shown where there is no translation.
        assert (
            self.search(indexed, "pathways", language="en").hits[0].title
            == "Safe migration pathways for workers"
        )
        assert (
            self.search(indexed, "pathways", language="ru").hits[0].title
            == "Safe migration pathways for workers"
        )

    # Filters, facets, sorting, paging

    def test_filters_are_and_across_facets_and_or_within_one(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.FACETS)
        assert sorted(self.ids(self.search(indexed, "", filters={"objective": ["13"]}))) == ["1", "4"]
        assert sorted(self.ids(self.search(indexed, "", filters={"objective": ["13", "5"]}))) == [
            "1",
            "2",
            "4",
        ]
        assert self.ids(self.search(indexed, "", filters={"objective": ["13"], "country": ["MEX"]})) == ["1"]
        assert self.ids(self.search(indexed, "migration", kinds=["platform"])) == ["3"]

    def test_facet_counts_cover_the_matching_documents(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.FACETS)
        facets = self.search(indexed, "detention").facets
        assert dict(facets["objective"]) == {"13": 2}
        assert dict(facets["country"]) == {"MEX": 1, "GRC": 1}
        assert dict(facets["kind"]) == {"practice": 2}
        assert dict(facets["organization"]) == {"IOM": 1, "UNICEF": 1}
        assert dict(facets["year"]) == {"2021": 1}
        assert dict(facets["language"]) == {"en": 2}

    def test_a_filtered_facet_still_counts_its_other_values(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.FACETS)
        page = self.search(indexed, "", filters={"country": ["MEX"]})
        assert dict(page.facets["country"]) == {"MEX": 2, "PHL": 1, "GRC": 1, "GTM": 1}
        assert dict(page.facets["objective"]) == {"13": 1, "2": 1}

    def test_filter_values_with_quotes_or_backslashes_work(self, backend: SearchBackend) -> None:
        self.require(backend, Capability.FACETS)
        backend.index(
            [
                doc(1, "One", facets={"organization": ['A"B', "C\\D"]}),
                doc(2, "Two", facets={"organization": ["E"]}),
            ]
        )
        page = self.search(backend, "", filters={"organization": ['A"B']})
        assert self.ids(page) == ["1"]
        assert dict(page.facets["organization"]) == {'A"B': 1, "C\\D": 1, "E": 1}
        assert self.ids(
            self.search(backend, "", filters={"organization": ["C\\D"], "kind": ["practice"]})
        ) == ["1"]

    def test_sort_by_date_puts_undated_documents_last(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.DATE_SORT)
        page = self.search(indexed, "migration OR detention", sort="date")
        assert self.ids(page) == ["2", "5", "1", "3", "4"]
        assert all(hit.score is None for hit in page.hits)

    def test_paging_gives_each_result_once(self, indexed: SearchBackend) -> None:
        first = self.search(indexed, "", per_page=2, page=1)
        second = self.search(indexed, "", per_page=2, page=2)
        third = self.search(indexed, "", per_page=2, page=3)
        assert first.total == second.total == len(CORPUS)
        ids = self.ids(first) + self.ids(second) + self.ids(third)
        assert sorted(ids) == ["1", "2", "3", "4", "5"]
        assert (first.pages, third.has_next, first.has_previous) == (3, False, False)

    # Snippets and suggestions

    def test_snippets_mark_the_words_and_escape_the_text(self, backend: SearchBackend) -> None:
        self.require(backend, Capability.STORED_TEXT)
        backend.index(
            [doc(7, "Firewalls", "<script>alert(1)</script> & firewalls between services and enforcement")]
        )
        snippet = str(self.search(backend, "firewall").hits[0].snippet)
        assert "<script>" not in snippet
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <mark>firewalls</mark> between" in snippet

    def test_a_query_cannot_inject_markup_into_snippets(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.STORED_TEXT)
        snippet = str(self.search(indexed, "<b>portal</b> statistics").hits[0].snippet)
        assert "<b>" not in snippet
        assert "<mark>Statistics</mark>" in snippet

    def test_snippets_show_the_passage_with_the_words(self, backend: SearchBackend) -> None:
        self.require(backend, Capability.STORED_TEXT)
        body = (
            "Introduction. " + "Background words without interest. " * 30 + "Here firewalls protect migrants."
        )
        backend.index([doc(8, "Report", "", body)])
        snippet = str(self.search(backend, "firewalls").hits[0].snippet)
        assert snippet.startswith("…")
        assert "<mark>firewalls</mark> protect migrants" in snippet

    def test_suggest_completes_title_words(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.SUGGEST)
        assert suggest_with(indexed, "port") == [{"title": "Migration data portal", "url": "/items/3/"}]
        titles = [s["title"] for s in suggest_with(indexed, "migration da")]
        assert titles == ["Migration data portal"]
        assert suggest_with(indexed, "voies de mig", language="fr") == [
            {"title": "Voies de migration sûres", "url": "/items/2/"}
        ]
        assert suggest_with(indexed, "zzz") == []
        assert suggest_with(indexed, "   ") == []

    def test_stored_returns_the_asked_documents_without_excluded_words(self, indexed: SearchBackend) -> None:
        found = indexed.stored(["test.item:3", "test.item:1", "test.item:999"])
        assert sorted(found) == ["test.item:1", "test.item:3"]
        assert found["test.item:3"].titles["en"] == "Migration data portal"
        assert found["test.item:3"].score is None
        without = indexed.stored(["test.item:3", "test.item:1"], excluded=parse("x -children").excluded)
        assert sorted(without) == ["test.item:3"]
        assert indexed.stored([]) == {}

    def test_another_instance_sees_committed_changes_after_refresh(
        self, backend: SearchBackend, tmp_path: Path
    ) -> None:
        other = type(backend)(backend.path)
        backend.index(CORPUS[:1])
        other.refresh()
        assert other.count() == 1
        backend.index(CORPUS[1:2])
        other.refresh()
        assert other.count() == 2

    # Counting: what the service's count cache relies on (docs/search.md, "Facet counts and their cache")

    def test_the_facet_pass_counts_the_same_matches_as_the_hits(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.FACETS)
        cases: list[tuple[str, dict[str, tuple[str, ...]]]] = [
            ("", {}),
            ("detention", {}),
            ("migration OR detention", {"objective": ("13", "5")}),
            ('"safe migration" -fair', {}),
            ("migra*", {"kind": ("practice",)}),
            ("nothing-matches-this", {}),
        ]
        for query, filters in cases:
            request = SearchRequest(query=parse(query), filters=filters, limit=1)
            counted = indexed.search(request)
            plain = indexed.search(SearchRequest(query=parse(query), filters=filters, with_facets=False))
            assert counted.total == plain.total, query

    def test_counts_alone_are_those_of_the_full_search(self, indexed: SearchBackend) -> None:
        self.require(indexed, Capability.FACETS)
        request = SearchRequest(query=parse("migration"), filters={"objective": ("5", "1")})
        full = indexed.search(request)
        alone = indexed.search(SearchRequest(query=request.query, filters=request.filters, with_hits=False))
        assert alone.hits == []
        assert (alone.total, alone.facets) == (full.total, full.facets)
        assert full.total == 2 and len(full.hits) == 2

    def test_a_known_total_is_taken_as_given(self, indexed: SearchBackend) -> None:
        request = SearchRequest(query=parse("detention"), with_facets=False)
        plain = indexed.search(request)
        known = indexed.search(SearchRequest(query=request.query, with_facets=False, known_total=plain.total))
        assert known.total == plain.total == 2
        assert [hit.doc_id for hit in known.hits] == [hit.doc_id for hit in plain.hits]

    def test_the_generation_changes_with_every_change_and_is_seen_at_once(
        self, backend: SearchBackend, tmp_path: Path
    ) -> None:
        backend.index(CORPUS[:2])
        first = backend.generation()
        if first is None:
            pytest.skip(f"{backend.name} does not tell its index generation (nothing is cached)")
        assert backend.generation() == first  # searching and asking again change nothing
        other = type(backend)(backend.path)  # another process of the same node
        assert other.generation() == first
        backend.index(CORPUS[2:3])
        second = backend.generation()
        backend.delete([CORPUS[0].doc_id, CORPUS[1].doc_id])
        third = backend.generation()
        assert len({first, second, third}) == 3
        # Whoever sees a generation sees its content, without waiting for a refresh.
        assert other.generation() == third
        assert self.search(other, "", with_facets=False).total == 1
        elsewhere = type(backend)(tmp_path / "elsewhere")
        elsewhere.index(CORPUS[1:3])
        assert elsewhere.generation() not in {first, second, third}
