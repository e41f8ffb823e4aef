"""The default engine: tantivy (BM25, fast fields for facets and date sort), embedded, on this node's disk.

Text is analysed by our analyzers and indexed pre-analysed: every language has a title field and a text
field (summary and body) holding space-separated index terms, tokenized by tantivy's whitespace tokenizer.
A query term becomes one sub-query per language, analysed as that language's fields are.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import threading
from collections.abc import Iterable, Sized
from pathlib import Path
from typing import Any

import tantivy

from gcmhub.search import analysis
from gcmhub.search.backends.base import (
    Capability,
    ResultPage,
    SearchBackend,
    SearchRequest,
    Sort,
    StoredHit,
)
from gcmhub.search.query import ParsedQuery, Term
from gcmhub.search.registry import DOCUMENT_FACETS, FACETS, LANGUAGES, SearchDocument

SCHEMA_VERSION = 1
TITLE_BOOST = 2.0
TIE_BREAKER = 0.1
# Added once per matched group of the query: far above any BM25 sum, so more matched words rank first.
COORDINATION = 1000.0
MAX_ANALYSED_CHARS = 200_000  # per field; attachment text beyond this is not searched
SUMMARY_CHARS = 600
BODY_CHARS = 1500
WRITER_HEAP = 128_000_000
BULK_DOCS = 1000  # more documents than this in one call are indexed with several threads


# Facet codes that can go into an aggregation filter as quoted values of tantivy's query syntax.
_QUOTABLE = re.compile(r'^[^"\\]+$')


def _filter_string(filters: dict[str, tuple[str, ...]]) -> str:
    """An aggregation filter in tantivy's query syntax; every value is quoted (and checked by _QUOTABLE)."""
    clauses = []
    for name, values in filters.items():
        quoted = " ".join('"' + value + '"' for value in values)
        clauses.append(f"{facet_field(name)}:IN [{quoted}]")
    return " AND ".join(clauses)


def facet_field(name: str) -> str:
    return "kind" if name == "kind" else f"f_{name}"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    for name in FACETS:
        builder.add_text_field(facet_field(name), fast=True, tokenizer_name="raw")
    builder.add_integer_field("date", fast=True, indexed=True)
    for language in LANGUAGES:
        builder.add_text_field(f"title_{language}", tokenizer_name="whitespace")
        builder.add_text_field(f"text_{language}", tokenizer_name="whitespace")
    builder.add_text_field("suggest", tokenizer_name="whitespace")
    builder.add_bytes_field("payload", stored=True)
    return builder.build()


def _analysis_language(language: str) -> str:
    return language if language in LANGUAGES else "en"


def _texts_by_language(doc: SearchDocument) -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {}
    versions = [(doc.language, {"title": doc.title, "summary": doc.summary, "body": doc.body})]
    versions += list(doc.translations.items())
    for language, fields in versions:
        target = texts.setdefault(language, {"title": "", "summary": "", "body": ""})
        for name in ("title", "summary", "body"):
            value = (fields.get(name) or "").strip()
            if value:
                target[name] = f"{target[name]}\n{value}" if target[name] else value
    return texts


def facet_values(doc: SearchDocument) -> dict[str, list[str]]:
    """The document's facet values, de-duplicated; year and language are derived when not given."""
    values = {
        name: list(dict.fromkeys(str(v) for v in doc.facets.get(name, []) if str(v)))
        for name in DOCUMENT_FACETS
    }
    if not values["year"] and doc.date:
        values["year"] = [str(doc.date.year)]
    if not values["language"]:
        values["language"] = list(dict.fromkeys([doc.language, *doc.translations]))
    values["kind"] = [doc.kind]
    return values


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    fields: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "date": doc.date.toordinal() if doc.date else 0,
    }
    for name, values in facet_values(doc).items():
        if values:
            fields[facet_field(name)] = values
    texts = _texts_by_language(doc)
    suggest: list[str] = []
    for language, parts in texts.items():
        analysed = _analysis_language(language)
        title = parts["title"][:MAX_ANALYSED_CHARS]
        text = f"{parts['summary']}\n{parts['body']}"[:MAX_ANALYSED_CHARS]
        fields[f"title_{analysed}"] = " ".join(
            filter(None, [fields.get(f"title_{analysed}", ""), analysis.index_terms(title, analysed)])
        )
        fields[f"text_{analysed}"] = " ".join(
            filter(None, [fields.get(f"text_{analysed}", ""), analysis.index_terms(text, analysed)])
        )
        suggest.extend(analysis.suggest_terms(title))
    fields["suggest"] = " ".join(suggest)
    payload = {
        "k": doc.kind,
        "u": doc.url,
        "d": doc.date.isoformat() if doc.date else None,
        "l": doc.language,
        "t": {language: parts["title"] for language, parts in texts.items() if parts["title"]},
        "s": {
            language: parts["summary"][:SUMMARY_CHARS]
            for language, parts in texts.items()
            if parts["summary"]
        },
        "b": {language: parts["body"][:BODY_CHARS] for language, parts in texts.items() if parts["body"]},
    }
    fields["payload"] = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    return tantivy.Document(**fields)


def stored_hit(document: tantivy.Document, score: float | None) -> StoredHit:
    payload = json.loads(document.get_first("payload"))
    return StoredHit(
        doc_id=document.get_first("doc_id"),
        kind=payload["k"],
        url=payload["u"],
        date=datetime.date.fromisoformat(payload["d"]) if payload["d"] else None,
        language=payload["l"],
        titles=payload["t"],
        summaries=payload["s"],
        bodies=payload["b"],
        score=score,
    )


class TantivyBackend(SearchBackend):
    name = "tantivy"
    capabilities = frozenset(Capability)

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._open_lock = threading.Lock()

    # Storage

    @property
    def _index_dir(self) -> Path:
        return self.path / "index"

    def _version_ok(self) -> bool:
        try:
            return json.loads((self.path / "schema.json").read_text()).get("version") == SCHEMA_VERSION
        except (FileNotFoundError, ValueError):
            return False

    def exists(self) -> bool:
        return (self._index_dir / "meta.json").exists() and self._version_ok()

    def _open(self, *, create: bool) -> tantivy.Index | None:
        if self._index is not None:
            return self._index
        with self._open_lock:
            if self._index is None:
                if not self.exists():
                    if not create:
                        return None
                    # A missing or older index is started afresh; `rebuild_index` fills it.
                    shutil.rmtree(self._index_dir, ignore_errors=True)
                    (self.path / "cursor.json").unlink(missing_ok=True)
                    self._index_dir.mkdir(parents=True, exist_ok=True)
                    (self.path / "schema.json").write_text(json.dumps({"version": SCHEMA_VERSION}))
                self._index = tantivy.Index(self.schema, path=str(self._index_dir), reuse=True)
        return self._index

    def _writer(self, *, bulk: bool = False) -> tantivy.IndexWriter:
        index = self._open(create=True)
        assert index is not None
        # One indexing thread commits small changes fastest; bulk loads use a few.
        threads = max(1, min(4, os.cpu_count() or 1)) if bulk else 1
        return index.writer(heap_size=WRITER_HEAP, num_threads=threads)

    def _finish(self, writer: tantivy.IndexWriter) -> None:
        writer.commit()
        # Merge small segments now, so many small updates do not slow searches down.
        writer.wait_merging_threads()
        if self._index is not None:
            self._index.reload()

    def index(self, docs: Iterable[SearchDocument]) -> int:
        writer = self._writer(bulk=not isinstance(docs, Sized) or len(docs) > BULK_DOCS)
        count = 0
        for doc in docs:
            writer.delete_documents_by_term("doc_id", doc.doc_id)
            writer.add_document(to_tantivy(doc))
            count += 1
        self._finish(writer)
        return count

    def delete(self, doc_ids: Iterable[str]) -> int:
        writer = self._writer()
        count = 0
        for doc_id in doc_ids:
            writer.delete_documents_by_term("doc_id", doc_id)
            count += 1
        self._finish(writer)
        return count

    def replace_all(self, docs: Iterable[SearchDocument]) -> int:
        # One commit: searchers see the old content until the new one is complete.
        writer = self._writer(bulk=True)
        writer.delete_all_documents()
        count = 0
        for doc in docs:
            writer.add_document(to_tantivy(doc))
            count += 1
        self._finish(writer)
        return count

    def reset(self) -> None:
        writer = self._writer()
        writer.delete_all_documents()
        self._finish(writer)

    def refresh(self) -> None:
        index = self._open(create=False)
        if index is not None:
            index.reload()

    def count(self) -> int:
        index = self._open(create=False)
        return 0 if index is None else int(index.searcher().num_docs)

    def close(self) -> None:
        self._index = None

    # Queries

    def _fields_query(self, title_query: tantivy.Query, text_query: tantivy.Query) -> tantivy.Query:
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should, tantivy.Query.boost_query(title_query, TITLE_BOOST)),
                (tantivy.Occur.Should, text_query),
            ]
        )

    def term_query(self, term: Term) -> tantivy.Query | None:
        """One query term matched in every language's fields, each analysed as that language."""
        per_language: list[tantivy.Query] = []
        seen: set[tuple[str, ...]] = set()
        for language in LANGUAGES:
            title, text = f"title_{language}", f"text_{language}"
            forms = analysis.prefix_forms(term.text, language) if term.prefix else []
            if forms:
                queries = [
                    self._fields_query(
                        tantivy.Query.phrase_prefix_query(self.schema, title, [form]),
                        tantivy.Query.phrase_prefix_query(self.schema, text, [form]),
                    )
                    for form in forms
                ]
                per_language.append(
                    queries[0]
                    if len(queries) == 1
                    else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
                )
                continue
            terms = analysis.query_terms(term.text, language)
            if not terms:
                continue
            key = (language, *terms)
            if key in seen:
                continue
            seen.add(key)
            if len(terms) == 1:
                per_language.append(
                    self._fields_query(
                        tantivy.Query.term_query(self.schema, title, terms[0]),
                        tantivy.Query.term_query(self.schema, text, terms[0]),
                    )
                )
            else:
                per_language.append(
                    self._fields_query(
                        tantivy.Query.phrase_query(self.schema, title, terms),
                        tantivy.Query.phrase_query(self.schema, text, terms),
                    )
                )
        if not per_language:
            return None
        if len(per_language) == 1:
            return per_language[0]
        return tantivy.Query.disjunction_max_query(per_language, TIE_BREAKER)

    def compile(self, parsed: ParsedQuery, *, scoring: bool = True) -> tantivy.Query | None:
        """The engine query for a parsed user query; None when nothing in it can match."""
        if parsed.is_empty:
            return tantivy.Query.all_query()
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        positive = False
        for group in parsed.groups:
            alternatives = [q for q in (self.term_query(term) for term in group) if q is not None]
            if not alternatives:
                continue
            positive = True
            group_query = (
                alternatives[0]
                if len(alternatives) == 1
                else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in alternatives])
            )
            if all(term.phrase for term in group):
                clauses.append((tantivy.Occur.Must, group_query))
                continue
            clauses.append((tantivy.Occur.Should, group_query))
            if scoring and not all(analysis.is_stopword(term.text) for term in group):
                clauses.append(
                    (tantivy.Occur.Should, tantivy.Query.const_score_query(group_query, COORDINATION))
                )
        if not positive:
            return None
        for term in parsed.excluded:
            excluded = self.term_query(term)
            if excluded is not None:
                clauses.append((tantivy.Occur.MustNot, excluded))
        return tantivy.Query.boolean_query(clauses)

    def _filtered(self, query: tantivy.Query, filters: dict[str, tuple[str, ...]]) -> tantivy.Query:
        active = [(name, values) for name, values in filters.items() if values]
        if not active:
            return query
        clauses = [(tantivy.Occur.Must, query)]
        for name, values in active:
            clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.term_set_query(self.schema, facet_field(name), list(values)),
                )
            )
        return tantivy.Query.boolean_query(clauses)

    def search(self, request: SearchRequest) -> ResultPage:
        index = self._open(create=False)
        query = self.compile(request.query)
        if index is None or query is None:
            return ResultPage(hits=[], total=0, facets={})
        filters = {name: tuple(values) for name, values in request.filters.items()}
        searcher = index.searcher()
        full = self._filtered(query, filters)
        if request.sort == Sort.DATE:
            result = searcher.search(
                full,
                request.limit,
                count=True,
                order_by_field="date",
                offset=request.offset,
                order=tantivy.Order.Desc,
            )
            hits = [stored_hit(searcher.doc(address), None) for _value, address in result.hits]
        else:
            result = searcher.search(full, request.limit, count=True, offset=request.offset)
            hits = [stored_hit(searcher.doc(address), float(score)) for score, address in result.hits]
        facets = self._facets(searcher, request, filters) if request.with_facets else {}
        return ResultPage(hits=hits, total=int(result.count), facets=facets)

    def _facets(
        self, searcher: tantivy.Searcher, request: SearchRequest, filters: dict[str, tuple[str, ...]]
    ) -> dict[str, list[tuple[str, int]]]:
        match = self.compile(request.query, scoring=False)
        assert match is not None
        active = {name: values for name, values in filters.items() if values}
        terms = {name: {"terms": {"field": facet_field(name), "size": request.facet_size}} for name in FACETS}
        if any(not _QUOTABLE.match(value) for values in active.values() for value in values):
            return self._facets_in_passes(searcher, match, active, terms)
        # One pass over the documents matching the words: each facet is counted inside a filter bucket
        # holding the other facets' filters, so a facet's own filter does not hide its other values.
        aggregations: dict[str, Any] = {}
        unfiltered = {name: terms[name] for name in FACETS if name not in active}
        if unfiltered:
            if active:
                aggregations["_all"] = {"filter": _filter_string(active), "aggs": unfiltered}
            else:
                aggregations.update(unfiltered)
        for name in active:
            others = {other: values for other, values in active.items() if other != name}
            if others:
                aggregations[f"_{name}"] = {"filter": _filter_string(others), "aggs": {name: terms[name]}}
            else:
                aggregations[name] = terms[name]
        result = searcher.aggregate(match, aggregations)
        counts: dict[str, list[tuple[str, int]]] = {}
        for name in FACETS:
            if name in result:
                found = result[name]
            else:
                found = result.get(f"_{name}", result.get("_all", {})).get(name, {})
            counts[name] = [(str(b["key"]), int(b["doc_count"])) for b in found.get("buckets", [])]
        return counts

    def _facets_in_passes(
        self,
        searcher: tantivy.Searcher,
        match: tantivy.Query,
        active: dict[str, tuple[str, ...]],
        terms: dict[str, Any],
    ) -> dict[str, list[tuple[str, int]]]:
        """Facet counts with one aggregation per filtered facet (for values that cannot be quoted)."""
        passes: list[tuple[list[str], dict[str, tuple[str, ...]]]] = []
        unfiltered = [name for name in FACETS if name not in active]
        if unfiltered:
            passes.append((unfiltered, active))
        for name in active:
            passes.append(([name], {other: v for other, v in active.items() if other != name}))
        counts: dict[str, list[tuple[str, int]]] = {}
        for names, filters in passes:
            result = searcher.aggregate(self._filtered(match, filters), {name: terms[name] for name in names})
            for name in names:
                buckets = result.get(name, {}).get("buckets", [])
                counts[name] = [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets]
        return counts

    def suggest(self, prefix: str, limit: int) -> list[StoredHit]:
        index = self._open(create=False)
        words = analysis.suggest_terms(prefix)
        if index is None or not words or limit <= 0:
            return []
        clauses = [
            (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "suggest", word))
            for word in words[:-1]
        ]
        clauses.append(
            (tantivy.Occur.Must, tantivy.Query.phrase_prefix_query(self.schema, "suggest", [words[-1]]))
        )
        searcher = index.searcher()
        result = searcher.search(tantivy.Query.boolean_query(clauses), limit, count=False)
        return [stored_hit(searcher.doc(address), float(score)) for score, address in result.hits]
