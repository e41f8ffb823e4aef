"""Audit log entries made readable: who, when, which field, before and after, with labels not codes."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, ProgressUpdate, Section

FIELD_LABELS = {
    "status": gettext_lazy("Status"),
    "lead": gettext_lazy("Lead organization"),
    "participants": gettext_lazy("Participating organizations"),
    "planned_start": gettext_lazy("Planned start"),
    "planned_end": gettext_lazy("Planned end"),
    "text": gettext_lazy("Text"),
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Title"),
    "output": gettext_lazy("Output"),
    "timeframe_text": gettext_lazy("Timeframe"),
    "min_months": gettext_lazy("Minimum duration (months)"),
    "max_months": gettext_lazy("Maximum duration (months)"),
    "recurrence_months": gettext_lazy("Recurs every (months)"),
    "open_ended": gettext_lazy("Open-ended"),
    "membership_text": gettext_lazy("Membership"),
    "membership_tbd": gettext_lazy("Membership to be determined"),
    "membership_tors": gettext_lazy("Membership defined by terms of reference"),
    "date": gettext_lazy("Date"),
    "evidence_url": gettext_lazy("Evidence link"),
    "author": gettext_lazy("Author"),
    "section": gettext_lazy("Section"),
    "result": gettext_lazy("Expected result"),
    "activity": gettext_lazy("Activity"),
}
# Bookkeeping fields that say nothing to a reader.
HIDDEN_FIELDS = {"id", "position", "line", "created_at", "updated_at"}
STATUS_FIELDS = {"status"}
RELATED_MODELS: dict[str, Any] = {
    "lead": Organization,
    "author": get_user_model(),
    "section": Section,
    "result": ExpectedResult,
    "activity": Activity,
}
SUBJECTS: dict[Any, Any] = {
    Activity: gettext_lazy("Activity"),
    ProgressUpdate: gettext_lazy("Progress update"),
    ExpectedResult: gettext_lazy("Expected result"),
}
EMPTY = {None, "", "None"}


@dataclass
class Change:
    field: str
    before: str | None = None
    after: str | None = None
    # For many-to-many changes: "added" or "removed", with `after` listing the organizations.
    operation: str = ""


@dataclass
class HistoryRow:
    timestamp: datetime
    actor: str
    action: str
    subject: str
    changes: list[Change] = field(default_factory=list)
    note: str = ""
    is_create: bool = False


def _action_label(action: int) -> str:
    labels = {
        LogEntry.Action.CREATE: _("Created"),
        LogEntry.Action.UPDATE: _("Changed"),
        LogEntry.Action.DELETE: _("Deleted"),
    }
    return labels.get(action, _("Recorded"))


def _related_names(entries: list[LogEntry]) -> dict[tuple[str, str], str]:
    """Names of the records that foreign-key changes point to, fetched in one query per kind."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for name, values in (entry.changes_dict or {}).items():
            if name in RELATED_MODELS and isinstance(values, list):
                wanted[name] |= {str(v) for v in values if v not in EMPTY and str(v).isdigit()}
    names: dict[tuple[str, str], str] = {}
    for name, pks in wanted.items():
        model = RELATED_MODELS[name]
        for obj in model.objects.filter(pk__in=[int(pk) for pk in pks]):
            label = obj.get_username() if hasattr(obj, "get_username") else str(obj)
            names[(name, str(obj.pk))] = label
    return names


def _display(name: str, value: Any, names: dict[tuple[str, str], str]) -> str | None:
    if value in EMPTY:
        return None
    text = str(value)
    if name in STATUS_FIELDS:
        try:
            return str(ActivityStatus(text).label)
        except ValueError:
            return text
    if name in RELATED_MODELS:
        return names.get((name, text), text)
    if text in {"True", "False"}:
        return _("yes") if text == "True" else _("no")
    return text


def _is_own_field(model: Any, name: str) -> bool:
    """Fields of the record itself; reverse relations (e.g. an activity's updates) say nothing here."""
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return True
    return not (model_field.auto_created and not model_field.concrete)


def history_rows(entries: Any) -> list[HistoryRow]:
    """Readable rows for audit log entries (newest first, as given)."""
    entries = list(entries)
    names = _related_names(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class() if entry.content_type_id else None
        actor = entry.actor.get_username() if entry.actor else _("the system")
        row = HistoryRow(
            timestamp=entry.timestamp,
            actor=actor,
            action=_action_label(entry.action),
            subject=str(SUBJECTS.get(model, entry.content_type.name if model else "")),
            note=str(entry.additional_data.get("note", ""))
            if isinstance(entry.additional_data, dict)
            else "",
            is_create=entry.action == LogEntry.Action.CREATE,
        )
        for name, values in (entry.changes_dict or {}).items():
            if name in HIDDEN_FIELDS or (model is not None and not _is_own_field(model, name)):
                continue
            label = str(FIELD_LABELS.get(name, name.replace("_", " ")))
            if isinstance(values, dict) and values.get("type") == "m2m":
                operation = "added" if values.get("operation") == "add" else "removed"
                row.changes.append(
                    Change(
                        label, after=", ".join(str(o) for o in values.get("objects", [])), operation=operation
                    )
                )
                continue
            if not isinstance(values, list | tuple) or len(values) != 2:
                continue
            before, after = (_display(name, v, names) for v in values)
            if entry.action == LogEntry.Action.CREATE and after is None:
                continue
            row.changes.append(Change(label, before=before, after=after))
        rows.append(row)
    return rows
