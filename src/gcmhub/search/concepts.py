"""Short queries widened through the platform's own vocabulary in the six UN languages.

The encoder gives a one- to three-word query a poor vector: "remesas" alone scores no closer to a text on
remittances than a nonsense word does. The GCM objectives are named and described in the six languages
(`data/reference/objectives.json`, `data/objective_descriptions.json`): a query word found in the names of
one or two objectives (else in their descriptions) stands for them, and a short query's vector becomes the
mean of its own and that of those objectives' short labels in the six languages, which the encoder places
well. A word of many objectives ("migrants") names none.

Search imports no domain app: the labels are read from the data files, as the objective suggestions do.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gcmhub.search import analysis, vectors
from gcmhub.search.suggest import DATA, DESCRIPTIONS_FILE, read_descriptions

OBJECTIVES_FILE = DATA / "reference" / "objectives.json"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
SHORT_QUERY_WORDS = 3  # up to this many words a query's own vector is poor
# The weight of the labels' vector against the query's own (measured in docs/semantic-search.md)
LABELS_WEIGHT = 1.5
MAX_OBJECTIVES_PER_WORD = 2  # a word in more objectives' vocabulary ("migrants") names none of them
# Everyday short texts with nothing to do with migration, in the six languages: what any short query shares.
UNRELATED = (
    "hello",
    "test",
    "lorem ipsum",
    "abc",
    "bonjour",
    "hola",
    "привет",
    "مرحبا",
    "你好",
    "ok",
)


@dataclass(frozen=True)
class Vocabulary:
    labels: dict[int, tuple[str, ...]]  # objective number -> its short label in the six languages
    # language -> analysed term -> objectives: in their titles and short labels, then in their descriptions
    named: dict[str, dict[str, frozenset[int]]]
    described: dict[str, dict[str, frozenset[int]]]


def _terms(text: str, language: str) -> set[str]:
    stopwords = analysis.STOPWORDS.get(language, frozenset())
    return {t.term for t in analysis.tokens(text, language) if len(t.term) > 1 and t.term not in stopwords}


def _label_rows(path: Path) -> list[tuple[int, str, str]]:
    """(objective, language, text) for each title and short label of the reference file."""
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    return [
        (int(item["number"]), language, item[field][language])
        for item in items
        for field in ("title", "short_label")
        for language in LANGUAGES
    ]


Table = dict[str, dict[str, frozenset[int]]]


def _table(rows: list[tuple[int, str, str]]) -> Table:
    table: dict[str, dict[str, set[int]]] = {language: {} for language in LANGUAGES}
    for number, language, text in rows:
        for term in _terms(text, language):
            table[language].setdefault(term, set()).add(number)
    return {language: {term: frozenset(found) for term, found in t.items()} for language, t in table.items()}


@functools.cache
def vocabulary() -> Vocabulary:
    """The objectives' labels, and their titles, labels and descriptions as term tables, read once."""
    items = json.loads(OBJECTIVES_FILE.read_text(encoding="utf-8"))["items"]
    labels = {int(item["number"]): tuple(item["short_label"][lang] for lang in LANGUAGES) for item in items}
    named = _table(_label_rows(OBJECTIVES_FILE))
    return Vocabulary(labels=labels, named=named, described=_table(read_descriptions(DESCRIPTIONS_FILE)))


def word_count(text: str) -> int:
    """Words of a query, a run of Chinese characters counting one word per two characters."""
    return sum(_han_words(word) if analysis.has_han(word) else 1 for word in text.split())


def _han_words(word: str) -> int:
    return (sum(analysis.has_han(char) for char in word) + 1) // 2


def _holders(word: str, table: Table) -> frozenset[int]:
    """The objectives whose text in `table` has the word, in any language (empty when it names many)."""
    found: set[int] = set()
    for language in LANGUAGES:
        for term in _terms(word, language):
            holders = table[language].get(term, frozenset())
            if len(holders) <= MAX_OBJECTIVES_PER_WORD:
                found |= holders
    return frozenset(found) if len(found) <= MAX_OBJECTIVES_PER_WORD else frozenset()


def _votes(word: str, known: Vocabulary) -> dict[int, int]:
    """The objectives a word names: two votes when it is in their names, one in their descriptions."""
    named = _holders(word, known.named)
    if named:
        return dict.fromkeys(named, 2)
    return dict.fromkeys(_holders(word, known.described), 1)


def named_objectives(text: str) -> list[int]:
    """The objectives a query names: those with the most votes of its words, when they are few."""
    known = vocabulary()
    votes: Counter[int] = Counter()
    for word in text.split():
        if not analysis.is_stopword(word):
            votes.update(_votes(word, known))
    if not votes:
        return []
    best = max(votes.values())
    named = sorted(number for number, count in votes.items() if count == best)
    return named if len(named) <= MAX_OBJECTIVES_PER_WORD else []


@functools.cache
def _label_vectors(model: str) -> dict[int, vectors.Matrix]:
    """Each objective's vector: its short labels in the six languages ("Remesas ; Remittances ; …"), all
    23 encoded in one call, once per process, so that no query waits for a second encoder call."""
    labels = vocabulary().labels
    numbers = sorted(labels)
    encoded = vectors.encode_texts([" ; ".join(labels[number]) for number in numbers])
    encoded.setflags(write=False)
    return dict(zip(numbers, encoded, strict=True))


def labels_vector(text: str) -> vectors.Matrix | None:
    """The unit mean of the label vectors of the objectives the query names (None when it names none)."""
    named = named_objectives(text)
    if not named:
        return None
    table = _label_vectors(vectors.model_id())
    total = np.sum([table[number] for number in named], axis=0)
    unit: vectors.Matrix = (total / np.linalg.norm(total)).astype(np.float32)
    return unit


def is_short(text: str) -> bool:
    return word_count(text) <= SHORT_QUERY_WORDS


@functools.cache
def _unrelated(model: str) -> vectors.Matrix:
    mean: vectors.Matrix = vectors.encode_texts(UNRELATED).mean(axis=0).astype(np.float32)
    mean.setflags(write=False)
    return mean


def unrelated_vector() -> vectors.Matrix:
    """The mean vector of short texts unrelated to the platform: a document's dot product with it is its
    mean closeness to any short query, high for short documents (a country's name and region)."""
    return _unrelated(vectors.model_id())


def query_vector(text: str) -> vectors.Matrix:
    """The vector to search with. A short query: the mean of its own vector and that of the labels of the
    objectives it names (when it names some), less the unrelated vector, so that a document scores how much
    closer it is to this query than to any short text. Longer queries keep their own unit vector: moving
    them too did not raise recall (docs/semantic-search.md)."""
    own = vectors.query_vector(text)
    if not is_short(text):
        return own
    labels = labels_vector(text)
    blended = own if labels is None else own + LABELS_WEIGHT * labels
    result: vectors.Matrix = (blended / np.linalg.norm(blended) - unrelated_vector()).astype(np.float32)
    return result
