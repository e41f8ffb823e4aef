"""GCM objective suggestions for any text: the 23 objectives ranked, each with a score and its reasons.

Three kinds of evidence, combined into one score per objective:

- description similarity: the text's vector against our own descriptions of each objective
  (`data/objective_descriptions.json`, several sentences in each of the six UN languages);
- neighbours' votes: the published documents nearest to the text, weighted by similarity, vote for the
  objectives people tagged them with (`vectors.nearest_documents`);
- keywords: the text's analysed terms (stemmed as in search) found in an objective's descriptions in the
  text's language, weighted by how few objectives use them.

The weighted sum goes through a softmax, so scores are between 0 and 1 and add up to 1 over the 23
objectives. The weights and temperature were tuned on the development half of `bench/data/tagging_eval.jsonl`
and are reported on the other half (`python bench/tagging.py`; docs/objective-suggestions.md).

Search imports no domain app: the descriptions are data, and the neighbours come from the vector index.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from django.conf import settings

from gcmhub.search import analysis, vectors

DATA = Path(__file__).resolve().parents[3] / "data"
DESCRIPTIONS_FILE = DATA / "objective_descriptions.json"
PRINCIPLES_FILE = DATA / "principle_descriptions.json"  # the ten guiding principles, described the same way
OBJECTIVES = tuple(range(1, 24))
# Longer texts are cut here before encoding: the first pages say what a text is about, and the encoder's
# time grows with length.
MAX_ENCODED_CHARS = 4000
NEIGHBOURS = 12  # nearest tagged documents asked for


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts; tuned on the development split (bench/tagging.py --tune)."""

    # Description similarities of one text differ by about 0.2 between objectives; votes and keywords are
    # shares from 0 to 1, so their weights are smaller.
    description: float = 1.0
    neighbours: float = 0.1
    keywords: float = 0.2
    temperature: float = 0.05  # calibrates the scores only: it never changes the order


TUNED = Weights()


@dataclass(frozen=True)
class Neighbour:
    """A tagged document near the text."""

    doc_id: str
    score: float  # cosine similarity
    objectives: tuple[int, ...]


@dataclass(frozen=True)
class Suggestion:
    objective: int
    score: float  # 0..1; the 23 scores of one text add up to 1
    description: str  # the sentence of our description nearest to the text
    description_language: str  # that sentence's language
    neighbours: tuple[str, ...]  # ids of the nearest tagged documents that carry this objective
    keywords: tuple[str, ...]  # the text's words found in this objective's descriptions


NeighbourFinder = Callable[[npt.NDArray[np.float32], int], Sequence[Neighbour]]


def indexed_neighbours(vector: npt.NDArray[np.float32], k: int) -> list[Neighbour]:
    """The nearest published documents of the vector index that carry at least one objective."""
    hits = vectors.nearest_documents(vector, k)
    return [Neighbour(hit.doc_id, hit.score, hit.objectives) for hit in hits if hit.objectives]


# Descriptions


@dataclass(frozen=True)
class Descriptions:
    """Every description sentence with its item (objective or principle) and language, and their vectors (one
    row each). Items are numbered 1 to `count`."""

    sentences: tuple[str, ...]
    objectives: npt.NDArray[np.int64]  # item number of each sentence
    languages: tuple[str, ...]
    vectors: npt.NDArray[np.float32]
    keywords: dict[str, dict[str, frozenset[int]]]  # language -> term -> items whose text has it
    count: int = len(OBJECTIVES)


def read_descriptions(path: Path = DESCRIPTIONS_FILE) -> list[tuple[int, str, str]]:
    """(item number, language, sentence) for every sentence of a descriptions file."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        (int(number), language, sentence)
        for number, fields in data["items"].items()
        for language, sentences in fields.items()
        if isinstance(sentences, list)  # not the item's slug
        for sentence in sentences
    ]


def _cache_name(rows: list[tuple[int, str, str]]) -> str:
    digest = hashlib.sha256(json.dumps([vectors.model_id(), rows]).encode()).hexdigest()[:16]
    return f"descriptions-{digest}.npy"


def _cache_file(rows: list[tuple[int, str, str]]) -> Path:
    # Under the data directory, not the search index's: the vectors depend only on the model and the text,
    # so every index (and every test) can share them.
    return Path(settings.DATA_DIR) / "cache" / "suggest" / _cache_name(rows)


# Shipped copies of the cache (float16), so no process has to encode the descriptions on its first suggestion.
# Their names carry the same key: after a change of model or text they no longer match and are ignored.
SHIPPED_VECTORS = DATA / "vectors"


def _load(path: Path, rows: int) -> npt.NDArray[np.float32] | None:
    if not path.exists():
        return None
    loaded = np.load(path).astype(np.float32)
    return loaded if loaded.shape == (rows, vectors.DIMENSIONS) else None


def _description_vectors(rows: list[tuple[int, str, str]]) -> npt.NDArray[np.float32]:
    """Vectors of the description sentences: cached or shipped on disk, keyed by the model and the text."""
    cache = _cache_file(rows)
    for path in (cache, SHIPPED_VECTORS / _cache_name(rows)):
        if (found := _load(path, len(rows))) is not None:
            return found
    encoded = vectors.encode_texts([sentence for _, _, sentence in rows])
    cache.parent.mkdir(parents=True, exist_ok=True)
    temporary = cache.with_suffix(".tmp.npy")
    np.save(temporary, encoded)
    temporary.replace(cache)  # another process may be writing the same file; the last complete one wins
    return encoded


def ship_vectors() -> list[Path]:
    """Write the shipped copies for the current model and descriptions (after editing a descriptions file)."""
    SHIPPED_VECTORS.mkdir(exist_ok=True)
    written = []
    for path in (DESCRIPTIONS_FILE, PRINCIPLES_FILE):
        rows = read_descriptions(path)
        target = SHIPPED_VECTORS / _cache_name(rows)
        encoded = vectors.encode_texts([sentence for _, _, sentence in rows])
        np.save(target, encoded.astype(np.float16))
        written.append(target)
    return written


def _keyword_table(rows: list[tuple[int, str, str]]) -> dict[str, dict[str, frozenset[int]]]:
    table: dict[str, dict[str, set[int]]] = {}
    for number, language, sentence in rows:
        terms = table.setdefault(language, {})
        for term in _terms(sentence, language):
            terms.setdefault(term, set()).add(number)
    return {language: {t: frozenset(o) for t, o in terms.items()} for language, terms in table.items()}


def build_descriptions(path: Path = DESCRIPTIONS_FILE) -> Descriptions:
    rows = read_descriptions(path)
    return Descriptions(
        sentences=tuple(sentence for _, _, sentence in rows),
        objectives=np.array([number for number, _, _ in rows], dtype=np.int64),
        languages=tuple(language for _, language, _ in rows),
        vectors=_description_vectors(rows),
        keywords=_keyword_table(rows),
        count=max(number for number, _, _ in rows),
    )


_lock = threading.Lock()
_built: dict[Path, Descriptions] = {}


def _shipped(path: Path) -> Descriptions:
    if path not in _built:
        with _lock:
            if path not in _built:
                _built[path] = build_descriptions(path)
    return _built[path]


def descriptions() -> Descriptions:
    """The shipped objective descriptions, built once per process."""
    return _shipped(DESCRIPTIONS_FILE)


def principle_descriptions() -> Descriptions:
    """The shipped guiding principle descriptions, built once per process."""
    return _shipped(PRINCIPLES_FILE)


# Keywords


def detect_language(text: str) -> str:
    """The text's UN language, from its script, and for Latin script from its function words."""
    counts = {"ar": 0, "ru": 0, "zh": 0, "latin": 0}
    for char in text[:2000]:
        if "\u0600" <= char <= "\u06ff":
            counts["ar"] += 1
        elif "\u0400" <= char <= "\u04ff":
            counts["ru"] += 1
        elif "\u4e00" <= char <= "\u9fff":
            counts["zh"] += 1
        elif char.isalpha():
            counts["latin"] += 1
    script = max(counts, key=lambda name: counts[name])
    if script != "latin":
        return script
    words = analysis.fold(text[:2000]).split()
    hits = {lang: sum(w in analysis.STOPWORDS[lang] for w in words) for lang in ("en", "fr", "es")}
    return max(hits, key=lambda lang: hits[lang])


def _terms(text: str, language: str) -> set[str]:
    return {
        token.term
        for token in analysis.tokens(text, language)
        if len(token.term) > 1 and token.term not in analysis.STOPWORDS.get(language, frozenset())
    }


def keyword_evidence(
    text: str, table: dict[str, dict[str, frozenset[int]]], count: int = len(OBJECTIVES)
) -> tuple[npt.NDArray[np.float64], dict[int, list[str]]]:
    """Per item: the summed rarity (log count/n) of the text's terms in its descriptions, scaled to 0..1."""
    language = detect_language(text)
    terms = table.get(language, {})
    scores = np.zeros(count)
    matched: dict[int, list[str]] = {}
    for term in sorted(_terms(text, language)):
        holders = terms.get(term)
        if not holders or len(holders) > round(count * 0.35):  # a word most items use says nothing of one
            continue
        rarity = math.log(count / len(holders))
        for number in holders:
            scores[number - 1] += rarity
            matched.setdefault(number, []).append(term)
    top = scores.max()
    return (scores / top if top > 0 else scores), matched


# Scoring


@dataclass(frozen=True)
class Evidence:
    """The three kinds of evidence for one text, one value per objective (index = number - 1)."""

    description: npt.NDArray[np.float64]
    best_sentence: npt.NDArray[np.int64]  # row of the nearest description sentence per objective
    votes: npt.NDArray[np.float64]
    voters: dict[int, list[str]]
    keywords: npt.NDArray[np.float64]
    keyword_terms: dict[int, list[str]]


def description_evidence(
    vector: npt.NDArray[np.float32], known: Descriptions
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Per objective: the mean of its two nearest description sentences, centred on the objectives' mean."""
    similarity = known.vectors @ vector
    scores = np.zeros(known.count)
    best = np.zeros(known.count, dtype=np.int64)
    for index, number in enumerate(range(1, known.count + 1)):
        rows = np.flatnonzero(known.objectives == number)
        ranked = rows[np.argsort(similarity[rows])[::-1]]
        scores[index] = float(similarity[ranked[:2]].mean())
        best[index] = ranked[0]
    return scores - scores.mean(), best


def neighbour_votes(
    hits: Sequence[Neighbour], count: int = len(OBJECTIVES)
) -> tuple[npt.NDArray[np.float64], dict[int, list[str]]]:
    """Per objective: the similarity-weighted share of the nearest tagged documents that carry it."""
    votes = np.zeros(count)
    voters: dict[int, list[str]] = {}
    weights = [max(hit.score, 0.0) ** 3 for hit in hits]  # the nearest count far more than the tenth
    total = sum(weights)
    if total <= 0:
        return votes, voters
    for hit, weight in zip(hits, weights, strict=True):
        for number in set(hit.objectives):
            if 1 <= number <= count:
                votes[number - 1] += weight / total / len(set(hit.objectives))
                voters.setdefault(number, []).append(hit.doc_id)
    return votes, voters


def gather_evidence(
    text: str, vector: npt.NDArray[np.float32], hits: Sequence[Neighbour], known: Descriptions
) -> Evidence:
    description, best = description_evidence(vector, known)
    votes, voters = neighbour_votes(hits, known.count)
    keywords, terms = keyword_evidence(text, known.keywords, known.count)
    return Evidence(description, best, votes, voters, keywords, terms)


def combine(evidence: Evidence, weights: Weights = TUNED) -> npt.NDArray[np.float64]:
    """Scores per objective: a softmax over the weighted evidence."""
    logits = (
        weights.description * evidence.description
        + weights.neighbours * evidence.votes
        + weights.keywords * evidence.keywords
    ) / weights.temperature
    logits -= logits.max()
    exp = np.exp(logits)
    result: npt.NDArray[np.float64] = exp / exp.sum()
    return result


def _suggestions(
    evidence: Evidence, scores: npt.NDArray[np.float64], known: Descriptions
) -> list[Suggestion]:
    order = np.argsort(-scores, kind="stable")
    return [
        Suggestion(
            objective=int(index) + 1,
            score=round(float(scores[index]), 4),
            description=known.sentences[int(evidence.best_sentence[index])],
            description_language=known.languages[int(evidence.best_sentence[index])],
            neighbours=tuple(evidence.voters.get(int(index) + 1, [])[:3]),
            keywords=tuple(evidence.keyword_terms.get(int(index) + 1, [])[:5]),
        )
        for index in order
    ]


# Sentence ends: Latin, Cyrillic and Arabic punctuation and a space, Chinese punctuation, a new line.
_SENTENCE_END = re.compile(r"(?<=[.!?;\u061f])\s+|(?<=[\u3002\uff01\uff1f\uff1b])|\n+")
SHORT_SENTENCE = 80  # a shorter sentence is read together with the next one


def chunks(text: str) -> list[str]:
    """The text's sentences, each short one joined to the next."""
    pieces: list[str] = []
    for sentence in filter(None, (part.strip() for part in _SENTENCE_END.split(text))):
        if pieces and len(pieces[-1]) < SHORT_SENTENCE:
            pieces[-1] = f"{pieces[-1]} {sentence}"
        else:
            pieces.append(sentence)
    return pieces or [text]


def text_vectors(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """One vector per text: the normalised mean of its sentences' vectors. A text about two things then stays
    near both, where one vector of the whole text drifts towards one of them (bench/tagging.py, pairs)."""
    pieces = [chunks(text) for text in texts]
    encoded = vectors.encode_texts([piece for text in pieces for piece in text])
    result = np.zeros((len(texts), vectors.DIMENSIONS), dtype=np.float32)
    start = 0
    for row, text in enumerate(pieces):
        mean = encoded[start : start + len(text)].mean(axis=0)
        result[row] = mean / max(float(np.linalg.norm(mean)), 1e-12)
        start += len(text)
    return result


def suggest_many(
    texts: Sequence[str],
    *,
    neighbours: NeighbourFinder = indexed_neighbours,
    weights: Weights = TUNED,
    known: Descriptions | None = None,
) -> list[list[Suggestion]]:
    """All 23 objectives for each text, best first."""
    read = [text[:MAX_ENCODED_CHARS] for text in texts]
    return _ranked(read, text_vectors(read), neighbours, weights, known or descriptions())


def _ranked(
    texts: Sequence[str],
    encoded: npt.NDArray[np.float32],
    neighbours: NeighbourFinder,
    weights: Weights,
    known: Descriptions,
) -> list[list[Suggestion]]:
    results = []
    for text, vector in zip(texts, encoded, strict=True):
        evidence = gather_evidence(text, vector, neighbours(vector, NEIGHBOURS), known)
        results.append(_suggestions(evidence, combine(evidence, weights), known))
    return results


def suggest(text: str, *, neighbours: NeighbourFinder = indexed_neighbours) -> list[Suggestion]:
    """All 23 objectives for `text`, best first."""
    return suggest_many([text], neighbours=neighbours)[0]


# Pre-ticked in the submission form: the best, and any other close behind it.
PRESELECT_SHARE = 0.5
PRESELECT_MAX = 3


def preselected(suggestions: Sequence[Suggestion]) -> list[int]:
    """The objectives a form ticks for the user to confirm: the best, and others at least half its score."""
    if not suggestions:
        return []
    best = suggestions[0].score
    return [s.objective for s in suggestions[:PRESELECT_MAX] if s.score >= best * PRESELECT_SHARE]


def no_neighbours(vector: npt.NDArray[np.float32], k: int) -> list[Neighbour]:
    """No votes: the vector index holds objectives only, not guiding principles."""
    return []


def suggest_principles_many(texts: Sequence[str]) -> list[list[Suggestion]]:
    """The ten guiding principles for each text, best first (`objective` holds the principle's number), from
    the descriptions and keywords alone."""
    return suggest_many(texts, neighbours=no_neighbours, known=principle_descriptions())


def suggest_principles(text: str) -> list[Suggestion]:
    """The ten guiding principles for `text`, best first (see `suggest_principles_many`)."""
    return suggest_principles_many([text])[0]


def suggest_objectives_and_principles(text: str) -> tuple[list[Suggestion], list[Suggestion]]:
    """The 23 objectives and the ten guiding principles for `text`, each best first, encoding the text once
    (the encoder is most of a suggestion's time)."""
    read = [text[:MAX_ENCODED_CHARS]]
    encoded = text_vectors(read)
    objectives = _ranked(read, encoded, indexed_neighbours, TUNED, descriptions())[0]
    principles = _ranked(read, encoded, no_neighbours, TUNED, principle_descriptions())[0]
    return objectives, principles


SUPPORTED_SCORE = 0.5  # a principle's score the text must give its best principle before any is named


def supported(suggestions: Sequence[Suggestion]) -> list[int]:
    """The guiding principles the text clearly supports: none when no principle stands out, else as
    `preselected`. A text about remittances alone names none."""
    if not suggestions or suggestions[0].score < SUPPORTED_SCORE:
        return []
    return preselected(suggestions)
