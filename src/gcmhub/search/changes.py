"""Changes to registered models go to the search outbox, inside the transaction that makes them.

The registry only records what is indexed; this module connects the model signals (once, for every model:
a receiver looks the sender up in the registry) and offers `reindex`/`reindex_many` for writes that send
no signals. Keeping the signal wiring here leaves the registry a leaf module that imports nothing of ours.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from gcmhub.search import outbox
from gcmhub.search.registry import doc_id_for, is_registered, model_label

DISPATCH_UID = "gcmhub.search.changes"


def connect() -> None:
    """Listen to saves, deletes and many-to-many changes of every model (the search app's ready())."""
    post_save.connect(_on_save, dispatch_uid=f"{DISPATCH_UID}:save")
    post_delete.connect(_on_delete, dispatch_uid=f"{DISPATCH_UID}:delete")
    m2m_changed.connect(_on_m2m_changed, dispatch_uid=f"{DISPATCH_UID}:m2m")


def reindex(instance: models.Model) -> None:
    """Queue `instance` for reindexing, in the current transaction (after a write to its related rows)."""
    reindex_many(type(instance), [instance.pk])


def reindex_many(model: type[models.Model], pks: Iterable[Any]) -> None:
    """Queue many instances of one registered model for reindexing, in the current transaction.

    Call it inside the transaction of any write that sends no signals (bulk_create, bulk_update,
    QuerySet.update, raw SQL), as late as possible before the commit (see docs/search.md, "Index updates").
    """
    if not is_registered(model):
        return
    label = model_label(model)
    outbox.enqueue([(f"{label}:{pk}", outbox.UPSERT) for pk in pks])


def _on_save(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_registered(sender):
        reindex(instance)


def _on_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if is_registered(sender):
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
        if action in {"post_add", "post_remove", "post_clear"} and _is_registered_relation(
            type(instance), sender
        ):
            reindex(instance)
        return
    # Reverse side: `instance` is the related object and `model` the registered one.
    if not _is_registered_relation(model, sender):
        return
    if action in {"post_add", "post_remove"} and pk_set:
        reindex_many(model, pk_set)
    elif action == "pre_clear":
        for m2m in model._meta.many_to_many:
            if getattr(model, m2m.name).through is sender:
                reindex_many(
                    model, model._default_manager.filter(**{m2m.name: instance}).values_list("pk", flat=True)
                )


def _is_registered_relation(model: type[models.Model], through: type[models.Model]) -> bool:
    """Whether `through` is the table of one of the registered `model`'s own many-to-many fields."""
    return is_registered(model) and any(
        getattr(model, m2m.name).through is through for m2m in model._meta.many_to_many
    )
