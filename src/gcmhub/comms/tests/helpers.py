"""Builders for comms tests."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from django.utils.translation import trans_real

from gcmhub.comms import actions
from gcmhub.comms.actions import StatementText
from gcmhub.comms.models import Clearance, Statement, StatementTranslation


def draft(actor: Any, title: str = "Statement on safe and regular pathways", **fields: Any) -> Statement:
    text = StatementText(
        title=title, body=fields.pop("body", "The Network calls for regular pathways."), **fields
    )
    return actions.draft_statement(actor=actor, text=text)


def in_clearance(
    secretariat: Any, statement: Statement, *, silence: bool = False, days: int = 5
) -> Statement:
    deadline = timezone.now() + datetime.timedelta(days=days)
    return actions.send_for_clearance(
        actor=secretariat, statement_id=statement.pk, deadline=deadline, silence_procedure=silence
    )


def snapshot(statement: Statement) -> tuple[Any, ...]:
    """Everything a refused write must leave unchanged."""
    statement.refresh_from_db()
    return (
        statement.title,
        statement.body,
        statement.status,
        statement.round,
        list(Clearance.objects.filter(statement=statement).values_list("decision", "comment", "resolution")),
        list(StatementTranslation.objects.filter(statement=statement).values_list("language", "title")),
    )


def with_french(monkeypatch: pytest.MonkeyPatch, entries: dict[Any, str]) -> None:
    """Give the French catalogue these entries for one test (plural forms keyed `(msgid, index)`). The shipped
    catalogue is translated at release time, so the test brings its own wording: what it checks is that the
    page asks gettext in the reader's language, not what the catalogue says."""
    # Django keeps the loaded catalogue in private attributes; there is no public way to add an entry.
    catalogue = trans_real.translation("fr")._catalog._catalogs[0]  # type: ignore[attr-defined]
    for key, value in entries.items():
        monkeypatch.setitem(catalogue, key, value)
