"""Property-based fuzzing: whatever the input (mutated lines of the real document, random text, random bytes,
damaged Word files), the importer never crashes: it imports, or refuses with ImportRejected and changes
nothing."""

# The work plan's own en dashes and typographic apostrophes are quoted as written.
# ruff: noqa: RUF001

import json
import re
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcmhub.workplan.importer import (
    ImportRejected,
    ParsedPlan,
    Reference,
    import_document,
    parse_text,
    read_document,
)
from gcmhub.workplan.importer.structure import GroupRef
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_LINES, docx_from_text, row_counts

REFERENCE = Reference.build(
    acronyms=frozenset({"IOM", "DESA", "UNHCR", "ILO", "WHO", "UN-Habitat"}),
    groups={
        GroupRef("network-members", "Network members"): ["network members", "all network members"],
        GroupRef("csos", "CSOs"): ["csos", "civil society"],
        GroupRef("other-partners", "Other partners"): ["other partners"],
    },
)
FUZZ = settings(deadline=None, database=None, max_examples=150, suppress_health_check=[HealthCheck.too_slow])
SMALL_INT = 32767

# Fragments the document is made of, so mutations hit the grammar and not only noise.
FRAGMENTS = [
    "Output:", "Output", "Activities:", "Timeframe:", "Membership:", "GCM Objectives:", "GCM Objectives 1-23",
    "Expected results:", "Thematic Area 9:", "Cross-cutting", "Objective 24:", "1)", "2)", "99999)", "1.",
    "9999.", "(", ")", ";", "[", "]", "[bookmark: x]", "tbd", "(ToRs)", "IOM", "2years", "–", "\t", " ",
    "\u00a0", "\x00", "\x07", "\ufeff", "99999 years", "Biennial", "every 0 months", "0.5 days", "#", "**",
]  # fmt: skip


@st.composite
def mutated_documents(draw: Any) -> str:
    lines = list(SHIPPED_LINES)
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        index = draw(st.integers(min_value=0, max_value=max(len(lines) - 1, 0)))
        operation = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "insert", "truncate", "splice", "join", "fragment"]
            )
        )
        if not lines:
            lines.append(draw(st.text(max_size=40)))
        elif operation == "delete":
            del lines[index]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "swap":
            other = draw(st.integers(min_value=0, max_value=len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif operation == "insert":
            lines.insert(index, draw(st.text(max_size=60)))
        elif operation == "truncate":
            lines[index] = lines[index][: draw(st.integers(min_value=0, max_value=max(len(lines[index]), 0)))]
        elif operation == "splice":
            at = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.text(max_size=12)) + lines[index][at:]
        elif operation == "join" and index + 1 < len(lines):
            lines[index : index + 2] = [lines[index] + lines[index + 1]]
        else:
            at = draw(st.integers(min_value=0, max_value=len(lines[index])))
            lines[index] = lines[index][:at] + draw(st.sampled_from(FRAGMENTS)) + lines[index][at:]
    return "\n".join(lines)


def check(parsed: ParsedPlan, text: str) -> None:
    """What every successful parse must satisfy, however odd the input."""
    line_count = len(text.split("\n"))
    assert parsed.sections
    assert len(parsed.title) <= 250
    for issue in parsed.issues:
        assert issue.line is None or 1 <= issue.line <= line_count
        assert issue.severity in {"info", "warning"}
        assert issue.code and issue.message
    for section in parsed.sections:
        assert section.number is None or 0 <= section.number <= SMALL_INT
        assert all(1 <= n <= 23 for n in section.objectives)
        for result in section.results:
            assert 0 <= result.number <= SMALL_INT
            timeframe = result.timeframe
            assert timeframe.text is None or len(timeframe.text) <= 250
            for months in (timeframe.min_months, timeframe.max_months, timeframe.recurrence_months):
                assert months is None or 0 <= months <= 1200
            for activity in result.activities:
                assert activity.text.strip()
                assert activity.number is None or 0 <= activity.number <= SMALL_INT
    json.dumps(parsed.as_dict())
    assert parsed.structure_sha256() == parse_text(text, reference=REFERENCE).structure_sha256()


def parse_or_reject(text: str) -> None:
    try:
        parsed = parse_text(text, reference=REFERENCE)
    except ImportRejected as refused:
        assert refused.message
        return
    check(parsed, text)


@FUZZ
@given(mutated_documents())
def test_mutated_documents_parse_or_are_rejected(text: str) -> None:
    parse_or_reject(text)


@FUZZ
@given(st.text(max_size=400))
def test_random_text_parses_or_is_rejected(text: str) -> None:
    parse_or_reject(text)


@FUZZ
@given(
    st.lists(st.sampled_from([*FRAGMENTS, "Thematic Area 1: T", "Objective 3: x", "1. R", "\n"]), max_size=60)
)
def test_documents_of_grammar_fragments_parse_or_are_rejected(fragments: list[str]) -> None:
    parse_or_reject(" ".join(fragments))


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from(["plan.txt", "plan.md", "plan.docx", "plan.pdf", "plan"]))
def test_random_bytes_are_read_or_rejected(data: bytes, filename: str) -> None:
    try:
        text = read_document(data, filename)
    except ImportRejected as refused:
        assert refused.message
        return
    parse_or_reject(text)


DOCX = docx_from_text("\n".join(SHIPPED_LINES[:60]))


@settings(deadline=None, database=None, max_examples=60)
@given(
    st.lists(st.tuples(st.integers(min_value=0, max_value=len(DOCX) - 1), st.integers(0, 255)), max_size=6)
)
def test_damaged_word_files_are_read_or_rejected(flips: list[tuple[int, int]]) -> None:
    data = bytearray(DOCX)
    for position, value in flips:
        data[position] = value
    try:
        text = read_document(bytes(data), "plan.docx")
    except ImportRejected:
        return
    parse_or_reject(text)


class _Rollback(Exception):
    """Undoes one example's import so the next starts from the shipped plan."""


@pytest.mark.django_db
@settings(
    deadline=None,
    database=None,
    max_examples=20,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=mutated_documents(), as_docx=st.booleans())
def test_mutated_documents_import_or_change_nothing(text: str, as_docx: bool) -> None:
    xml_safe = not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text)
    data, name = (docx_from_text(text), "plan.docx") if as_docx and xml_safe else (text.encode(), "plan.txt")
    before = row_counts()
    try:
        with transaction.atomic():
            outcome = import_document(data, name, actor=None)
            assert outcome.version.is_current
            if outcome.created:
                assert outcome.version.import_issues.count() == len(outcome.issues)
            raise _Rollback
    except ImportRejected:
        assert row_counts() == before
    except _Rollback:
        assert row_counts() == before
