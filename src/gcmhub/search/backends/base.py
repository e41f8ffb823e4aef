"""The interface every search engine implements. tests/conformance.py checks each engine against it.

A backend stores `SearchDocument`s and answers `SearchRequest`s with `ResultPage`s. It does its text
analysis with `gcmhub.search.analysis` (the same for indexing and querying) and interprets the parsed
query (`gcmhub.search.query.ParsedQuery`) with these semantics:

- groups of words are optional (OR); a document matching more groups ranks above one matching fewer;
- a group made only of phrases is required; a phrase matches its words next to each other, in order;
- excluded terms remove every document containing them;
- a prefix term matches index terms starting with its folded form or its stem;
- each term matches the original text and every translation, each analysed in its own language.

Filters are AND across facets and OR within one facet. Facet counts for a facet with a filter of its own
ignore that filter (so the other values stay visible with their counts).
"""

from __future__ import annotations

import datetime
import fcntl
import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import ClassVar

from gcmhub.search.query import ParsedQuery, Term
from gcmhub.search.registry import SearchDocument


class Capability(StrEnum):
    FACETS = "facets"  # facet counts over the matched documents
    PHRASE = "phrase"  # "quoted phrases"
    PREFIX = "prefix"  # word*
    DATE_SORT = "date_sort"  # sort="date"
    SUGGEST = "suggest"  # autocomplete on titles
    STORED_TEXT = "stored_text"  # hits carry title, summary and body text for snippets


class Sort(StrEnum):
    RELEVANCE = "relevance"
    DATE = "date"


@dataclass(frozen=True)
class SearchRequest:
    query: ParsedQuery
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet name (or "kind") -> values
    sort: Sort = Sort.RELEVANCE
    offset: int = 0
    limit: int = 20
    with_facets: bool = True
    facet_size: int = 300  # most values returned per facet
    # The caller already knows how many documents match (counted on the same index generation), so the
    # engine need not count them again; `ResultPage.total` is then this number.
    known_total: int | None = None
    with_hits: bool = True  # False: only the total and the facet counts (e.g. a facet sidebar on its own)
    # True: hits carry only their id and score (`StoredHit.bare`), for a caller that ranks them and reads the
    # stored fields of the few it shows (hybrid fusion); an engine may still return full hits.
    ids_only: bool = False
    text: str = ""  # the query as the reader typed it: shown back, and rewritten by "did you mean"


@dataclass(frozen=True)
class StoredHit:
    """One matching document as stored in the index (no database query is needed to show it)."""

    doc_id: str
    kind: str
    url: str
    date: datetime.date | None
    language: str
    titles: dict[str, str]  # language -> title (original and translations)
    summaries: dict[str, str]
    bodies: dict[str, str]  # language -> the beginning of the body, for snippets
    score: float | None = None  # None when sorted by date

    @classmethod
    def bare(cls, doc_id: str, score: float | None) -> StoredHit:
        """A hit with its id and score only (`SearchRequest.ids_only`): not for showing."""
        return cls(
            doc_id, kind="", url="", date=None, language="", titles={}, summaries={}, bodies={}, score=score
        )


@dataclass(frozen=True)
class ResultPage:
    hits: list[StoredHit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # True when the facet counts were estimated from a sample of the matches (shown as "about N").
    facets_approximate: bool = False


class SearchBackend(ABC):
    """An engine holding the derived search index of one node (or of a shared store)."""

    name: ClassVar[str]
    capabilities: ClassVar[frozenset[Capability]]

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def index(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace (by doc_id) documents; durable and visible when it returns. Returns the count."""

    @abstractmethod
    def delete(self, doc_ids: Iterable[str]) -> int:
        """Remove documents by doc_id (unknown ids are ignored); durable and visible when it returns."""

    def replace_all(self, docs: Iterable[SearchDocument]) -> int:
        """Make `docs` the whole content. Engines that can should switch over atomically."""
        self.reset()
        return self.index(docs)

    @abstractmethod
    def search(self, request: SearchRequest) -> ResultPage:
        """The page of hits, the total number of matches and (if asked) the facet counts."""

    @abstractmethod
    def stored(self, doc_ids: Sequence[str], *, excluded: Sequence[Term] = ()) -> dict[str, StoredHit]:
        """The stored documents among `doc_ids` (unknown ids are left out), without those containing an
        `excluded` term; the hits of semantic search are shown from here. Scores are None."""

    def every_word_score(self, query: ParsedQuery) -> float | None:
        """The relevance score from which a hit of `query` contains every one of its words, if the engine's
        ranking says so (hybrid search then needs no second search for them); None if it does not."""
        return None

    def title_words(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Folded title words of the index that start with `prefix`, with how many documents have each, most
        frequent first (for "did you mean"); an engine that cannot list its words returns none."""
        return []

    def knows_word(self, word: str) -> bool:
        """Whether any document contains `word` as the query would analyse it (in any language)."""
        return True

    @abstractmethod
    def suggest(self, prefix: str, limit: int) -> list[StoredHit]:
        """Documents whose title has the words of `prefix` (the last one may be partial)."""

    @abstractmethod
    def reset(self) -> None:
        """Remove every document."""

    @abstractmethod
    def refresh(self) -> None:
        """See every change committed so far, including other processes' changes."""

    @abstractmethod
    def count(self) -> int:
        """How many documents the index holds."""

    @abstractmethod
    def fingerprints(self) -> dict[str, str]:
        """Every document the index holds: doc_id -> `registry.fingerprint` of the version indexed."""

    def generation(self) -> str | None:
        """An identifier of the index content this process's searches see from now on; it changes with
        every change of the content (made here or by another process of this node) and is never reused,
        even when the index is rebuilt. Results derived from the index (facet counts) are cached under it.
        None when the engine cannot tell: nothing is then cached."""
        return None

    def exists(self) -> bool:
        """Whether the index has been created on this node."""
        return self.path.exists()

    def close(self) -> None:  # noqa: B027 - engines without resources to release need nothing here
        """Release files and memory."""

    # The outbox cursor: the last outbox sequence number applied to this index.

    def read_cursor(self) -> int:
        try:
            return int(json.loads((self.path / "cursor.json").read_text())["seq"])
        except (FileNotFoundError, ValueError, KeyError, TypeError):
            return 0

    def write_cursor(self, seq: int) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tmp = self.path / "cursor.json.tmp"
        tmp.write_text(json.dumps({"seq": seq}))
        os.replace(tmp, self.path / "cursor.json")

    @contextmanager
    def write_lock(self, *, blocking: bool = True) -> Iterator[bool]:
        """Hold this node's write lock (one writer at a time across processes); yields False if busy."""
        self.path.mkdir(parents=True, exist_ok=True)
        with open(self.path / "write.lock", "a+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
