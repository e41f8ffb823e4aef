"""What the search index holds: domain apps register their models here (in their AppConfig.ready()).

The search app imports no domain app. A domain model registers a `to_document` function that turns one
instance into a `SearchDocument` (or None when the public may not see it) and a `queryset` that yields every
instance to (re)index. Saves, deletes and many-to-many changes of registered models are written to the
search outbox inside the transaction that makes them, so they commit (or roll back) together; the outbox
brings every node's local index up to date.
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
from django.db.models.signals import m2m_changed, post_delete, post_save

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


def fingerprint(doc: SearchDocument) -> str:
    """A digest of everything in `doc`: the index keeps it, so a stale copy can be told from a current one."""
    data = dataclasses.asdict(doc)
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


def register(
    model: type[models.Model],
    *,
    to_document: ToDocument,
    queryset: QuerysetFactory,
    public_count: Counter | None = None,
) -> None:
    """Index `model`: `to_document(instance)` gives its document, or None to keep it out of the index.

    `public_count()`, if given, must equal the number of records `to_document` keeps (e.g. a COUNT of the
    published ones); the system check then compares it with the index.
    """
    label = model_label(model)
    _registry[label] = Registration(
        model=model, to_document=to_document, queryset=queryset, public_count=public_count
    )
    uid = f"gcmhub.search:{label}"
    post_save.connect(_on_save, sender=model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(_on_delete, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
    for m2m in model._meta.many_to_many:
        through = getattr(model, m2m.name).through
        m2m_changed.connect(_on_m2m_changed, sender=through, dispatch_uid=f"{uid}:m2m:{m2m.name}", weak=False)


def unregister(model: type[models.Model]) -> None:
    """Stop indexing `model` (used by tests that register a throwaway model)."""
    label = model_label(model)
    _registry.pop(label, None)
    uid = f"gcmhub.search:{label}"
    post_save.disconnect(sender=model, dispatch_uid=f"{uid}:save")
    post_delete.disconnect(sender=model, dispatch_uid=f"{uid}:delete")
    for m2m in model._meta.many_to_many:
        through = getattr(model, m2m.name).through
        m2m_changed.disconnect(sender=through, dispatch_uid=f"{uid}:m2m:{m2m.name}")


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for(label: str) -> Registration | None:
    return _registry.get(label)


def is_registered(model: type[models.Model]) -> bool:
    return model_label(model) in _registry


def reindex(instance: models.Model) -> None:
    """Queue `instance` for reindexing, in the current transaction (after a write to its related rows)."""
    reindex_many(type(instance), [instance.pk])


def reindex_many(model: type[models.Model], pks: Iterable[Any]) -> None:
    """Queue many instances of one registered model for reindexing, in the current transaction.

    Call it inside the transaction of any write that sends no signals (bulk_create, bulk_update,
    QuerySet.update, raw SQL), as late as possible before the commit (see docs/search.md, "Index updates").
    """
    label = model_label(model)
    if label not in _registry:
        return
    from gcmhub.search import outbox

    outbox.enqueue([(f"{label}:{pk}", outbox.UPSERT) for pk in pks])


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    reindex(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    from gcmhub.search import outbox

    outbox.enqueue([(doc_id_for(instance), outbox.DELETE)])


def _on_m2m_changed(
    sender: type[models.Model],
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if not reverse:
        if action in {"post_add", "post_remove", "post_clear"} and is_registered(type(instance)):
            reindex(instance)
        return
    # Reverse side: `instance` is the related object and `model` the registered one.
    if not is_registered(model):
        return
    if action in {"post_add", "post_remove"} and pk_set:
        reindex_many(model, pk_set)
    elif action == "pre_clear":
        for m2m in model._meta.many_to_many:
            if getattr(model, m2m.name).through is sender:
                reindex_many(
                    model, model._default_manager.filter(**{m2m.name: instance}).values_list("pk", flat=True)
                )


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
