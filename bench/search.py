# ruff: noqa: RUF001  # the corpus is written in the six UN languages on purpose
"""Search benchmark: `python bench/search.py --docs N` (default 20000; the target is stated for 200000).

Generates a deterministic multilingual corpus, imports it with `gcmhub import_resources` (the product's import
path, which queues and applies the index updates), then runs the same queries of 1-3 words, plain and with
a facet filter plus facet counts, through (1) the product's search service, (2) tantivy directly on the same
index and schema, (3) SQLite FTS5 with bm25, the baseline a typical Django site would use. Prints one JSON
object with p50/p95 of each, the ratios, import+index time and peak memory.

Everything happens in a temporary data directory with its own SQLite database (removed afterwards unless
--keep is given); nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where http.py (the HTTP benchmark) would hide the standard
# library's http package from Django.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import datetime
import io
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = 20181219  # the day the GCM was endorsed by the General Assembly

# Topic words per language (the corpus mixes them with common words, so queries hit varied document sets).
TOPICS = {
    "en": "migration migrants migrant workers labour rights detention alternatives children families return "
    "reintegration remittances diaspora skills recognition border management trafficking smuggling "
    "integration inclusion xenophobia health education housing data statistics climate displacement "
    "disaster resilience decent work recruitment fees consular protection pathways regular irregular "
    "documentation identity access services firewalls legal aid women gender youth cities local "
    "governance cooperation partnership capacity training evaluation evidence policy national plan",
    "fr": "migration migrants travailleurs droits détention alternatives enfants familles retour "
    "réintégration envois diaspora compétences reconnaissance frontières traite trafic intégration "
    "inclusion xénophobie santé éducation logement données statistiques climat déplacement catastrophes "
    "résilience travail décent recrutement protection consulaire voies régulières documentation identité "
    "services aide juridique femmes genre jeunes villes gouvernance coopération partenariat formation "
    "évaluation",
    "es": "migración migrantes trabajadores derechos detención alternativas niños familias retorno "
    "reintegración remesas diáspora competencias reconocimiento fronteras trata tráfico integración "
    "inclusión xenofobia salud educación vivienda datos estadísticas clima desplazamiento desastres "
    "resiliencia trabajo decente contratación protección consular vías regulares documentación identidad "
    "servicios asistencia jurídica mujeres género jóvenes ciudades gobernanza cooperación formación",
    "ru": "миграция мигранты мигрантов трудящиеся права задержание альтернативы дети семьи возвращение "
    "реинтеграция денежные переводы диаспора навыки признание границы торговля людьми интеграция "
    "ксенофобия здоровье образование жилье данные статистика климат перемещение бедствия устойчивость "
    "достойный труд набор защита консульская документация услуги правовая помощь женщины молодежь "
    "города управление сотрудничество партнерство обучение оценка политика",
    "ar": "الهجرة المهاجرين المهاجرون العمال حقوق الاحتجاز بدائل الأطفال الأسر العودة إعادة الإدماج "
    "التحويلات المالية المغتربين المهارات الاعتراف الحدود الاتجار التهريب الإدماج كراهية الأجانب الصحة "
    "التعليم السكن البيانات الإحصاءات المناخ النزوح الكوارث القدرة العمل اللائق التوظيف الحماية "
    "القنصلية المسارات النظامية الوثائق الهوية الخدمات المساعدة القانونية النساء الشباب المدن الحوكمة",
    "zh": "移民 移徙 工人 权利 拘留 替代 儿童 家庭 返回 重新融入 汇款 侨民 技能 承认 边境 管理 贩运 偷运 "
    "融合 包容 仇外 健康 教育 住房 数据 统计 气候 流离失所 灾害 韧性 体面 工作 招聘 领事 保护 途径 "
    "正规 证件 身份 服务 法律 援助 妇女 性别 青年 城市 治理 合作 伙伴 培训 评估 政策 国家 计划",
}
FILLER = {
    "en": "the of and to in for with on by from this that are is was as at an be which their more all other",
    "fr": "le la les des de du et en pour avec sur par dans une un est sont qui que plus ces leur aux",
    "es": "el la los las de del y en para con sobre por una un es son que más estos su sus al",
    "ru": "и в на с по для от к о из что это как также все их его при более",
    "ar": "في من على إلى عن مع هذا هذه التي الذي ذلك كان بين كل أو",
    "zh": "的 和 在 与 及 对 为 是 了 等 中 也",
}
LANGUAGE_WEIGHTS = [("en", 40), ("fr", 15), ("es", 15), ("ar", 10), ("ru", 10), ("zh", 10)]
KINDS = ["practice", "guidance", "publication", "training", "event", "review"]
COUNTRIES = ["MEX", "PHL", "GRC", "GTM", "MAR", "NGA", "BGD", "DEU", "CAN", "ECU", "JOR", "KEN", "IDN", "ITA"]


# The word lists split once: splitting them again for every sentence cost a tenth of generating the corpus.
_WORDS = {language: (TOPICS[language].split(), FILLER[language].split()) for language in TOPICS}


def _sentence(rng: random.Random, language: str, words: int) -> str:
    topic, filler = _WORDS[language]
    choice, draw = rng.choice, rng.random  # the same draws in the same order: the corpus is unchanged
    picked = [choice(topic) if draw() < 0.6 else choice(filler) for _ in range(words)]
    joiner = "" if language == "zh" else " "
    return joiner.join(picked)


def generate(path: Path, count: int, refs: dict[str, list[Any]]) -> None:
    """Write `count` resources as JSON Lines, the same every run."""
    rng = random.Random(SEED)
    languages = [code for code, weight in LANGUAGE_WEIGHTS for _ in range(weight)]
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            language = rng.choice(languages)
            record: dict[str, Any] = {
                "kind": rng.choice(KINDS),
                "external_id": f"bench-{number}",
                "title": _sentence(rng, language, rng.randint(4, 9)),
                "summary": _sentence(rng, language, rng.randint(15, 35)),
                "body": _sentence(rng, language, rng.randint(60, 160)),
                "language": language,
                "objectives": sorted(rng.sample(refs["objectives"], rng.randint(1, 3))),
                "principles": sorted(rng.sample(refs["principles"], rng.randint(0, 2))),
                "countries": sorted(rng.sample(COUNTRIES, rng.randint(0, 2))),
                "organizations": sorted(rng.sample(refs["organizations"], rng.randint(1, 2))),
                "published_on": (
                    datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3800))
                ).isoformat(),
                "status": "published",
            }
            if rng.random() < 0.3:
                other = "en" if language != "en" else rng.choice(["fr", "es"])
                record["translations"] = {
                    other: {
                        "title": _sentence(rng, other, rng.randint(4, 9)),
                        "summary": _sentence(rng, other, 20),
                    }
                }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def make_queries(count: int, refs: dict[str, list[Any]]) -> list[tuple[str, str]]:
    """(query, objective filter) pairs of 1-3 topic words in one language."""
    rng = random.Random(SEED + 1)
    languages = [code for code, weight in LANGUAGE_WEIGHTS for _ in range(weight)]
    queries = []
    for _ in range(count):
        topic = TOPICS[rng.choice(languages)].split()
        words = rng.sample(topic, rng.randint(1, 3))
        queries.append((" ".join(words), str(rng.choice(refs["objectives"]))))
    return queries


def summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    """p50/p95 of wall-clock and of CPU time (the machine may be shared; CPU time is steadier)."""
    wall = sorted(w for w, _c in samples)
    cpu = sorted(c for _w, c in samples)

    def p95(values: list[float]) -> float:
        return round(values[max(0, int(len(values) * 0.95) - 1)], 3)

    return {
        "p50_ms": round(statistics.median(wall), 3),
        "p95_ms": p95(wall),
        "cpu_p50_ms": round(statistics.median(cpu), 3),
        "cpu_p95_ms": p95(cpu),
    }


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_split_mb() -> dict[str, float]:
    """Resident memory now, split into the process's own (anonymous) pages and mapped files (the index,
    which the page cache shares between processes). Linux only; empty elsewhere."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return {}
    fields = dict(line.split(":", 1) for line in status.splitlines() if line.startswith("Rss"))
    return {name.lower(): round(int(value.split()[0]) / 1024, 1) for name, value in fields.items()}


# Raw tantivy: the same index and schema, the same engine queries, built directly from pre-analysed terms.


def raw_tantivy(
    index_path: Path, queries: list[tuple[str, str]], *, coordination: bool = True
) -> tuple[Callable[[int], Any], Callable[[int], Any]]:
    """Runners that call tantivy directly. With `coordination`, the query is the one the product builds
    (term queries on title and text, phrases for multi-term words, one constant clause per word) and facet
    counts leave out the facet's own filter, as the product's do; without, a plain OR of the terms and one
    aggregation over the filtered documents."""
    import tantivy

    from gcmhub.search import analysis
    from gcmhub.search.registry import FACETS, LANGUAGES

    index = tantivy.Index.open(str(index_path))
    schema = index.schema
    occur = tantivy.Occur
    # Analysis is done before timing: this measures the engine alone.
    analysed = [
        [
            (word, list(dict.fromkeys(tuple(analysis.query_terms(word, language)) for language in LANGUAGES)))
            for word in text.split()
        ]
        for text, _objective in queries
    ]

    def one(queries: list[Any]) -> Any:
        return (
            queries[0]
            if len(queries) == 1
            else tantivy.Query.boolean_query([(occur.Should, q) for q in queries])
        )

    def text_query(i: int, scoring: bool = True) -> Any:
        clauses = []
        for word, variants in analysed[i]:
            contains = []
            for terms in variants:
                if not terms:
                    continue
                if len(terms) == 1:
                    if scoring:
                        clauses.append((occur.Should, tantivy.Query.term_query(schema, "title", terms[0])))
                        clauses.append((occur.Should, tantivy.Query.term_query(schema, "text", terms[0])))
                    contains.append(tantivy.Query.term_query(schema, "terms", terms[0]))
                else:
                    phrase = tantivy.Query.phrase_query(schema, "text", list(terms))
                    if scoring:
                        clauses.append(
                            (occur.Should, tantivy.Query.phrase_query(schema, "title", list(terms)))
                        )
                        clauses.append((occur.Should, phrase))
                    contains.append(phrase)
            if not scoring:
                clauses += [(occur.Should, q) for q in contains]
            elif coordination and contains and not analysis.is_stopword(word):
                clauses.append((occur.Should, tantivy.Query.const_score_query(one(contains), 1000.0)))
        return tantivy.Query.boolean_query(clauses)

    def terms_agg(names: list[str]) -> dict[str, Any]:
        return {
            name: {"terms": {"field": "kind" if name == "kind" else f"f_{name}", "size": 300}}
            for name in names
        }

    def plain(i: int) -> Any:
        searcher = index.searcher()
        result = searcher.search(text_query(i), 20)
        return [searcher.doc(address) for _score, address in result.hits]

    def faceted(i: int) -> Any:
        searcher = index.searcher()
        objective = tantivy.Query.term_query(schema, "f_objective", queries[i][1])
        query = tantivy.Query.boolean_query([(occur.Must, text_query(i)), (occur.Must, objective)])
        result = searcher.search(query, 20)
        docs = [searcher.doc(address) for _score, address in result.hits]
        match = text_query(i, scoring=False)
        filtered = tantivy.Query.boolean_query([(occur.Must, match), (occur.Must, objective)])
        if not coordination:
            return docs, searcher.aggregate(filtered, terms_agg(list(FACETS)))
        others = searcher.aggregate(filtered, terms_agg([name for name in FACETS if name != "objective"]))
        return docs, others, searcher.aggregate(match, terms_agg(["objective"]))

    return plain, faceted


# SQLite FTS5 with bm25: what a typical Django site would build.


def build_fts5(db_path: Path, source: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(db_path)
    connection.executescript(
        """
        CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2');
        CREATE TABLE facets (doc INTEGER, name TEXT, value TEXT);
        """
    )
    with source.open(encoding="utf-8") as lines:
        batch: list[tuple[int, dict[str, Any]]] = []
        for rowid, line in enumerate(lines, start=1):
            batch.append((rowid, json.loads(line)))
            if len(batch) == 5000:
                _insert_fts5(connection, batch)
                batch = []
        _insert_fts5(connection, batch)
    connection.executescript(
        "CREATE INDEX facets_doc ON facets(doc); CREATE INDEX facets_nv ON facets(name, value);"
    )
    connection.commit()
    return connection


def _insert_fts5(connection: sqlite3.Connection, batch: list[tuple[int, dict[str, Any]]]) -> None:
    rows, facet_rows = [], []
    for rowid, record in batch:
        translated = " ".join(" ".join(t.values()) for t in record.get("translations", {}).values())
        rows.append((rowid, record["title"], f"{record['summary']} {record['body']} {translated}"))
        values = {
            "kind": [record["kind"]],
            "objective": [str(o) for o in record["objectives"]],
            "principle": record["principles"],
            "country": record["countries"],
            "organization": record["organizations"],
            "language": [record["language"], *record.get("translations", {})],
            "year": [record["published_on"][:4]],
        }
        facet_rows += [(rowid, name, value) for name, vs in values.items() for value in vs]
    connection.executemany("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)", rows)
    connection.executemany("INSERT INTO facets VALUES (?, ?, ?)", facet_rows)


def fts5_runners(
    connection: sqlite3.Connection, queries: list[tuple[str, str]]
) -> tuple[Callable[[int], Any], Callable[[int], Any]]:
    def match(i: int) -> str:
        # User words are quoted, never passed raw to MATCH.
        return " OR ".join('"' + word.replace('"', '""') + '"' for word in queries[i][0].split())

    def plain(i: int) -> Any:
        return connection.execute(
            "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs "
            "WHERE docs MATCH ? ORDER BY bm25(docs, 3.0, 1.0) LIMIT 20",
            (match(i),),
        ).fetchall()

    def faceted(i: int) -> Any:
        # The full-text match runs once and is materialized before the facet joins: written the other way
        # round (MATCH ... AND rowid IN (facet subquery)) SQLite re-runs the match per row, 100x slower.
        ids = [
            doc
            for (doc,) in connection.execute(
                "WITH hits AS MATERIALIZED ("
                " SELECT rowid AS doc, bm25(docs, 3.0, 1.0) AS score FROM docs WHERE docs MATCH ?) "
                "SELECT hits.doc FROM hits JOIN facets f ON f.doc = hits.doc "
                "WHERE f.name = 'objective' AND f.value = ? ORDER BY hits.score LIMIT 20",
                (match(i), queries[i][1]),
            )
        ]
        hits = connection.execute(
            "SELECT rowid, title, snippet(docs, 1, '<mark>', '</mark>', '…', 20) FROM docs "
            f"WHERE docs MATCH ? AND rowid IN ({','.join('?' * len(ids))})",
            (match(i), *ids),
        ).fetchall()
        counts = connection.execute(
            "WITH hits AS MATERIALIZED (SELECT rowid AS doc FROM docs WHERE docs MATCH ?), "
            "filtered AS MATERIALIZED (SELECT hits.doc FROM hits JOIN facets f ON f.doc = hits.doc "
            " WHERE f.name = 'objective' AND f.value = ?) "
            "SELECT name, value, count(*) FROM facets WHERE doc IN filtered GROUP BY name, value",
            (match(i), queries[i][1]),
        ).fetchall()
        return hits, counts

    return plain, faceted


def progress(message: str) -> None:
    """One line per stage on stderr, so a long run shows where it is; stdout stays one JSON object."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(runner: Callable[[int], Any], count: int) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) per query, after a warm-up."""
    for i in range(min(20, count)):
        runner(i)
    samples = []
    for i in range(count):
        wall, cpu = time.perf_counter(), time.process_time()
        runner(i)
        samples.append(((time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument(
        "--fts5-queries", type=int, default=None, help="Run only the first N queries on FTS5 (it is slow)."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temporary data directory.")
    parser.add_argument("--no-rebuild", action="store_true", help="Skip timing `gcmhub rebuild_index`.")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gcmhub-bench-search-"))
    # Settings read the environment once, at django.setup(): a private data directory and database.
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "gcmhub.config.settings",
            "GCMHUB_DATA_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "SECRET_KEY": "bench-only",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from gcmhub.knowledge.models import Resource
    from gcmhub.reference.models import GuidingPrinciple, Objective, Organization
    from gcmhub.search import service
    from gcmhub.search.backends import get_backend

    try:
        call_command("migrate", verbosity=0)
        call_command("load_reference", verbosity=0)
        refs: dict[str, list[Any]] = {
            "objectives": sorted(Objective.objects.values_list("number", flat=True)),
            "principles": sorted(GuidingPrinciple.objects.values_list("slug", flat=True)),
            "organizations": sorted(
                Organization.objects.filter(kind=Organization.Kind.UN_ENTITY).values_list(
                    "acronym", flat=True
                )
            )[:40],
        }
        progress(f"generating {args.docs} documents")
        corpus = workdir / "corpus.jsonl"
        generate(corpus, args.docs, refs)
        rss_before_import = peak_rss_mb()

        progress("importing and indexing")
        started = time.perf_counter()
        call_command("import_resources", str(corpus), verbosity=0)
        call_command("sync_index", stdout=io.StringIO())  # whatever the import left queued
        import_and_index = time.perf_counter() - started
        backend = get_backend()
        indexed = backend.count()
        assert Resource.objects.count() == args.docs, "the import did not create every resource"
        rss_after_index = peak_rss_mb()

        rebuild_seconds = None
        if not args.no_rebuild:
            progress("rebuilding the index")
            started = time.perf_counter()
            call_command("rebuild_index", stdout=io.StringIO())
            rebuild_seconds = round(time.perf_counter() - started, 1)

        queries = make_queries(args.queries, refs)

        def product_plain(i: int) -> Any:
            return service.search(service.request_for(queries[i][0], with_facets=False))

        def product_faceted(i: int) -> Any:
            return service.search(service.request_for(queries[i][0], filters={"objective": [queries[i][1]]}))

        progress(f"{len(queries)} queries through the product, then raw tantivy")
        product = {
            "plain": measure(product_plain, len(queries)),
            "faceted": measure(product_faceted, len(queries)),
        }
        raw_plain, raw_faceted = raw_tantivy(backend.path / "index", queries)
        raw = {"plain": measure(raw_plain, len(queries)), "faceted": measure(raw_faceted, len(queries))}
        or_plain, or_faceted = raw_tantivy(backend.path / "index", queries, coordination=False)
        raw_or = {"plain": measure(or_plain, len(queries)), "faceted": measure(or_faceted, len(queries))}
        rss_after_queries = peak_rss_mb()
        rss_split_after_queries = rss_split_mb()

        progress("building the SQLite FTS5 baseline")
        fts = build_fts5(workdir / "fts5.sqlite3", corpus)
        fts_plain, fts_faceted = fts5_runners(fts, queries)
        fts_count = min(len(queries), args.fts5_queries or len(queries))
        progress(f"{fts_count} queries on FTS5")
        fts5 = {"plain": measure(fts_plain, fts_count), "faceted": measure(fts_faceted, fts_count)}

        results: dict[str, Any] = {
            "docs": args.docs,
            "indexed": indexed,
            "queries": len(queries),
            "fts5_queries": fts_count,
            "import_and_index_seconds": round(import_and_index, 1),
            "rebuild_index_seconds": rebuild_seconds,
            "product": {mode: summary(samples) for mode, samples in product.items()},
            "tantivy_raw": {mode: summary(samples) for mode, samples in raw.items()},
            "tantivy_raw_plain_or": {mode: summary(samples) for mode, samples in raw_or.items()},
            "sqlite_fts5_bm25": {mode: summary(samples) for mode, samples in fts5.items()},
            "peak_rss_mb": {
                "before_import": rss_before_import,
                "after_import_and_index": rss_after_index,
                "after_product_and_raw_queries": rss_after_queries,
                "end_incl_fts5_baseline": peak_rss_mb(),
            },
            "rss_now_after_product_and_raw_queries_mb": rss_split_after_queries,
        }
        ratios: dict[str, Any] = {}
        for mode in ("plain", "faceted"):
            p95 = results["product"][mode]["p95_ms"]
            cpu_p95 = results["product"][mode]["cpu_p95_ms"]
            ratios[mode] = {
                "product_p95_over_raw_p95": round(p95 / results["tantivy_raw"][mode]["p95_ms"], 2),
                "product_cpu_p95_over_raw_cpu_p95": round(
                    cpu_p95 / results["tantivy_raw"][mode]["cpu_p95_ms"], 2
                ),
                "product_p95_over_plain_or_p95": round(
                    p95 / results["tantivy_raw_plain_or"][mode]["p95_ms"], 2
                ),
                "fts5_p95_over_product_p95": round(results["sqlite_fts5_bm25"][mode]["p95_ms"] / p95, 1),
            }
        results["ratios"] = ratios
        results["targets"] = {
            "p95_within_2x_of_raw_tantivy": all(r["product_p95_over_raw_p95"] <= 2 for r in ratios.values()),
            "p95_10x_below_fts5": all(r["fts5_p95_over_product_p95"] >= 10 for r in ratios.values()),
            "import_and_index_within_180_s": import_and_index <= 180,
            "peak_memory_under_1_5_gb": rss_after_queries < 1536,
        }
        print(json.dumps(results, indent=2))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
