"""What the search index holds: domain apps register their models here (in their AppConfig.ready()).

The search app imports no domain app. A domain model registers a `to_document` function that turns one
instance into a `SearchDocument` (or None when the public may not see it) and a `queryset` that yields every
instance to (re)index. Saves, deletes and many-to-many changes of registered models are written to the
search outbox inside the transaction that makes them (`search.changes` listens to the model signals), so
they commit (or roll back) together; the outbox brings every node's local index up to date. This module
imports nothing else of ours, so every other part of the search app may import it.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
FACETS = (
    "kind",
    "objective",
    "principle",
    "thematic_area",
    "region",
    "country",
    "language",
    "year",
    "organization",
)
DOCUMENT_FACETS = tuple(name for name in FACETS if name != "kind")
TEXT_FIELDS = ("title", "summary", "body")


@dataclass(frozen=True)
class SearchDocument:
    doc_id: str  # "<app_label>.<model_name>:<pk>", unique across the index
    kind: str  # e.g. "practice", "national_plan", "platform", "expert"
    title: str
    summary: str
    body: str  # all other searchable text (body, lessons, extracted attachment text…)
    language: str  # original language: "ar" | "en" | "es" | "fr" | "ru" | "zh"
    translations: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # language -> {"title", "summary", "body"}
    url: str = ""  # path of the detail page (without language prefix)
    date: datetime.date | None = None  # for sorting by date and the year facet
    # keys: objective, principle, thematic_area, region, country, language, year, organization
    facets: dict[str, list[str]] = field(default_factory=dict)


_FIELD_NAMES = tuple(item.name for item in dataclasses.fields(SearchDocument))


def fingerprint(doc: SearchDocument) -> str:
    """A digest of everything in `doc`: the index keeps it, so a stale copy can be told from a current one."""
    # The fields as they are, not dataclasses.asdict(): its deep copy cost 0.8 s of CPU per 20,000 documents
    # (a tenth of a rebuild), and json.dumps writes the same text either way (digests in an index stay valid).
    data = {name: getattr(doc, name) for name in _FIELD_NAMES}
    data["date"] = doc.date.isoformat() if doc.date else None
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


ToDocument = Callable[[Any], SearchDocument | None]
QuerysetFactory = Callable[[], "models.QuerySet[Any]"]
Counter = Callable[[], int]


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    to_document: ToDocument
    queryset: QuerysetFactory
    # How many records `to_document` keeps, by one cheap COUNT; lets `gcmhub check` compare with the index.
    public_count: Counter | None = None
    # False: semantic search leaves these documents out (their vectors are neither computed nor searched).
    embedded: bool = True

    @property
    def label(self) -> str:
        return model_label(self.model)


_registry: dict[str, Registration] = {}


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def doc_id_for(instance: models.Model) -> str:
    return f"{model_label(type(instance))}:{instance.pk}"


def split_doc_id(doc_id: str) -> tuple[str, str]:
    """("app_label.model_name", "pk") from a doc_id."""
    label, _, pk = doc_id.partition(":")
    return label, pk


# A doc_id "<label>:<pk>" as one integer, for the engine's fast-field lookups: a 16-bit digest of the label
# above a 47-bit primary key. 0 stands for "no key" (a pk that is not a small positive integer).
_PK_BITS = 47
_labels_by_code: dict[int, str] = {}  # the registered labels by their code


def _label_code(label: str) -> int:
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=2).digest(), "big")


def numeric_key(doc_id: str) -> int:
    """The doc_id as an integer that `doc_id_of_key` turns back, or 0 when it has no such form or its model
    is not registered (so no key of another model can ever be read back as a registered one's)."""
    label, pk = split_doc_id(doc_id)
    code = _label_code(label)
    if _labels_by_code.get(code) != label or not pk.isascii() or not pk.isdigit():
        return 0
    return code << _PK_BITS | int(pk) if 0 < int(pk) < 1 << _PK_BITS else 0


def doc_id_of_key(key: int) -> str | None:
    """The doc_id whose `numeric_key` is `key`, when its model is registered (None otherwise)."""
    label = _labels_by_code.get(key >> _PK_BITS)
    pk = key & ((1 << _PK_BITS) - 1)
    return f"{label}:{pk}" if label is not None and pk else None


def register(
    model: type[models.Model],
    *,
    to_document: ToDocument,
    queryset: QuerysetFactory,
    public_count: Counter | None = None,
    embedded: bool = True,
) -> None:
    """Index `model`: `to_document(instance)` gives its document, or None to keep it out of the index.

    `public_count()`, if given, must equal the number of records `to_document` keeps (e.g. a COUNT of the
    published ones); the system check then compares it with the index. With `embedded=False`, semantic
    search leaves the model's documents out: they are found by keyword only.
    """
    label = model_label(model)
    known = _labels_by_code.setdefault(_label_code(label), label)
    if known != label:
        raise ValueError(f"{label} and {known} have the same numeric key code: rename one or widen the code")
    _registry[label] = Registration(
        model=model,
        to_document=to_document,
        queryset=queryset,
        public_count=public_count,
        embedded=embedded,
    )


def unregister(model: type[models.Model]) -> None:
    """Stop indexing `model` (used by tests that register a throwaway model)."""
    label = model_label(model)
    _registry.pop(label, None)
    if _labels_by_code.get(_label_code(label)) == label:
        del _labels_by_code[_label_code(label)]


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(label: str) -> Registration | None:
    return _registry.get(label)


def is_registered(model: type[models.Model]) -> bool:
    return model_label(model) in _registry


@dataclass(frozen=True)
class NamedValue:
    """A facet value people search for by name, e.g. a country: a query that is one of its `names` (in any
    language) also finds documents tagged with it or mentioning it by another of its names."""

    facet: str  # e.g. "country"
    value: str  # e.g. "MEX"
    names: tuple[str, ...]  # e.g. ("Mexico", "Mexique", "México", "Мексика", "墨西哥", "المكسيك")


NamesProvider = Callable[[], Iterable[NamedValue]]
_names_providers: list[NamesProvider] = []


def register_names(provider: NamesProvider) -> None:
    """Let queries name facet values: `provider()` lists them (read when a search needs them, then kept for a
    few minutes). E.g. the reference app registers every country with its names in the six UN languages."""
    if provider not in _names_providers:
        _names_providers.append(provider)


def named_values() -> list[NamedValue]:
    return [named for provider in _names_providers for named in provider()]


FacetLabeler = Callable[[list[str]], dict[str, str]]
_facet_labelers: dict[str, list[FacetLabeler]] = {}


def register_facet_labels(facet: str, labels: FacetLabeler) -> None:
    """Name facet values on the search page: `labels(codes)` returns {code: label} in the active language.

    E.g. the knowledge app registers "kind" (its kind names) and "objective" ("5" -> "Objective 5: …").
    Several apps may label one facet (each its own kinds); values without a label are shown as their code.
    """
    labelers = _facet_labelers.setdefault(facet, [])
    if labels not in labelers:
        labelers.append(labels)


def facet_labels(facet: str, values: list[str]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for labeler in _facet_labelers.get(facet, []):
        missing = [value for value in values if value not in labels]
        if not missing:
            break
        labels.update(labeler(missing))
    return labels
