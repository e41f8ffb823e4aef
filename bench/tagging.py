"""Objective suggestions and semantic search, measured: `python bench/tagging.py [--tune]`.

The evaluation set (`bench/data/tagging_eval.jsonl`) holds texts written for it — practices, call responses,
activities, document summaries — in the six UN languages, each labelled with its GCM objectives. Within each
language the texts alternate between a development half and a held-out half. The development half plays the
tagged resources already on the platform (the neighbours that vote) and is where the weights were tuned
(`--tune` searches them again, leaving each text out of its own neighbours); the held-out half is only ever
scored, with the development half as its neighbours.

Printed, as one JSON object:
- per language, top-1 (the best suggestion is one of the text's objectives) and top-3 (one of them is in
  the first three), on the held-out half, with neighbours and with descriptions and keywords alone (what a
  text gets while nothing near it is tagged yet);
- semantic search recall@5 for the queries of `bench/data/search_eval.jsonl` and the one- to three-word
  queries of `bench/data/search_eval_short.jsonl` over all evaluation texts (the share of each query's known
  answers, at most five, found in the first five), with search's query vectors and with the queries' own;
- median and p95 time of one suggestion for a one-paragraph text, against the encoder alone (the baseline).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")

# bench/http.py would hide the standard library's `http` package from Django: drop this script's directory.
if sys.path and Path(sys.path[0]).resolve() == ROOT / "bench":
    del sys.path[0]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmhub.config.settings")

import django  # noqa: E402  # after the path and settings module are set

django.setup()

from gcmhub.search import concepts, suggest, vectors  # noqa: E402

Record = dict[str, Any]


def read_jsonl(path: Path) -> list[Record]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def split(records: list[Record]) -> tuple[list[Record], list[Record]]:
    """Alternate within each language: the 1st, 3rd, … text for development, the 2nd, 4th, … held out."""
    dev: list[Record] = []
    test: list[Record] = []
    for language in LANGUAGES:
        ours = sorted((r for r in records if r["language"] == language), key=lambda r: r["id"])
        dev.extend(ours[0::2])
        test.extend(ours[1::2])
    return dev, test


class Pool:
    """Tagged texts as an in-memory neighbour finder (the role published resources play in production)."""

    def __init__(self, records: list[Record], matrix: npt.NDArray[np.float32]) -> None:
        self.records = records
        self.matrix = matrix

    def finder(self, leave_out: str | None = None) -> suggest.NeighbourFinder:
        def find(vector: npt.NDArray[np.float32], k: int) -> list[suggest.Neighbour]:
            similarity = self.matrix @ vector
            hits = []
            for row in np.argsort(-similarity):
                record = self.records[int(row)]
                if record["id"] != leave_out:
                    hits.append(
                        suggest.Neighbour(record["id"], float(similarity[row]), tuple(record["objectives"]))
                    )
                if len(hits) == k:
                    break
            return hits

        return find


def no_neighbours(vector: npt.NDArray[np.float32], k: int) -> list[suggest.Neighbour]:
    return []


def evidence_for(
    records: list[Record],
    matrix: npt.NDArray[np.float32],
    finder: Callable[[Record], suggest.NeighbourFinder],
    known: suggest.Descriptions,
) -> list[suggest.Evidence]:
    return [
        suggest.gather_evidence(r["text"], vector, finder(r)(vector, suggest.NEIGHBOURS), known)
        for r, vector in zip(records, matrix, strict=True)
    ]


def accuracy(
    records: list[Record], evidence: list[suggest.Evidence], weights: suggest.Weights
) -> dict[str, dict[str, float]]:
    hits: dict[str, list[tuple[bool, bool]]] = {language: [] for language in LANGUAGES}
    for record, found in zip(records, evidence, strict=True):
        ranked = [int(i) + 1 for i in np.argsort(-suggest.combine(found, weights), kind="stable")]
        labels = set(record["objectives"])
        hits[record["language"]].append((ranked[0] in labels, bool(labels & set(ranked[:3]))))
    table = {
        language: {
            "texts": len(pairs),
            "top1": round(sum(p[0] for p in pairs) / len(pairs), 3),
            "top3": round(sum(p[1] for p in pairs) / len(pairs), 3),
        }
        for language, pairs in hits.items()
        if pairs
    }
    everything = [p for pairs in hits.values() for p in pairs]
    table["all"] = {
        "texts": len(everything),
        "top1": round(sum(p[0] for p in everything) / len(everything), 3),
        "top3": round(sum(p[1] for p in everything) / len(everything), 3),
    }
    return table


def tune(records: list[Record], evidence: list[suggest.Evidence]) -> suggest.Weights:
    """Weights: the best mean of top-1 and top-3 on the development half, the lightest on a tie; then the
    temperature that makes the scores honest probabilities (least log loss of the labelled objectives)."""
    best: tuple[float, float, suggest.Weights] = (-1.0, 0.0, suggest.TUNED)
    for neighbours, keywords in itertools.product(
        [0.0, 0.1, 0.2, 0.4, 0.8, 1.6], [0.0, 0.05, 0.1, 0.2, 0.4, 0.8]
    ):
        weights = suggest.Weights(1.0, neighbours, keywords, suggest.TUNED.temperature)
        overall = accuracy(records, evidence, weights)["all"]
        candidate = ((overall["top1"] + overall["top3"]) / 2, -(neighbours + keywords), weights)
        if candidate[:2] > best[:2]:
            best = candidate
    chosen = best[2]
    temperatures = [0.01, 0.02, 0.03, 0.05, 0.07, 0.1, 0.15, 0.2, 0.3]
    losses = {
        t: log_loss(records, evidence, suggest.Weights(**{**vars(chosen), "temperature": t}))
        for t in temperatures
    }
    return suggest.Weights(**{**vars(chosen), "temperature": min(losses, key=lambda t: losses[t])})


def log_loss(records: list[Record], evidence: list[suggest.Evidence], weights: suggest.Weights) -> float:
    """Mean -log of the score given to the text's own objectives (summed when it has several)."""
    losses = []
    for record, found in zip(records, evidence, strict=True):
        scores = suggest.combine(found, weights)
        losses.append(-np.log(max(sum(scores[n - 1] for n in record["objectives"]), 1e-12)))
    return float(np.mean(losses))


def pairs(records: list[Record], known: suggest.Descriptions) -> dict[str, float]:
    """Texts about two things: each held-out text followed by the third after it in its language (when their
    objectives differ). The share whose first three suggestions hold an objective of each, with the text read
    sentence by sentence (as suggest does) and, for comparison, as one whole."""
    joined: list[tuple[str, set[int], set[int]]] = []
    for language in LANGUAGES:
        ours = [r for r in records if r["language"] == language]
        for index, first in enumerate(ours):
            second = ours[(index + 3) % len(ours)]
            if not set(first["objectives"]) & set(second["objectives"]):
                space = "" if language == "zh" else " "
                text = first["text"] + space + second["text"]
                joined.append((text, set(first["objectives"]), set(second["objectives"])))

    def both_in_top3(matrix: npt.NDArray[np.float32]) -> float:
        found = 0
        for (text, one, other), vector in zip(joined, matrix, strict=True):
            scores = suggest.combine(suggest.gather_evidence(text, vector, [], known))
            top3 = {int(i) + 1 for i in np.argsort(-scores)[:3]}
            found += bool(top3 & one) and bool(top3 & other)
        return round(found / len(joined), 3)

    texts = [text for text, _, _ in joined]
    return {
        "texts": len(joined),
        "both_in_top3_by_sentence": both_in_top3(suggest.text_vectors(texts)),
        "both_in_top3_whole": both_in_top3(vectors.encode_texts(texts)),
    }


QueryVectors = Callable[[list[str]], npt.NDArray[np.float32]]


def product_query_vectors(texts: list[str]) -> npt.NDArray[np.float32]:
    """The vectors search uses: a short query naming objectives is moved towards their labels."""
    return np.vstack([concepts.query_vector(text) for text in texts])


def recall_at_5(
    queries: list[Record],
    answers: list[set[str]],
    ids: list[str],
    matrix: npt.NDArray[np.float32],
    encode: QueryVectors,
) -> dict[str, Any]:
    """Per language: the share of each query's known answers (at most five) found in the first five."""
    per_language: dict[str, list[float]] = {language: [] for language in LANGUAGES}
    for query, known, vector in zip(queries, answers, encode([q["query"] for q in queries]), strict=True):
        top5 = {ids[int(i)] for i in np.argsort(-(matrix @ vector))[:5]}
        per_language[query["language"]].append(len(known & top5) / min(len(known), 5))
    table: dict[str, Any] = {
        language: {"queries": len(values), "recall_at_5": round(statistics.mean(values), 3)}
        for language, values in per_language.items()
        if values
    }
    every = [v for values in per_language.values() for v in values]
    table["all"] = {"queries": len(every), "recall_at_5": round(statistics.mean(every), 3)}
    return table


def search_recall(records: list[Record], matrix: npt.NDArray[np.float32]) -> dict[str, Any]:
    """Recall@5 for the queries of search_eval.jsonl, and for the one- to three-word queries of
    search_eval_short.jsonl (their answers: the texts labelled with the query's objective); each with the
    vectors search uses and, for comparison, with the query's own vector alone."""
    ids = [r["id"] for r in records]
    queries = read_jsonl(DATA / "search_eval.jsonl")
    short = read_jsonl(DATA / "search_eval_short.jsonl")
    answers = [set(q["answers"]) for q in queries]
    short_answers = [{r["id"] for r in records if q["objective"] in r["objectives"]} for q in short]
    return {
        "queries": recall_at_5(queries, answers, ids, matrix, product_query_vectors),
        "queries_own_vectors": recall_at_5(queries, answers, ids, matrix, vectors.encode_texts),
        "short_queries": recall_at_5(short, short_answers, ids, matrix, product_query_vectors),
        "short_queries_own_vectors": recall_at_5(short, short_answers, ids, matrix, vectors.encode_texts),
    }


PARAGRAPH = (
    "Our organization runs a legal clinic for migrant workers in the construction sector who were charged "
    "recruitment fees in their home country. Lawyers help them recover the fees and unpaid wages, and we "
    "report abusive agencies to the labour inspectorate, which has since suspended the licences of four."
)


def timing(pool: Pool, runs: int) -> dict[str, float]:
    """One suggestion against the encoder alone, interleaved so that other load on the machine hits both
    alike; and our own part (evidence and scores for an encoded text) on its own."""
    known = suggest.descriptions()
    finder = pool.finder()
    vector = vectors.encode_texts([PARAGRAPH])[0]
    suggest.suggest(PARAGRAPH, neighbours=finder)  # warm: the encoder and the descriptions load on first use
    encoder, suggestion, ours = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        vectors.encode_texts([PARAGRAPH])
        encoder.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        suggest.suggest(PARAGRAPH, neighbours=finder)
        suggestion.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        suggest.combine(suggest.gather_evidence(PARAGRAPH, vector, finder(vector, suggest.NEIGHBOURS), known))
        ours.append((time.perf_counter() - start) * 1000)

    def p95(values: list[float]) -> float:
        return round(sorted(values)[int(0.95 * (len(values) - 1))], 2)

    return {
        "runs": runs,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "suggest_ms_p50": round(statistics.median(suggestion), 2),
        "suggest_ms_p95": p95(suggestion),
        "suggest_ms_min": round(min(suggestion), 2),
        "baseline_encoder_only_ms_p50": round(statistics.median(encoder), 2),
        "baseline_encoder_only_ms_p95": p95(encoder),
        "baseline_encoder_only_ms_min": round(min(encoder), 2),
        "evidence_and_scores_ms_p50": round(statistics.median(ours), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--tune", action="store_true", help="Search the weights again on the development half."
    )
    parser.add_argument("--runs", type=int, default=50, help="Timed suggestions (default 50).")
    args = parser.parse_args()

    records = read_jsonl(DATA / "tagging_eval.jsonl")
    dev, test = split(records)
    known = suggest.descriptions()
    dev_matrix = suggest.text_vectors([r["text"] for r in dev])
    test_matrix = suggest.text_vectors([r["text"] for r in test])
    pool = Pool(dev, dev_matrix)

    dev_evidence = evidence_for(dev, dev_matrix, lambda r: pool.finder(leave_out=r["id"]), known)
    weights = suggest.TUNED
    report: dict[str, Any] = {"texts": len(records), "development": len(dev), "held_out": len(test)}
    if args.tune:
        weights = tune(dev, dev_evidence)
        report["tuned_weights"] = vars(weights)
    report["weights"] = vars(weights)
    report["development"] = accuracy(dev, dev_evidence, weights)
    held_out = evidence_for(test, test_matrix, lambda r: pool.finder(), known)
    report["held_out"] = accuracy(test, held_out, weights)
    report["held_out"]["log_loss"] = round(log_loss(test, held_out, weights), 3)
    report["held_out_without_neighbours"] = accuracy(
        test, evidence_for(test, test_matrix, lambda r: no_neighbours, known), weights
    )
    report["held_out_pairs"] = pairs(test, known)
    report["search"] = search_recall(dev + test, np.vstack([dev_matrix, test_matrix]))
    report["timing"] = timing(pool, args.runs)
    report["model"] = vectors.model_id()
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
