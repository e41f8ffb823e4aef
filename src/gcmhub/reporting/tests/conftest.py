"""Fixtures for calls for inputs: a private search index per test, e-mail addresses on the personas, tasks
run at once, and a published call with a small questionnaire asking all three audiences."""

import datetime
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from gcmhub.reporting import actions
from gcmhub.reporting.models import Call


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """Each test gets its own empty index and media directory, so nothing leaks between tests."""
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    forget_backends()
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()


def with_email(user: Any) -> Any:
    user.email = f"{user.username}@example.org"
    user.save()
    return user


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def build_call(secretariat: Any, *, opens: int = -10, closes: int = 14, publish: bool = True) -> Call:
    """A call asking all three audiences: a required text question on objective 15, a choice, a number and
    a file question."""
    call = actions.create_call(
        actor=secretariat,
        data={
            "title": "Inputs to the 2026 biennial report",
            "purpose": "biennial_report",
            "description": "Tell us how you implement the Global Compact.",
            "audiences": ["member_states", "network_members", "stakeholders"],
            "opens_on": days(opens),
            "closes_on": days(closes),
            "reminder_days": [14, 3],
        },
    )
    section = actions.add_section(actor=secretariat, call_id=call.pk, title="Access to basic services")
    for data in (
        {
            "text": "How do migrants reach health care?",
            "answer_type": "text",
            "objective": 15,
            "required": True,
        },
        {
            "text": "Is there a firewall?",
            "answer_type": "choice",
            "choices": ["Yes", "No"],
            "principle": "human-rights",
        },
        {"text": "How many clinics take part?", "answer_type": "number"},
        {"text": "Attach your national report.", "answer_type": "file"},
    ):
        actions.add_question(actor=secretariat, call_id=call.pk, section_id=section.pk, data=data)
    if publish:
        actions.publish_call(actor=secretariat, call_id=call.pk)
    call.refresh_from_db()
    return call


def questions(call: Call) -> dict[str, int]:
    """Question ids by answer type."""
    from gcmhub.reporting.models import Question

    return {q.answer_type: q.pk for q in Question.objects.filter(section__call=call)}


@pytest.fixture
def call(secretariat: Any) -> Call:
    return build_call(secretariat)
