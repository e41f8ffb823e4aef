"""The default engine: tantivy (BM25, fast fields for facets and date sort), embedded, on this node's disk.

Text is analysed by our analyzers and indexed pre-analysed: the original and every translation, each analysed
in its own language, go into one title field and one text field (title, summary and body) as space-separated
index terms, tokenized by tantivy's whitespace tokenizer; a third field holds each distinct term once. A query
term is analysed as each language would analyse it, and every distinct result is searched.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import threading
from collections.abc import Iterable, Sequence, Sized
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
from gcmhub.search.registry import (
    DOCUMENT_FACETS,
    FACETS,
    LANGUAGES,
    SearchDocument,
    doc_id_of_key,
    fingerprint,
    numeric_key,
)

SCHEMA_VERSION = 8
# Added once per matched group of the query's words: far above any BM25 sum, so more matched words rank first.
COORDINATION = 1000.0
MAX_ANALYSED_CHARS = 200_000  # per field; attachment text beyond this is not searched
SUMMARY_CHARS = 600
BODY_CHARS = 1500
WRITER_HEAP = 128_000_000
BULK_DOCS = 1000  # more documents than this in one call are indexed with several threads
TOTAL = "_total"  # the aggregation that counts the matches (no facet has this name)
# Each document falls in one of these buckets by a digest of its id; a facet sample is a run of buckets.
SAMPLE_BUCKETS = 1024
# Facets of a search matching more documents than this are counted on a sample of about this many matches
# and scaled up, marked approximate: counting every match would cost several times the hits.
EXACT_FACETS_UP_TO = 20_000


def _any(queries: list[tantivy.Query]) -> tantivy.Query:
    return (
        queries[0]
        if len(queries) == 1
        else tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])
    )


def _count(result: tantivy.SearchResult) -> int:
    # The bindings set `count` when searching with count=True; their type stubs do not declare it.
    return int(result.count)  # type: ignore[attr-defined]


def _only_function_words(group: tuple[Term, ...]) -> bool:
    return all(not term.phrase and not term.prefix and analysis.is_stopword(term.text) for term in group)


def _matching_groups(parsed: ParsedQuery) -> tuple[tuple[Term, ...], ...]:
    """The query's groups that decide what matches: function words ("de" in "transferts de fonds") would
    match nearly every document of their language, so they count only when the query has nothing else."""
    content = tuple(group for group in parsed.groups if not _only_function_words(group))
    return content or parsed.groups


def facet_field(name: str) -> str:
    return "kind" if name == "kind" else f"f_{name}"


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    # The doc_id as a number (registry.numeric_key): ranking a pool of hits reads it, not stored documents.
    builder.add_integer_field("key", fast=True)
    # Which version of the document this is: `gcmhub check_index` compares it with the database.
    builder.add_text_field("fingerprint", stored=True, index_option="basic", tokenizer_name="raw")
    for name in FACETS:
        builder.add_text_field(facet_field(name), fast=True, tokenizer_name="raw")
    builder.add_integer_field("date", fast=True, indexed=True)
    builder.add_integer_field("sample", fast=True)
    builder.add_text_field("title", tokenizer_name="whitespace")
    builder.add_text_field("text", tokenizer_name="whitespace")
    # Each distinct term once, without frequencies or positions: the cheap "does it contain" test.
    builder.add_text_field("terms", tokenizer_name="whitespace", index_option="basic")
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


def sample_bucket(doc_id: str) -> int:
    """The document's sample bucket: stable, and spread evenly whatever the ids look like."""
    digest = hashlib.blake2b(doc_id.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % SAMPLE_BUCKETS


def sample_buckets(matches: int, exact_up_to: int) -> int | None:
    """How many buckets a facet sample of `matches` documents takes (None: count them all)."""
    if matches <= exact_up_to:
        return None
    return max(1, -(-SAMPLE_BUCKETS * exact_up_to // matches))


def to_tantivy(doc: SearchDocument) -> tantivy.Document:
    fields: dict[str, Any] = {
        "doc_id": doc.doc_id,
        "key": numeric_key(doc.doc_id),
        "fingerprint": fingerprint(doc),
        "date": doc.date.toordinal() if doc.date else 0,
        "sample": sample_bucket(doc.doc_id),
    }
    for name, values in facet_values(doc).items():
        if values:
            fields[facet_field(name)] = values
    texts = _texts_by_language(doc)
    titles: list[str] = []
    bodies: list[str] = []
    suggest: list[str] = []
    for language, parts in texts.items():
        analysed = _analysis_language(language)
        titles.append(analysis.index_terms(parts["title"][:MAX_ANALYSED_CHARS], analysed))
        text = f"{parts['title']}\n{parts['summary']}\n{parts['body']}"[:MAX_ANALYSED_CHARS]
        bodies.append(analysis.index_terms(text, analysed))
        suggest.extend(analysis.suggest_terms(parts["title"]))
    fields["title"] = titles
    fields["text"] = bodies
    fields["terms"] = " ".join({term for body in bodies for term in body.split(" ") if term})
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
    payload = json.loads(document.get_first("payload") or b"{}")
    return StoredHit(
        doc_id=str(document.get_first("doc_id")),
        kind=payload["k"],
        url=payload["u"],
        date=datetime.date.fromisoformat(payload["d"]) if payload["d"] else None,
        language=payload["l"],
        titles=payload["t"],
        summaries=payload["s"],
        bodies=payload["b"],
        score=score,
    )


Scored = Sequence[tuple[float, tantivy.DocAddress]]


def bare_hits(searcher: tantivy.Searcher, scored: Scored) -> list[StoredHit]:
    """Ids and scores alone, from the `key` fast field: a stored document (a block of the store to
    decompress) is read only for an id that has no key."""
    keys = searcher.fast_field_values("key", [address for _score, address in scored])
    hits = []
    for (score, address), key in zip(scored, keys, strict=True):
        doc_id = doc_id_of_key(int(key)) if key else None
        if doc_id is None:
            doc_id = str(searcher.doc(address).get_first("doc_id"))
        hits.append(StoredHit.bare(doc_id, float(score)))
    return hits


class TantivyBackend(SearchBackend):
    name = "tantivy"
    capabilities = frozenset(Capability)

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.schema = build_schema()
        self._index: tantivy.Index | None = None
        self._open_lock = threading.Lock()
        self._generation: str | None = None  # the last generation this process's searchers were sure to see
        self.exact_facets_up_to = EXACT_FACETS_UP_TO  # tests lower it to see sampling on a small index

    # Storage

    @property
    def _index_dir(self) -> Path:
        return self.path / "index"

    def _version_ok(self) -> bool:
        try:
            schema: dict[str, object] = json.loads((self.path / "schema.json").read_text())
            return schema.get("version") == SCHEMA_VERSION
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

    def fingerprints(self) -> dict[str, str]:
        index = self._open(create=False)
        if index is None:
            return {}
        searcher = index.searcher()
        if not searcher.num_docs:
            return {}
        held: dict[str, str] = {}
        result = searcher.search(tantivy.Query.all_query(), searcher.num_docs, count=False)
        for _score, address in result.hits:
            document = searcher.doc(address)
            held[str(document.get_first("doc_id"))] = str(document.get_first("fingerprint") or "")
        return held

    def close(self) -> None:
        self._index = None
        self._generation = None

    def generation(self) -> str | None:
        index = self._open(create=False)
        if index is None:
            return None
        try:
            meta = (self._index_dir / "meta.json").read_bytes()
        except FileNotFoundError:
            return None
        # meta.json names the committed segments (random ids) and the commit's opstamp: it changes with every
        # commit and is never the same for two indexes.
        generation = hashlib.blake2b(meta, digest_size=16).hexdigest()
        if generation != self._generation:
            # Searchers follow other processes' commits after a delay: reload now, so that what is cached
            # under this generation comes from it (or a newer one), never from an older one.
            index.reload()
            self._generation = generation
        return generation

    # Queries

    def term_queries(self, term: Term) -> tuple[list[tantivy.Query], list[tantivy.Query]]:
        """For one query term: scored queries (title and text) and unscored "contains" queries.

        The term is analysed as each language would analyse it; identical results are searched once.
        """
        if term.facet:
            if term.facet not in FACETS:
                return [], []
            tagged = tantivy.Query.term_query(self.schema, facet_field(term.facet), term.text)
            return [tagged], [tagged]
        scored: list[tantivy.Query] = []
        contains: list[tantivy.Query] = []
        if term.prefix:
            forms = list(
                dict.fromkeys(
                    form for language in LANGUAGES for form in analysis.prefix_forms(term.text, language)
                )
            )
            for form in forms:
                scored.append(tantivy.Query.phrase_prefix_query(self.schema, "title", [form]))
                text = tantivy.Query.phrase_prefix_query(self.schema, "text", [form])
                scored.append(text)
                contains.append(text)
            if forms:
                return scored, contains
        variants = dict.fromkeys(tuple(analysis.query_terms(term.text, language)) for language in LANGUAGES)
        for terms in variants:
            if not terms:
                continue
            if len(terms) == 1:
                scored.append(tantivy.Query.term_query(self.schema, "title", terms[0]))
                scored.append(tantivy.Query.term_query(self.schema, "text", terms[0]))
                contains.append(tantivy.Query.term_query(self.schema, "terms", terms[0]))
            else:
                scored.append(tantivy.Query.phrase_query(self.schema, "title", list(terms)))
                text = tantivy.Query.phrase_query(self.schema, "text", list(terms))
                scored.append(text)
                contains.append(text)
        return scored, contains

    def compile(self, parsed: ParsedQuery, *, scoring: bool = True) -> tantivy.Query | None:
        """The engine query for a parsed user query; None when nothing in it can match.

        Flat on purpose (tantivy evaluates flat disjunctions fastest): every scored query of every group is
        one clause, and each group adds one constant "coordination" clause when the document contains it at
        all, far above any BM25 sum, so documents with more of the query's words rank first. Groups made
        only of phrases are required; exclusions are removed; a group of function words only ("de", "the")
        is left out when the query has other words, so a document matching only function words is not a
        match. Without `scoring`, the cheaper "contains" queries give the same matching documents.
        """
        if parsed.is_empty:
            return tantivy.Query.all_query()
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for group in _matching_groups(parsed):
            scored, contains = self._group_queries(group)
            if not scored:
                continue
            if all(term.phrase for term in group):
                clauses.append((tantivy.Occur.Must, _any(scored if scoring else contains)))
            elif not scoring:
                clauses += [(tantivy.Occur.Should, query) for query in contains]
            else:
                clauses += [(tantivy.Occur.Should, query) for query in scored]
                if not all(analysis.is_stopword(term.text) for term in group):
                    coordination = tantivy.Query.const_score_query(_any(contains), COORDINATION)
                    clauses.append((tantivy.Occur.Should, coordination))
        if not clauses:
            return None
        for term in parsed.excluded:
            _scored, contains = self.term_queries(term)
            clauses += [(tantivy.Occur.MustNot, query) for query in contains]
        return tantivy.Query.boolean_query(clauses)

    def every_word_score(self, query: ParsedQuery) -> float | None:
        """Each group of words that `compile` scores adds COORDINATION once when matched, and BM25 stays far
        below it: a hit having every word scores at least COORDINATION times the number of such groups."""
        if query.is_empty:
            return None
        coordinated = [
            group
            for group in _matching_groups(query)
            if not all(term.phrase for term in group)  # phrase groups are required anyway
            and not all(analysis.is_stopword(term.text) for term in group)
            and self._group_queries(group)[0]
        ]
        return COORDINATION * len(coordinated)

    def _group_queries(self, group: tuple[Term, ...]) -> tuple[list[tantivy.Query], list[tantivy.Query]]:
        scored: list[tantivy.Query] = []
        contains: list[tantivy.Query] = []
        for term in group:
            more_scored, more_contains = self.term_queries(term)
            scored += more_scored
            contains += more_contains
        return scored, contains

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
        total = request.known_total
        hits: list[StoredHit] = []
        if request.with_hits or total is None:
            hits, counted = self._hits(searcher, self._filtered(query, filters), request, count=total is None)
            total = counted if total is None else total
        facets: dict[str, list[tuple[str, int]]] = {}
        approximate = False
        if request.with_facets:
            facets, approximate = self._facets(searcher, request, filters, total or 0)
        return ResultPage(
            hits=hits if request.with_hits else [],
            total=total or 0,
            facets=facets,
            facets_approximate=approximate,
        )

    def _hits(
        self, searcher: tantivy.Searcher, query: tantivy.Query, request: SearchRequest, *, count: bool
    ) -> tuple[list[StoredHit], int | None]:
        """The requested page of hits and, if `count`, the number of matches (without, tantivy can skip
        documents that cannot reach the page)."""
        limit = request.limit if request.with_hits else 1  # tantivy refuses a limit of 0
        if request.sort == Sort.DATE:
            result = searcher.search(
                query,
                limit,
                count=count,
                order_by_field="date",
                offset=request.offset,
                order=tantivy.Order.Desc,
            )
            hits = [stored_hit(searcher.doc(address), None) for _value, address in result.hits]
        else:
            result = searcher.search(query, limit, count=count, offset=request.offset)
            if request.ids_only:
                hits = bare_hits(searcher, result.hits)
            else:
                hits = [stored_hit(searcher.doc(address), float(score)) for score, address in result.hits]
        return hits, _count(result) if count else None

    def _facets(
        self,
        searcher: tantivy.Searcher,
        request: SearchRequest,
        filters: dict[str, tuple[str, ...]],
        total: int,
    ) -> tuple[dict[str, list[tuple[str, int]]], bool]:
        """Counts per facet value over the matching documents, and whether any are estimates. A facet with a
        filter of its own is counted without that filter, so its other values stay visible: one aggregation
        pass for the facets without a filter, one more per filtered facet. A pass over more matches than
        `exact_facets_up_to` counts a sample of them (whole buckets of documents) and scales the counts."""
        match = self.compile(request.query, scoring=False)
        assert match is not None
        active = {name: values for name, values in filters.items() if values}
        passes: list[tuple[list[str], dict[str, tuple[str, ...]]]] = [
            ([name for name in FACETS if name not in active], active)
        ]
        for name in active:
            passes.append(([name], {other: values for other, values in active.items() if other != name}))
        counts: dict[str, list[tuple[str, int]]] = {}
        approximate = False
        for number, (names, passing) in enumerate(passes):
            query = self._filtered(match, passing)
            matches = total if number == 0 else _count(searcher.search(query, 1, count=True))
            more, sampled = self._count_pass(searcher, query, names, matches, request.facet_size)
            counts.update(more)
            approximate = approximate or sampled
        return counts, approximate

    def _count_pass(
        self, searcher: tantivy.Searcher, query: tantivy.Query, names: list[str], matches: int, size: int
    ) -> tuple[dict[str, list[tuple[str, int]]], bool]:
        """One aggregation of the facets `names` over the `matches` documents of `query` (or a sample)."""
        aggregations: dict[str, Any] = {
            name: {"terms": {"field": facet_field(name), "size": size}} for name in names
        }
        buckets = sample_buckets(matches, self.exact_facets_up_to)
        if buckets is not None:
            # Every document has a date value (0 when undated): counting them counts the sample.
            aggregations[TOTAL] = {"value_count": {"field": "date"}}
            sample = tantivy.Query.range_query(
                self.schema, "sample", tantivy.FieldType.Integer, 0, buckets - 1
            )
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, sample)])
        result = searcher.aggregate(query, aggregations)
        scale = 1.0
        if buckets is not None:
            scale = matches / max(1, int(result.get(TOTAL, {}).get("value") or 0))
        counts = {
            name: [
                (str(bucket["key"]), max(1, round(int(bucket["doc_count"]) * scale)))
                for bucket in result.get(name, {}).get("buckets", [])
            ]
            for name in names
        }
        return counts, buckets is not None

    def stored(self, doc_ids: Sequence[str], *, excluded: Sequence[Term] = ()) -> dict[str, StoredHit]:
        index = self._open(create=False)
        if index is None or not doc_ids:
            return {}
        clauses = [(tantivy.Occur.Must, tantivy.Query.term_set_query(self.schema, "doc_id", list(doc_ids)))]
        for term in excluded:
            _scored, contains = self.term_queries(term)
            clauses += [(tantivy.Occur.MustNot, query) for query in contains]
        searcher = index.searcher()
        result = searcher.search(tantivy.Query.boolean_query(clauses), len(doc_ids), count=False)
        hits = (stored_hit(searcher.doc(address), None) for _score, address in result.hits)
        return {hit.doc_id: hit for hit in hits}

    def title_words(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        index = self._open(create=False)
        if index is None or not prefix:
            return []
        words = index.searcher().terms_with_prefix("suggest", prefix, limit=limit)
        return [(str(word), int(count)) for word, count in words]

    def knows_word(self, word: str) -> bool:
        index = self._open(create=False)
        if index is None:
            return False
        searcher = index.searcher()
        forms = {term for language in LANGUAGES for term in analysis.query_terms(word, language)}
        return any(searcher.doc_freq("terms", form) > 0 for form in forms)

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
