"""Builders for comms tests."""

import datetime
from typing import Any

from django.utils import timezone

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
