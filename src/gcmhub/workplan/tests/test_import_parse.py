"""`parse_text` on documents other than the shipped one: layouts it must cope with, and how each departure is
reported. Pure: no database."""

# The work plan's own en dashes and typographic apostrophes are quoted as written.
# ruff: noqa: RUF001

import datetime

import pytest

from gcmhub.workplan.importer import (
    ImportRejected,
    ParsedPlan,
    Reference,
    add_months,
    parse_text,
    parse_timeframe,
)
from gcmhub.workplan.importer.parser import split_activity_markers
from gcmhub.workplan.importer.structure import GroupRef

NETWORK = GroupRef("network-members", "Network members")
CSOS = GroupRef("csos", "CSOs")
EXCOM = GroupRef("executive-committee", "Executive Committee members")
REFERENCE = Reference.build(
    acronyms=frozenset({"IOM", "DESA", "UNHCR", "ILO", "UN-Habitat", "WHO"}),
    groups={
        NETWORK: ["network members", "all network members"],
        CSOS: ["csos", "civil society organizations", "civil society"],
        EXCOM: ["executive committee members", "executive committee"],
    },
)


def plan(body: str, heading: str = "Thematic Area 1: Data") -> ParsedPlan:
    text = f"My plan\n\n{heading}\n\nGCM Objectives:\nObjective 1: Data\n\nExpected results:\n{body}"
    return parse_text(text, reference=REFERENCE)


def codes(parsed: ParsedPlan) -> list[tuple[int | None, str]]:
    return [(i.line, i.code) for i in parsed.issues]


def activities(parsed: ParsedPlan) -> list[tuple[int | None, str]]:
    return [(a.number, a.text) for a in parsed.sections[0].results[0].activities]


FULL = "Output: A thing\n{activities}\nTimeframe: 1 year\nMembership: IOM"


def result_with(activity_lines: str) -> ParsedPlan:
    return plan("1. A result\n" + FULL.format(activities=activity_lines))


def test_a_complete_result_has_no_issues() -> None:
    parsed = result_with("Activities: 1) one; 2) two")
    assert codes(parsed) == []
    result = parsed.sections[0].results[0]
    assert (result.number, result.title, result.output, result.line) == (1, "A result", "A thing", 9)
    assert activities(parsed) == [(1, "one"), (2, "two")]
    assert parsed.title == "My plan"


def test_it_reads_activities_on_their_own_lines_after_an_empty_label() -> None:
    parsed = result_with("Activities:\n1) one\n2) two\n3) three")
    assert activities(parsed) == [(1, "one"), (2, "two"), (3, "three")]
    assert [a.line for a in parsed.sections[0].results[0].activities] == [12, 13, 14]
    assert codes(parsed) == []


def test_it_joins_a_wrapped_activity_line_and_reports_it() -> None:
    parsed = result_with("Activities: 1) one that goes\non and on; 2) two")
    assert activities(parsed) == [(1, "one that goes on and on"), (2, "two")]
    assert (12, "wrapped_line") in codes(parsed)


def test_it_splits_activities_separated_by_commas_or_nothing_and_reports_it() -> None:
    parsed = result_with("Activities: 1) one, 2) two 3) three or 4) four")
    assert activities(parsed) == [(1, "one"), (2, "two"), (3, "three"), (4, "four")]
    assert [c for c in codes(parsed) if c[1] == "activity_separator"] == [(11, "activity_separator")] * 3


def test_parenthesised_numbers_are_not_activity_numbers() -> None:
    parsed = result_with("Activities: 1) see (para. 53) and (annex 2) ; 2) two (e.g. 3) cases)")
    assert activities(parsed) == [(1, "see (para. 53) and (annex 2)"), (2, "two (e.g. 3) cases)")]


def test_a_parenthesis_left_open_ends_at_a_semicolon() -> None:
    parsed = result_with("Activities: 1) one (unclosed; 2) two")
    assert activities(parsed) == [(1, "one (unclosed"), (2, "two")]


def test_decimal_numbers_before_a_parenthesis_are_not_activity_numbers() -> None:
    preamble, markers = split_activity_markers("1) target 10.7.1) and more")
    assert preamble == ""
    assert [(m.number, m.body) for m in markers] == [(1, " target 10.7.1) and more")]


def test_it_reports_numbers_out_of_sequence_and_keeps_them() -> None:
    parsed = result_with("Activities: 1) one; 3) three; 3) again")
    assert activities(parsed) == [(1, "one"), (3, "three"), (3, "again")]
    assert (11, "activity_numbering") in codes(parsed)
    assert (11, "duplicate_activity_number") in codes(parsed)


def test_activity_999_is_the_highest_and_1000_is_refused_not_added_to_it() -> None:
    parsed = result_with("Activities: 1) first\n999) last")
    assert activities(parsed) == [(1, "first"), (999, "last")]
    with pytest.raises(ImportRejected, match=r"^Line 13: activity number 1000\) is too large"):
        result_with("Activities: 1) first\n999) last\n1000) one too many")
    with pytest.raises(ImportRejected, match=r"^Line 11: activity number 01000\) is too large"):
        result_with("Activities: 1) first; 01000) one too many")


def test_text_before_the_first_number_is_an_unnumbered_activity() -> None:
    parsed = result_with("Activities: Overall coordination: 1) one")
    assert activities(parsed) == [(None, "Overall coordination:"), (1, "one")]
    assert (11, "unnumbered_activity") in codes(parsed)


def test_bullets_after_an_activities_label_are_separate_activities() -> None:
    parsed = result_with("Activities:\n• first thing\n- second thing")
    assert activities(parsed) == [(None, "first thing"), (None, "second thing")]


def test_an_empty_numbered_activity_is_left_out_and_reported() -> None:
    parsed = result_with("Activities: 1) one; 2) ; 3) three")
    assert activities(parsed) == [(1, "one"), (3, "three")]
    assert (11, "empty_activity") in codes(parsed)


def test_numbered_lines_without_an_activities_label_are_read_and_reported() -> None:
    parsed = plan("1. A result\nOutput: x\n1) one\n2) two\nTimeframe: 1 year\nMembership: IOM")
    assert activities(parsed) == [(1, "one"), (2, "two")]
    assert (11, "missing_activities_label") in codes(parsed)


def test_wrapped_title_and_output_lines_are_joined_and_reported() -> None:
    parsed = plan(
        "1. A result that\nwraps\nOutput: an output\nthat wraps\nActivities: 1) a\nTimeframe: 1 "
        "year\nMembership: IOM"
    )
    result = parsed.sections[0].results[0]
    assert (result.title, result.output) == ("A result that wraps", "an output that wraps")
    assert [c for c in codes(parsed) if c[1] == "wrapped_line"] == [
        (10, "wrapped_line"),
        (12, "wrapped_line"),
    ]


def test_field_names_are_read_whatever_their_case_and_spacing() -> None:
    parsed = plan("1.A result\n   OUTPUT :  x\n\tactivities: 1) a\nTime frame: 2 years\nmembership:IOM")
    result = parsed.sections[0].results[0]
    assert (result.title, result.output, result.timeframe.max_months) == ("A result", "x", 24)
    assert result.membership.organizations == ["IOM"]
    assert codes(parsed) == []


def test_a_missing_colon_is_accepted_and_reported() -> None:
    parsed = plan("1. A result\nOutput Something\nActivities 1) a\nTimeframe 1 year\nMembership IOM")
    result = parsed.sections[0].results[0]
    assert (result.output, result.timeframe.text, result.membership.text) == ("Something", "1 year", "IOM")
    assert [c for c in codes(parsed) if c[1] == "missing_colon"] == [
        (line, "missing_colon") for line in (10, 11, 12, 13)
    ]


def test_a_second_field_line_is_added_and_reported() -> None:
    parsed = plan("1. R\nOutput: a\nOutput: b\nActivities: 1) x\nTimeframe: 1 year\nMembership: IOM")
    assert parsed.sections[0].results[0].output == "a b"
    assert (11, "duplicate_field") in codes(parsed)


def test_results_without_the_heading_are_read_and_reported() -> None:
    text = (
        "Plan\nThematic Area 2: Rights\nGCM Objectives:\nObjective 7: x\n"
        "1. R\nOutput: o\nActivities: 1) a\nTimeframe:\nMembership:"
    )
    parsed = parse_text(text)
    assert [r.title for r in parsed.sections[0].results] == ["R"]
    assert (5, "missing_results_heading") in codes(parsed)


def test_result_numbers_out_of_sequence_or_repeated_are_reported() -> None:
    fields = "Output: o\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM\n"
    parsed = plan(f"1. A\n{fields}3. B\n{fields}3. C\n{fields}")
    assert [r.number for r in parsed.sections[0].results] == [1, 3, 3]
    assert (14, "result_numbering") in codes(parsed)
    assert (19, "duplicate_result_number") in codes(parsed)


def test_missing_fields_are_reported_on_the_result_line() -> None:
    parsed = plan("1. A result")
    assert [c for c in codes(parsed) if c[1] == "missing_field"] == [(9, "missing_field")] * 4


def test_an_objectives_heading_may_give_a_list_or_ranges() -> None:
    parsed = parse_text(
        "P\nCross-cutting work\nGCM Objectives: 1-3, 7 and 9–10\nExpected results:\n", reference=REFERENCE
    )
    assert parsed.sections[0].objectives == [1, 2, 3, 7, 9, 10]


def test_unknown_and_repeated_objectives_are_reported() -> None:
    parsed = parse_text(
        "P\nThematic Area 1: T\nGCM Objectives:\nObjective 24: no\nObjective 3: a\nObjective 3: b\n"
    )
    assert parsed.sections[0].objectives == [3]
    assert (4, "unknown_objective") in codes(parsed)
    assert (6, "duplicate_objective") in codes(parsed)


def test_a_heading_followed_by_objectives_is_the_cross_cutting_section() -> None:
    parsed = parse_text("P\nProgramming and coordination\nGCM Objectives 1-23\nExpected results:\n")
    section = parsed.sections[0]
    assert (section.kind, section.number, section.title) == (
        "cross_cutting",
        None,
        "Programming and coordination",
    )
    assert (2, "cross_cutting_heading") in codes(parsed)


def test_a_thematic_area_without_a_number_is_left_out_and_reported() -> None:
    text = (
        "P\nThematic Area 1: One\nGCM Objectives:\nObjective 1: a\n"
        "Thematic area six: Six\nGCM Objectives:\nObjective 2: b\n"
    )
    parsed = parse_text(text)
    assert [s.key for s in parsed.sections] == ["ta1"]
    assert (5, "unrecognised_section") in codes(parsed)


def test_a_section_heading_may_wrap_and_sections_may_repeat() -> None:
    text = (
        "P\nThematic Area 1:\nData and\nevidence\nGCM Objectives:\nObjective 1: a\n"
        "Thematic Area 1: Again\nGCM Objectives:\nObjective 1: a\n"
    )
    parsed = parse_text(text)
    assert [s.title for s in parsed.sections] == ["Data and evidence", "Again"]
    assert (7, "duplicate_section") in codes(parsed)


def test_a_wrapped_line_starting_with_cross_cutting_stays_text() -> None:
    parsed = plan(
        "1. R\nOutput: work on\nCross-cutting issues\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM"
    )
    assert [s.key for s in parsed.sections] == ["ta1"]
    assert parsed.sections[0].results[0].output == "work on Cross-cutting issues"


def test_lines_outside_any_section_are_reported() -> None:
    parsed = parse_text("Title\nA stray remark\nThematic Area 1: T\nGCM Objectives:\nObjective 1: a\n")
    assert (2, "unrecognised_line") in codes(parsed)


def test_bracketed_notes_and_artefacts_are_removed_and_reported() -> None:
    parsed = plan(
        "1. A result [to be reworded]\nOutput: x []{#_Toc123}\nActivities: 1) a\nTimeframe: 1 "
        "year\nMembership: IOM"
    )
    result = parsed.sections[0].results[0]
    assert (result.title, result.output) == ("A result", "x")
    assert (9, "editorial_note") in codes(parsed)
    assert (10, "conversion_artefact") in codes(parsed)


def test_control_characters_and_odd_spaces_are_read_as_spaces() -> None:
    parsed = plan(
        "1.\u00a0A\u2003result\x07here\nOutput:\u200bx\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM"
    )
    assert parsed.sections[0].results[0].title == "A result here"
    assert (9, "control_character") in codes(parsed)


def test_windows_line_ends_keep_line_numbers() -> None:
    text = "P\r\nThematic Area 1: T\r\nGCM Objectives:\r\nObjective 1: a\r\nExpected results:\r\n1. R\r\n"
    parsed = parse_text(text)
    assert parsed.sections[0].results[0].line == 6
    assert parsed.sections[0].results[0].title == "R"


def test_a_document_without_sections_is_rejected() -> None:
    with pytest.raises(ImportRejected, match="No sections were found"):
        parse_text("Just a letter.\n\nDear colleagues,\n1. something\nOutput: x\n")


def test_a_document_without_a_title_is_reported() -> None:
    parsed = parse_text("Thematic Area 1: T\nGCM Objectives:\nObjective 1: a\n")
    assert parsed.title == ""
    assert (None, "missing_title") in codes(parsed)


def test_without_reference_only_the_flags_are_read() -> None:
    parsed = parse_text(
        "P\nThematic Area 1: T\nGCM Objectives:\nObjective 1: a\nExpected results:\n1. R\nMembership: IOM "
        "tbd (ToRs)"
    )
    membership = parsed.sections[0].results[0].membership
    assert (membership.organizations, membership.groups, membership.tbd, membership.tors) == (
        [],
        [],
        True,
        True,
    )


@pytest.mark.parametrize(
    ("line", "organizations", "groups", "tbd", "tors"),
    [
        ("IOM, DESA", ["DESA", "IOM"], [], False, False),
        ("IOM-led, with UN-Habitat", ["IOM", "UN-Habitat"], [], False, False),
        ("Executive Committee members with all Network members", [], [EXCOM, NETWORK], False, False),
        ("executive committee", [], [EXCOM], False, False),
        ("Civil society organizations (TBD)", [], [CSOS], True, False),
        ("Network members to be confirmed; terms of reference", [], [NETWORK], True, True),
        ("who will lead is open; WHO", ["WHO"], [], False, False),
    ],
)
def test_it_matches_organizations_and_groups(
    line: str, organizations: list[str], groups: list[GroupRef], tbd: bool, tors: bool
) -> None:
    parsed = plan(f"1. R\nOutput: o\nActivities: 1) a\nTimeframe: 1 year\nMembership: {line}")
    membership = parsed.sections[0].results[0].membership
    assert membership.text == line
    assert membership.organizations == organizations
    assert sorted(membership.groups, key=lambda g: g.name) == sorted(groups, key=lambda g: g.name)
    assert (membership.tbd, membership.tors) == (tbd, tors)


def test_unmatched_membership_phrases_are_reported() -> None:
    parsed = plan(
        "1. R\nOutput: o\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM, the Migration Club and "
        "UNFOO, Network members with XYZ"
    )
    assert parsed.sections[0].results[0].membership.organizations == ["IOM"]
    messages = {i.message for i in parsed.issues if i.line == 13}
    assert any("“the Migration Club”" in m for m in messages)
    assert any("“UNFOO”" in m for m in messages)
    assert any("“XYZ”" in m and "not in the reference list" in m for m in messages)
    assert {i.code for i in parsed.issues if i.line == 13} == {
        "membership_unmatched",
        "membership_unknown_acronym",
    }


def test_a_url_in_membership_matches_nothing_and_is_kept() -> None:
    line = "Network members (https://example.org/IOM-group/) tbd"
    parsed = plan(f"1. R\nOutput: o\nActivities: 1) a\nTimeframe: 1 year\nMembership: {line}")
    membership = parsed.sections[0].results[0].membership
    assert (membership.text, membership.organizations, membership.groups) == (line, [], [NETWORK])
    assert codes(parsed) == []


# text: (min, max, recurrence, open-ended, issue codes)
TIMEFRAMES = {
    "1 year": (12, 12, None, False, []),
    "6 months": (6, 6, None, False, []),
    "1-2 years": (12, 24, None, False, []),
    "6 months – 1 year": (6, 12, None, False, []),
    "7 months": (7, 7, None, False, []),
    "Biennial": (None, None, 24, False, []),
    "Multi-year": (None, None, None, True, []),
    "18 months – 2years": (18, 24, None, False, ["timeframe_missing_space"]),
    "3 weeks": (1, 1, None, False, ["timeframe_rounded"]),
    "2-3 years": (24, 36, None, False, []),
    "Annual": (None, None, 12, False, []),
    "Annually": (None, None, 12, False, []),
    "Ongoing": (None, None, None, True, []),
    "12 to 18 months": (12, 18, None, False, []),
    "between 6 and 9 months": (6, 9, None, False, []),
    "Two years": (24, 24, None, False, []),
    "a year": (12, 12, None, False, []),
    "1.5 years": (18, 18, None, False, []),
    "Approximately 6 months": (6, 6, None, False, []),
    "Within 1 year": (None, 12, None, False, []),
    "at least 2 years": (24, None, None, False, []),
    "Quarterly": (None, None, 3, False, []),
    "Semi-annual": (None, None, 6, False, []),
    "every 3 years": (None, None, 36, False, []),
    "6-month": (6, 6, None, False, []),
    "2 years, biennial": (24, 24, 24, False, []),
    "Multi-year (ongoing)": (None, None, None, True, []),
    "2 years – 1 year": (24, 12, None, False, ["timeframe_reversed"]),
    "5000 years": (None, None, None, False, ["timeframe_implausible"]),
    "By the next IMRF": (None, None, None, False, ["timeframe_unparsed"]),
    "6 months, then review": (6, 6, None, False, ["timeframe_unparsed"]),
}


@pytest.mark.parametrize("text", list(TIMEFRAMES))
def test_it_reads_timeframes(text: str) -> None:
    reading = parse_timeframe(text)
    timeframe = reading.timeframe
    expected = TIMEFRAMES[text]
    assert timeframe.text == text
    assert (
        timeframe.min_months,
        timeframe.max_months,
        timeframe.recurrence_months,
        timeframe.open_ended,
    ) == expected[:4]
    assert [code for _severity, code, _message in reading.notes] == expected[4]


def test_an_empty_timeframe_is_all_none() -> None:
    assert parse_timeframe("").timeframe.as_dict() == {
        "text": None,
        "min_months": None,
        "max_months": None,
        "recurrence_months": None,
        "open_ended": False,
    }


def test_an_overlong_timeframe_is_cut_and_reported() -> None:
    parsed = plan("1. R\nOutput: o\nActivities: 1) a\nTimeframe: " + "x" * 300 + "\nMembership: IOM")
    assert len(str(parsed.sections[0].results[0].timeframe.text)) == 250
    assert (12, "timeframe_too_long") in codes(parsed)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        ("2019-01-01", 12, "2020-01-01"),
        ("2019-01-31", 1, "2019-02-28"),
        ("2020-01-31", 1, "2020-02-29"),
        ("2019-11-15", 3, "2020-02-15"),
        ("2019-06-30", 18, "2020-12-30"),
        ("2019-03-31", 0, "2019-03-31"),
    ],
)
def test_add_months(start: str, months: int, end: str) -> None:
    assert add_months(datetime.date.fromisoformat(start), months) == datetime.date.fromisoformat(end)


def test_the_structure_hash_ignores_line_numbers_and_issues_but_not_content() -> None:
    base = plan("1. R\nOutput: o\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM")
    moved = plan("\n\n1. R\nOutput o\nActivities: 1) a\nTimeframe: 1 year\nMembership: IOM")
    other = plan("1. R\nOutput: o\nActivities: 1) b\nTimeframe: 1 year\nMembership: IOM")
    assert base.structure_sha256() == moved.structure_sha256()
    assert base.structure_sha256() != other.structure_sha256()
