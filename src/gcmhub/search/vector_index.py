"""This process's in-memory matrix of document vectors, following the search outbox.

On first use the matrix is loaded from `DocumentVector` (the current model's rows only); afterwards, at most
every GCMHUB_SEARCH_SYNC_SECONDS, the outbox rows with op "vectors" say which documents to reload. Rows are
appended and replaced ones masked out, so an update never copies the whole matrix; the matrix is compacted
when a quarter of it is dead. A document scores its best chunk, filtered by kind and facets.

Below ANN_MIN_ROWS live rows, search is one exact matrix-vector product. From there on an approximate
nearest-neighbour graph (usearch HNSW, 8-bit quantised, in memory, keyed by matrix row) proposes candidate
rows, which are scored exactly from the float32 matrix; the graph follows every append, removal and
compaction of the matrix. Each graph built is also written under the search directory, named by a digest of
the rows it was built from: a process starting on an unchanged collection reads it instead of building it
again (minutes at 200,000 rows), and a changed collection finds no file of its name and builds anew.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import threading
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import usearch
from django.conf import settings
from django.db import DatabaseError
from django.db.models import QuerySet
from django.utils import timezone
from usearch.index import Index

from gcmhub.search import vectors
from gcmhub.search.models import DocumentVector, SearchOutbox
from gcmhub.search.vectors import DIMENSIONS, VectorHit

logger = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float32]
LOAD_CHUNK = 5000  # vector rows read per query
OUTBOX_BATCH = 10_000
RELOAD_ALL = "*"  # the doc_id of an outbox "vectors" row asking every node to reload its whole matrix
# Below this many live rows an exact scan takes a few milliseconds: no graph is built.
ANN_MIN_ROWS = 20_000
# HNSW parameters: measured recall@10 against the exact scan is above 0.99 on uniform random vectors, the
# hardest case (search/tests/test_vector_ann.py); real text vectors cluster and do better.
ANN_CONNECTIVITY = 32
ANN_EXPANSION_ADD = 128
ANN_EXPANSION_SEARCH = 200
OVERSAMPLE = 4  # candidate rows asked per wanted document: several chunks of one document, masked rows
# A filter leaving fewer rows than this share: scanning those rows exactly is cheaper than widening the graph
# search until enough of them turn up.
EXACT_SHARE = 0.05
ALLOWED_CACHE_SIZE = 64  # distinct filters whose passing documents are kept until the documents change


def request_reload() -> None:
    """Ask every node (this one included) to reload its matrix from the database at its next sync."""
    SearchOutbox.objects.create(doc_id=RELOAD_ALL, op=SearchOutbox.Op.VECTORS)


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    kind: str
    facets: dict[str, list[str]]

    @functools.cached_property  # read for every candidate of every search
    def objectives(self) -> tuple[int, ...]:
        return tuple(int(value) for value in self.facets.get("objective", []) if value.isdigit())


class VectorIndex:
    """Vectors of one model, with each row's document; thread-safe."""

    def __init__(self, *, ann_min_rows: int = ANN_MIN_ROWS, build_in_background: bool = False) -> None:
        self._lock = threading.RLock()
        self.model = vectors.model_id()
        self.ann_min_rows = ann_min_rows
        # A served process builds its graph in a thread, scanning exactly meanwhile, so no request waits.
        self.build_in_background = build_in_background
        self.builder: threading.Thread | None = None
        self.graph_restored = False  # whether the last graph installed was read from its file
        self._layout = 0  # changes whenever rows are renumbered: a graph built before is useless
        self._clear()

    def _clear(self) -> None:
        self._matrix: Matrix = np.zeros((0, DIMENSIONS), dtype=np.float32)
        self._row_doc = np.zeros(0, dtype=np.int64)  # document number per row; -1: replaced or removed
        self._size = 0
        self._docs: list[DocInfo | None] = []
        self._numbers: dict[str, int] = {}
        self._rows: dict[int, list[int]] = {}
        self._dead = 0
        self._ann: Index | None = None  # built once there are ann_min_rows live rows
        # Documents passing each recent filter: testing every document's facets takes a while at 100,000s.
        self._allowed_cache: dict[tuple[tuple[str, frozenset[str]], ...], npt.NDArray[np.bool_]] = {}
        self._layout += 1
        self.cursor = 0

    # Loading and updating

    def load_all(self) -> None:
        from gcmhub.search.outbox import latest_seq

        cursor = latest_seq()  # later changes are in the outbox and get applied afterwards
        with self._lock:
            self._clear()
            self._load(DocumentVector.objects.filter(model=self.model))
            self._build_ann_if_large()
            self.cursor = cursor

    def reload(self, doc_ids: Iterable[str]) -> None:
        """Replace the vectors of these documents with what the database holds now (none: removed)."""
        ids = sorted(set(doc_ids))
        with self._lock:
            for doc_id in ids:
                self._forget(doc_id)
            for start in range(0, len(ids), 1000):
                self._load(
                    DocumentVector.objects.filter(model=self.model, doc_id__in=ids[start : start + 1000])
                )
            if self._dead > max(1000, self._size // 4):
                self._compact()
            self._build_ann_if_large()

    def _load(self, rows: QuerySet[DocumentVector]) -> None:
        batch: list[tuple[str, str, dict[str, list[str]], bytes | memoryview]] = []
        fields = rows.order_by("doc_id", "chunk").values_list("doc_id", "kind", "facets", "vector")
        for row in fields.iterator(chunk_size=LOAD_CHUNK):
            batch.append(row)
            if len(batch) >= LOAD_CHUNK:
                self._append(batch)
                batch = []
        self._append(batch)

    def _append(self, batch: list[tuple[str, str, dict[str, list[str]], bytes | memoryview]]) -> None:
        if not batch:
            return
        self._reserve(self._size + len(batch))
        block = np.frombuffer(b"".join(bytes(vector) for *_rest, vector in batch), dtype="<f4")
        self._allowed_cache.clear()
        self._matrix[self._size : self._size + len(batch)] = block.reshape(len(batch), DIMENSIONS)
        if self._ann is not None:
            self._ann.add(
                np.arange(self._size, self._size + len(batch)), block.reshape(len(batch), DIMENSIONS)
            )
        for offset, (doc_id, kind, facets, _vector) in enumerate(batch):
            number = self._numbers.get(doc_id)
            if number is None:
                number = self._numbers[doc_id] = len(self._docs)
                self._docs.append(DocInfo(doc_id, kind, facets))
            self._row_doc[self._size + offset] = number
            self._rows.setdefault(number, []).append(self._size + offset)
        self._size += len(batch)

    def _reserve(self, rows: int) -> None:
        if rows <= len(self._matrix):
            return
        capacity = max(rows, len(self._matrix) * 3 // 2, 1024)
        matrix = np.zeros((capacity, DIMENSIONS), dtype=np.float32)
        matrix[: self._size] = self._matrix[: self._size]
        row_doc = np.full(capacity, -1, dtype=np.int64)
        row_doc[: self._size] = self._row_doc[: self._size]
        self._matrix, self._row_doc = matrix, row_doc

    def _forget(self, doc_id: str) -> None:
        number = self._numbers.pop(doc_id, None)
        if number is None:
            return
        rows = self._rows.pop(number, [])
        self._row_doc[rows] = -1
        if self._ann is not None and rows:
            self._ann.remove(np.asarray(rows, dtype=np.uint64))
        self._docs[number] = None
        self._allowed_cache.clear()
        self._dead += len(rows)

    def _compact(self) -> None:
        live = self._row_doc[: self._size] >= 0
        self._matrix = np.ascontiguousarray(self._matrix[: self._size][live])
        old_numbers = self._row_doc[: self._size][live]
        self._size = len(self._matrix)
        docs: list[DocInfo | None] = []
        renumber: dict[int, int] = {}
        for old in dict.fromkeys(int(n) for n in old_numbers):
            renumber[old] = len(docs)
            docs.append(self._docs[old])
        self._row_doc = np.array([renumber[int(n)] for n in old_numbers], dtype=np.int64)
        self._docs = docs
        self._allowed_cache.clear()
        self._numbers = {info.doc_id: number for number, info in enumerate(docs) if info is not None}
        self._rows = {}
        for row, number in enumerate(self._row_doc):
            self._rows.setdefault(int(number), []).append(row)
        self._dead = 0
        self._ann = None  # rows were renumbered: the graph is built again over the compacted matrix
        self._layout += 1

    def _build_ann_if_large(self) -> None:
        building = self.builder is not None and self.builder.is_alive()
        if self._ann is not None or building or self._size - self._dead < self.ann_min_rows:
            return
        live = np.flatnonzero(self._row_doc[: self._size] >= 0)
        # Rows below _size are never written again (appends go after them, compaction makes a new matrix),
        # so a thread may read them from this array without the lock.
        snapshot = (self._layout, self._size, live, self._matrix)
        if not self.build_in_background:
            self._install_graph(_graph_for(self.model, live, self._matrix), self._size, live)
            return
        self.builder = threading.Thread(target=self._build_in_thread, args=snapshot, daemon=True)
        self.builder.start()

    def _build_in_thread(self, layout: int, size: int, live: npt.NDArray[np.int64], matrix: Matrix) -> None:
        try:
            graph = _graph_for(self.model, live, matrix)
        except Exception:
            logger.exception("Could not build the vector graph; searches scan the matrix exactly.")
            return
        with self._lock:
            self.builder = None
            if layout == self._layout:
                self._install_graph(graph, size, live)
            else:
                self._build_ann_if_large()  # renumbered meanwhile: build again over the current rows

    def _install_graph(self, graph: tuple[Index, bool], size: int, live: npt.NDArray[np.int64]) -> None:
        ann, self.graph_restored = graph
        self._install_ann(ann, size, live)

    def _install_ann(self, ann: Index, size: int, live: npt.NDArray[np.int64]) -> None:
        """Bring a graph of the first `size` rows up to date with the changes made since, then use it."""
        gone = live[self._row_doc[live] < 0]
        if len(gone):
            ann.remove(gone.astype(np.uint64))
        added = np.flatnonzero(self._row_doc[size : self._size] >= 0) + size
        if len(added):
            ann.add(added, self._matrix[added])
        self._ann = ann

    @property
    def uses_ann(self) -> bool:
        """True once the approximate graph answers searches (large collections)."""
        return self._ann is not None

    # Reading

    def __len__(self) -> int:
        return len(self._numbers)

    def info(self, doc_id: str) -> DocInfo | None:
        number = self._numbers.get(doc_id)
        return None if number is None else self._docs[number]

    def vector_of(self, doc_id: str) -> Matrix | None:
        """The document's first chunk (title and summary), or None without vectors."""
        with self._lock:
            number = self._numbers.get(doc_id)
            if number is None:
                return None
            first: Matrix = self._matrix[self._rows[number][0]].copy()
            return first

    def best_score(self, doc_id: str, vector: Matrix) -> float | None:
        """The similarity of `vector` to the document's closest chunk, or None without vectors."""
        with self._lock:
            number = self._numbers.get(doc_id)
            if number is None:
                return None
            return float(np.max(self._matrix[self._rows[number]] @ vector))

    def _allowed(self, filters: Mapping[str, Collection[str]]) -> npt.NDArray[np.bool_] | None:
        """Which documents pass the filters (AND across facets, OR within one), or None for all."""
        active = {name: frozenset(values) for name, values in filters.items() if values}
        if not active:
            return None
        key = tuple(sorted(active.items()))
        cached = self._allowed_cache.get(key)
        if cached is None:
            if len(self._allowed_cache) >= ALLOWED_CACHE_SIZE:
                self._allowed_cache.clear()
            cached = self._allowed_cache[key] = self._passing(active)
        return cached

    def _passing(self, active: Mapping[str, frozenset[str]]) -> npt.NDArray[np.bool_]:
        allowed = np.zeros(len(self._docs), dtype=bool)
        for number, info in enumerate(self._docs):
            if info is not None and all(
                (info.kind in values) if name == "kind" else bool(values & set(info.facets.get(name, [])))
                for name, values in active.items()
            ):
                allowed[number] = True
        allowed.setflags(write=False)  # shared by the searches with the same filter
        return allowed

    def nearest(
        self,
        vector: Matrix,
        k: int,
        filters: Mapping[str, Collection[str]] | None = None,
        exclude: Collection[str] = (),
    ) -> list[VectorHit]:
        """The `k` documents whose best chunk is closest to `vector`, best first."""
        if k <= 0:
            return []
        query = vector.astype(np.float32).reshape(DIMENSIONS)
        with self._lock:
            if not self._size:
                return []
            live = self._live_rows(self._allowed(filters or {}))
            if self._ann is not None and np.count_nonzero(live) >= EXACT_SHARE * self._size:
                hits = self._approximate(query, k, live, set(exclude))
                if hits is not None:
                    return hits
            return self._exact(query, k, live, set(exclude))

    def _live_rows(self, allowed: npt.NDArray[np.bool_] | None) -> npt.NDArray[np.bool_]:
        row_doc = self._row_doc[: self._size]
        live = row_doc >= 0
        if allowed is not None:
            live &= np.where(live, allowed[np.maximum(row_doc, 0)], False)
        return live

    def _exact(
        self, query: Matrix, k: int, live: npt.NDArray[np.bool_], exclude: set[str]
    ) -> list[VectorHit]:
        rows = np.flatnonzero(live)
        scores = self._matrix[rows] @ query if len(rows) < self._size else self._matrix[: self._size] @ query
        order = np.argsort(-scores, kind="stable")
        return self._documents(rows[order], scores[order], k, exclude)

    def _approximate(
        self, query: Matrix, k: int, live: npt.NDArray[np.bool_], exclude: set[str]
    ) -> list[VectorHit] | None:
        """Candidates from the graph, scored exactly; None when so many are needed that a scan is cheaper."""
        assert self._ann is not None
        share = np.count_nonzero(live) / self._size
        wanted = int((k + len(exclude)) * OVERSAMPLE / share) + 1
        while wanted <= self._size * EXACT_SHARE or wanted <= (k + len(exclude)) * OVERSAMPLE:
            found = np.asarray(self._ann.search(query, wanted, threads=1).keys, dtype=np.int64)
            rows = found[live[found]]
            scores = self._matrix[rows] @ query
            order = np.argsort(-scores, kind="stable")
            hits = self._documents(rows[order], scores[order], k, exclude)
            if len(hits) == k or len(found) < wanted:
                return hits
            wanted *= OVERSAMPLE
        return None

    def _documents(
        self, rows: npt.NDArray[np.int64], scores: Matrix, k: int, exclude: set[str]
    ) -> list[VectorHit]:
        """The first `k` distinct documents of rows sorted best first (a document scores its best chunk)."""
        hits: list[VectorHit] = []
        seen: set[int] = set()
        for row, score in zip(rows.tolist(), scores.tolist(), strict=True):
            number = int(self._row_doc[row])
            info = self._docs[number]
            if number in seen or info is None or info.doc_id in exclude:
                continue
            seen.add(number)
            hits.append(VectorHit(info.doc_id, float(score), info.kind, info.objectives))
            if len(hits) == k:
                break
        return hits


def _new_graph(rows: npt.NDArray[np.int64], matrix: Matrix) -> Index:
    """An HNSW graph of these rows of `matrix`, keyed by row number."""
    started = time.monotonic()
    ann = Index(
        ndim=DIMENSIONS,
        metric="ip",  # rows are L2-normalised: inner product is the cosine
        dtype="i8",
        connectivity=ANN_CONNECTIVITY,
        expansion_add=ANN_EXPANSION_ADD,
        expansion_search=ANN_EXPANSION_SEARCH,
    )
    for start in range(0, len(rows), LOAD_CHUNK):
        block = rows[start : start + LOAD_CHUNK]
        ann.add(block, matrix[block])
    logger.info("Built the vector graph of %d rows in %.1f s.", len(rows), time.monotonic() - started)
    return ann


def graph_dir() -> Path:
    """Where graphs are kept: beside the keyword index, under the data directory by default."""
    return Path(settings.GCMHUB_SEARCH_DIR) / "vector-graphs"


def graph_key(model: str, rows: npt.NDArray[np.int64], matrix: Matrix) -> str:
    """A digest of what a graph is built from: the model, the graph's parameters, and the rows' numbers and
    vectors (hashing 200,000 rows takes a second or two; building their graph, minutes)."""
    digest = hashlib.sha256()  # the fastest here: about a second for 200,000 rows
    parameters = (usearch.__version__, "i8", ANN_CONNECTIVITY, ANN_EXPANSION_ADD)
    digest.update(repr((model, parameters)).encode())
    digest.update(rows.astype("<i8").tobytes())
    # Rows are sorted and distinct: the last being n - 1 means all of 0..n - 1 (a fresh load), hashed as is.
    if len(rows) and rows[-1] == len(rows) - 1:
        digest.update(np.ascontiguousarray(matrix[: len(rows)], dtype="<f4").data)
        return digest.hexdigest()[:40]
    for start in range(0, len(rows), LOAD_CHUNK):
        digest.update(np.ascontiguousarray(matrix[rows[start : start + LOAD_CHUNK]], dtype="<f4").data)
    return digest.hexdigest()[:40]


def _graph_file(key: str) -> Path:
    return graph_dir() / f"graph-{key}.usearch"


def _stored_graph(key: str, rows: int) -> Index | None:
    """The graph saved under this key, or None when there is none or it cannot be read."""
    path = _graph_file(key)
    if not path.exists():
        return None
    try:
        ann = Index.restore(str(path))
    except (OSError, ValueError, RuntimeError):
        logger.warning("Could not read the vector graph %s; building it again.", path.name)
        return None
    if ann is None or len(ann) != rows or ann.ndim != DIMENSIONS:
        return None
    # Run-time settings the file does not keep. usearch declares their setters apart from their getters,
    # which mypy takes for read-only properties.
    ann.expansion_add = ANN_EXPANSION_ADD  # type: ignore[misc]
    ann.expansion_search = ANN_EXPANSION_SEARCH  # type: ignore[misc]
    return ann


def _store_graph(key: str, ann: Index) -> None:
    """Save the graph under its key: written to a name of this process's own, then renamed, so that another
    process never reads half a file; graphs of earlier states are removed."""
    path = _graph_file(key)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        ann.save(str(partial))
        partial.replace(path)
        for old in path.parent.glob("graph-*.usearch"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        logger.exception("Could not save the vector graph; the next process will build it again.")
        partial.unlink(missing_ok=True)


def _graph_for(model: str, rows: npt.NDArray[np.int64], matrix: Matrix) -> tuple[Index, bool]:
    """The graph of these rows: read from its file when one was saved for them, else built and saved.
    Returns the graph and whether it was read."""
    key = graph_key(model, rows, matrix)
    stored = _stored_graph(key, len(rows))
    if stored is not None:
        logger.info("Read the vector graph of %d rows from its file.", len(rows))
        return stored, True
    ann = _new_graph(rows, matrix)
    _store_graph(key, ann)
    return ann, False


_index: VectorIndex | None = None
_index_lock = threading.Lock()
_last_sync = threading.local()


def get_index() -> VectorIndex:
    """This process's vector index, loaded on first use and brought up to date with the outbox."""
    global _index
    with _index_lock:
        if _index is None or _index.model != vectors.model_id():
            index = VectorIndex(build_in_background=True)
            index.load_all()
            _index = index
    sync(_index)
    return _index


def forget() -> None:
    """Drop this process's matrix (tests; a rebuild); the next use loads it again."""
    global _index
    with _index_lock:
        _index = None
    _last_sync.at = -1e9


def sync(index: VectorIndex, *, force: bool = False) -> None:
    """Reload the documents whose vectors changed since the index's outbox cursor (at most every
    GCMHUB_SEARCH_SYNC_SECONDS unless forced)."""
    from gcmhub.search.outbox import _contiguous_end

    now = time.monotonic()
    if not force and now - getattr(_last_sync, "at", -1e9) < settings.GCMHUB_SEARCH_SYNC_SECONDS:
        return
    _last_sync.at = now
    try:
        while True:
            rows = list(SearchOutbox.objects.filter(seq__gt=index.cursor).order_by("seq")[:OUTBOX_BATCH])
            if not rows:
                return
            changed = {row.doc_id for row in rows if row.op == SearchOutbox.Op.VECTORS}
            if RELOAD_ALL in changed:
                index.load_all()  # `gcmhub rebuild_index` asked every node to reload its matrix
                return
            end = _contiguous_end(rows, index.cursor, timezone.now())
            index.reload(changed)
            if end == index.cursor or len(rows) < OUTBOX_BATCH:
                index.cursor = end
                return
            index.cursor = end
    except DatabaseError:
        logger.exception("Could not read the search outbox for the vector index.")


def nearest(
    vector: Matrix,
    k: int,
    kinds: Collection[str] | None = None,
    *,
    filters: Mapping[str, Collection[str]] | None = None,
    exclude: Collection[str] = (),
) -> list[VectorHit]:
    """The `k` documents closest to `vector` (see `VectorIndex.nearest`), of `kinds` if given."""
    merged = dict(filters or {})
    if kinds:
        merged["kind"] = list(kinds)
    return get_index().nearest(vector, k, merged, exclude)
