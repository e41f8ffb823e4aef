"""Audit events for every write, on top of django-auditlog (who, when, what, before/after)."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.cid import correlation_id
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import models
from django.utils.translation import gettext

from gcmhub.core.actors import Actor, acting_user


@contextmanager
def acting_as(actor: Actor) -> Iterator[str]:
    """Attribute every change made inside to `actor`, grouped under one correlation id (one event)."""
    cid = str(uuid.uuid4())
    token = correlation_id.set(cid)
    user = acting_user(actor)
    try:
        with set_actor(user):
            yield cid
    finally:
        correlation_id.reset(token)


def record_event(
    instance: models.Model,
    *,
    actor: Actor,
    action: int = LogEntry.Action.UPDATE,
    changes: dict[str, Any] | None = None,
    note: str = "",
    note_params: dict[str, str | int] | None = None,
) -> LogEntry:
    """An explicit audit event for writes that are more than one field change (imports, bulk updates).

    With `note_params` (even empty), `note` is an English msgid marked with gettext_noop and is translated
    when shown (`note_of`), so the trail reads in each reader's language."""
    user = acting_user(actor)
    data: dict[str, Any] = {"note": note} if note else {}
    if note and note_params is not None:
        data["note_params"] = note_params
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=action,
        changes=changes or {},
        actor=user,
        additional_data=data or None,
    )


def note_of(entry: LogEntry) -> str:
    """An event's note in the active language; a note stored as a plain sentence is shown as it is."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    note, params = str(data.get("note", "")), data.get("note_params")
    if not note or not isinstance(params, dict):
        return note
    try:
        return gettext(note) % params
    except (KeyError, ValueError, TypeError):  # a translation with a broken placeholder: the English note
        return note % params


def history_for(instance: models.Model) -> "models.QuerySet[LogEntry]":
    """Every audit event about one record, newest first."""
    events: models.QuerySet[LogEntry] = LogEntry.objects.get_for_object(instance)
    return events.select_related("actor").order_by("-timestamp", "-pk")
