"""Audit events for every write, on top of django-auditlog (who, when, what, before/after)."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from auditlog.cid import correlation_id
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import models

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
) -> LogEntry:
    """An explicit audit event for writes that are more than one field change (imports, bulk updates)."""
    user = acting_user(actor)
    return LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=action,
        changes=changes or {},
        actor=user,
        additional_data={"note": note} if note else None,
    )


def history_for(instance: models.Model) -> "models.QuerySet[LogEntry]":
    """Every audit event about one record, newest first."""
    events: models.QuerySet[LogEntry] = LogEntry.objects.get_for_object(instance)
    return events.select_related("actor").order_by("-timestamp", "-pk")
