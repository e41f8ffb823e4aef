"""The approximate nearest-neighbour graph: recall against the exact scan, and it follows the matrix."""

from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from usearch.index import Index

from gcmhub.search import vector_index, vector_store, vectors
from gcmhub.search.registry import SearchDocument
from gcmhub.search.vector_index import VectorIndex
from gcmhub.search.vectors import DIMENSIONS

Rows = list[tuple[str, str, dict[str, list[str]], bytes | memoryview]]


def random_unit_vectors(count: int, seed: int) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    matrix = rng.normal(size=(count, DIMENSIONS)).astype(np.float32)
    normalised: npt.NDArray[np.float32] = matrix / np.linalg.norm(matrix, axis=1, keepdims=True)
    return normalised


def filled(matrix: npt.NDArray[np.float32], *, ann_min_rows: int) -> VectorIndex:
    """An index of one chunk per document, "doc:<row>", every fifth of kind "event"."""
    index = VectorIndex(ann_min_rows=ann_min_rows)
    rows: Rows = [
        (f"doc:{n}", "event" if n % 5 == 0 else "practice", {}, vector.astype("<f4").tobytes())
        for n, vector in enumerate(matrix)
    ]
    index._append(rows)
    index._build_ann_if_large()
    return index


def ids(
    index: VectorIndex, query: npt.NDArray[np.float32], k: int, exclude: set[str] | None = None
) -> list[str]:
    return [hit.doc_id for hit in index.nearest(query, k, exclude=exclude or set())]


def test_recall_at_10_against_the_exact_scan_is_at_least_095_on_random_vectors() -> None:
    matrix = random_unit_vectors(3000, seed=1)
    queries = random_unit_vectors(100, seed=2)
    approximate = filled(matrix, ann_min_rows=0)
    exact = filled(matrix, ann_min_rows=10**9)
    assert approximate.uses_ann and not exact.uses_ann

    found = sum(len(set(ids(approximate, q, 10)) & set(ids(exact, q, 10))) for q in queries)

    assert found / (10 * len(queries)) >= 0.95


def test_a_filter_keeps_only_its_documents_in_the_graph_search() -> None:
    matrix = random_unit_vectors(2000, seed=3)
    index = filled(matrix, ann_min_rows=0)

    hits = index.nearest(matrix[10], 10, {"kind": ["event"]})

    assert len(hits) == 10
    assert {hit.kind for hit in hits} == {"event"}
    assert hits[0].doc_id == "doc:10"  # its own vector, of kind event
    assert hits[0].score > 0.99


def test_excluded_documents_are_left_out_and_k_are_still_found() -> None:
    matrix = random_unit_vectors(2000, seed=4)
    index = filled(matrix, ann_min_rows=0)

    hits = ids(index, matrix[7], 5, exclude={"doc:7"})

    assert len(hits) == 5
    assert "doc:7" not in hits


def document(pk: int, title: str, kind: str = "practice") -> SearchDocument:
    return SearchDocument(
        doc_id=f"test.item:{pk}", kind=kind, title=title, summary="", body="", language="en"
    )


TITLES = [
    "Remittances sent home by migrant workers",
    "Les envois de fonds des travailleurs migrants",
    "Búsqueda de migrantes desaparecidos",
    "Поиск пропавших мигрантов",
    "البحث عن المهاجرين المفقودين",
    "失踪移民的搜寻",
    "Decent work for domestic workers",
    "Climate change and displacement in the Sahel",
    "Return and reintegration of migrants",
    "A recipe for apple pie",
]


def test_the_graph_and_the_exact_scan_agree_on_a_small_collection(db: None) -> None:
    vector_store.embed_documents(
        [document(n, title, "event" if n % 3 == 0 else "practice") for n, title in enumerate(TITLES)]
    )
    approximate, exact = VectorIndex(ann_min_rows=0), VectorIndex()
    approximate.load_all()
    exact.load_all()
    assert approximate.uses_ann and not exact.uses_ann

    for query in ["missing migrants", "money sent home", "work", "pastel de manzana"]:
        vector = vectors.encode_texts([query])[0]
        for filters in ({}, {"kind": ["event"]}):
            assert approximate.nearest(vector, 5, filters) == exact.nearest(vector, 5, filters)


def test_the_graph_follows_changes_removals_and_compaction(db: None) -> None:
    vector_store.embed_documents([document(n, f"Document number {n}") for n in range(1, 4)])
    index = VectorIndex(ann_min_rows=0)
    index.load_all()

    vector_store.embed_documents([document(2, "Border management and search and rescue")])
    vector_store.embed_documents([], gone=["test.item:3"])
    index.reload(["test.item:2", "test.item:3"])
    hits = index.nearest(vectors.encode_texts(["search and rescue at the border"])[0], 3)
    assert [hit.doc_id for hit in hits][:1] == ["test.item:2"]
    assert "test.item:3" not in {hit.doc_id for hit in hits}

    index._compact()
    index._build_ann_if_large()
    assert index.uses_ann
    after = index.nearest(vectors.encode_texts(["search and rescue at the border"])[0], 3)
    assert after == hits


def test_a_graph_built_in_the_background_catches_up_with_changes_made_meanwhile() -> None:
    matrix = random_unit_vectors(1200, seed=5)
    index = VectorIndex(ann_min_rows=0, build_in_background=True)
    first: Rows = [(f"doc:{n}", "practice", {}, matrix[n].astype("<f4").tobytes()) for n in range(1000)]
    index._append(first)
    with index._lock:  # the thread's catch-up waits for this lock: these changes happen during the build
        index._build_ann_if_large()
        builder = index.builder
        index._append(
            [(f"doc:{n}", "practice", {}, matrix[n].astype("<f4").tobytes()) for n in range(1000, 1200)]
        )
        index._forget("doc:3")
        assert not index.uses_ann  # meanwhile searches scan exactly
        assert index.nearest(matrix[1100], 1)[0].doc_id == "doc:1100"
    assert builder is not None
    builder.join(timeout=120)

    assert index.uses_ann
    assert index.nearest(matrix[1100], 1)[0].doc_id == "doc:1100"
    assert "doc:3" not in ids(index, matrix[3], 10)


def test_a_filter_sees_documents_added_after_it_was_first_used() -> None:
    matrix = random_unit_vectors(60, seed=6)
    index = filled(matrix[:50], ann_min_rows=10**9)
    assert "doc:new" not in ids_of_kind(index, matrix[55], "event")

    index._append([("doc:new", "event", {}, matrix[55].astype("<f4").tobytes())])

    assert ids_of_kind(index, matrix[55], "event")[0] == "doc:new"


def ids_of_kind(index: VectorIndex, query: npt.NDArray[np.float32], kind: str) -> list[str]:
    return [hit.doc_id for hit in index.nearest(query, 5, {"kind": [kind]})]


# The graph kept on disk (under each test's own search directory, the `search_index` fixture)


def graph_files(search_index: Path) -> list[Path]:
    return sorted((search_index / "vector-graphs").iterdir())


def no_building(rows: npt.NDArray[np.int64], matrix: npt.NDArray[np.float32]) -> Index:
    raise AssertionError("the graph was built again")


def test_a_new_index_on_the_same_rows_reads_the_saved_graph_instead_of_building_it(
    search_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    matrix = random_unit_vectors(600, seed=8)
    first = filled(matrix, ann_min_rows=0)
    assert first.uses_ann and not first.graph_restored
    assert [path.name.startswith("graph-") for path in graph_files(search_index)] == [True]

    monkeypatch.setattr(vector_index, "_new_graph", no_building)
    restarted = filled(matrix, ann_min_rows=0)

    assert restarted.uses_ann and restarted.graph_restored
    for query in random_unit_vectors(20, seed=9):
        assert ids(restarted, query, 10) == ids(first, query, 10)


def test_a_changed_collection_builds_its_graph_again_and_replaces_the_file(search_index: Path) -> None:
    matrix = random_unit_vectors(600, seed=10)
    filled(matrix, ann_min_rows=0)
    before = graph_files(search_index)

    changed = matrix.copy()
    changed[42] = random_unit_vectors(1, seed=11)[0]
    rebuilt = filled(changed, ann_min_rows=0)

    assert rebuilt.uses_ann and not rebuilt.graph_restored
    after = graph_files(search_index)
    assert len(after) == 1 and after != before  # the stale graph's file is gone
    assert ids(rebuilt, changed[42], 1) == ["doc:42"]


def test_an_unreadable_graph_file_is_built_again(search_index: Path) -> None:
    matrix = random_unit_vectors(300, seed=12)
    filled(matrix, ann_min_rows=0)
    [saved] = graph_files(search_index)
    saved.write_bytes(b"half a file")

    index = filled(matrix, ann_min_rows=0)

    assert index.uses_ann and not index.graph_restored
    assert ids(index, matrix[5], 1) == ["doc:5"]
    assert [path.name for path in graph_files(search_index)] == [saved.name]  # saved again, no partial file
    assert saved.stat().st_size > len(b"half a file")


def test_a_process_restarting_on_the_unchanged_table_reads_the_graph_and_rebuilds_after_a_change(
    db: None, search_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vector_store.embed_documents([document(n, title) for n, title in enumerate(TITLES)])
    first = VectorIndex(ann_min_rows=0, build_in_background=True)
    first.load_all()
    assert first.builder is not None
    first.builder.join(timeout=120)
    assert first.uses_ann and not first.graph_restored

    with monkeypatch.context() as patched:
        patched.setattr(vector_index, "_new_graph", no_building)
        restarted = VectorIndex(ann_min_rows=0)
        restarted.load_all()
        assert restarted.uses_ann and restarted.graph_restored

    vector_store.embed_documents([document(3, "Border management and search and rescue")])
    changed = VectorIndex(ann_min_rows=0)
    changed.load_all()
    assert changed.uses_ann and not changed.graph_restored
    vector = vectors.encode_texts(["search and rescue at the border"])[0]
    assert changed.nearest(vector, 1)[0].doc_id == "test.item:3"
