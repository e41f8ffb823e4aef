"""Edge cases of the importer found by mutation testing (docs/testing.md): each test fails with a small edit
of the importer that the other tests let through. Pure: no database."""

import pytest

from gcmhub.workplan.importer import (
    ImportRejected,
    ParsedPlan,
    Reference,
    import_document,
    parse_text,
    parse_timeframe,
)
from gcmhub.workplan.importer.membership import parse_membership
from gcmhub.workplan.importer.structure import GroupRef

NETWORK = GroupRef("network-members", "Network members")
NETWORK_CHAIRS = GroupRef("network-chairs", "Network")
REFERENCE = Reference.build(
    acronyms=frozenset({"IOM", "UN", "UN-Habitat"}),
    groups={NETWORK: ["Network  Members", " "], NETWORK_CHAIRS: ["network"]},
)
OBJECTIVE_ONE = "Cross\u2011border data."

LEADS_REFERENCE = Reference.build(acronyms=frozenset({"IOM", "DESA", "ILO", "UNHCR"}))


@pytest.mark.parametrize(
    ("line", "leads"),
    [
        # The label's clause runs to the end of a line without a semicolon.
        ("IOM with co-leads: DESA, ILO", ["DESA", "ILO"]),
        # A semicolon before the label does not end its clause.
        ("IOM; lead: DESA, ILO", ["DESA", "ILO"]),
        # The clause ends at the first semicolon after the label, not the last.
        ("Lead: DESA; ILO; with IOM", ["DESA"]),
        # An organization right after the colon is in the clause.
        ("Lead:DESA, ILO", ["DESA", "ILO"]),
    ],
)
def test_a_lead_label_marks_the_organizations_up_to_the_next_semicolon(line: str, leads: list[str]) -> None:
    membership = parse_membership(line, LEADS_REFERENCE).membership
    assert (membership.leads, membership.leads_marked) == (leads, True)


def test_a_lead_label_is_read_without_any_reference_group() -> None:
    # No groups and no acronyms: nothing to link, and nothing breaks.
    membership = parse_membership("Lead: IOM; network members", Reference.build()).membership
    assert (membership.organizations, membership.groups, membership.leads) == ([], [], [])


def test_reference_names_are_kept_cleaned_longest_alias_first() -> None:
    assert REFERENCE.acronyms == frozenset({"IOM", "UN", "UN-Habitat"})
    # Lower case, single spaces, blank aliases dropped; the longer alias comes first.
    assert REFERENCE.group_aliases == (("network members", NETWORK), ("network", NETWORK_CHAIRS))


@pytest.mark.parametrize(
    ("line", "organizations", "groups"),
    [
        # The longer acronym and the longer alias win over the shorter ones they start with.
        ("UN-Habitat with network members", ["UN-Habitat"], [NETWORK]),
        ("UN and the network", ["UN"], [NETWORK_CHAIRS]),
        # A blank alias names nobody (it would match everywhere).
        ("IOM", ["IOM"], []),
    ],
)
def test_membership_prefers_the_longest_name(
    line: str, organizations: list[str], groups: list[GroupRef]
) -> None:
    membership = parse_membership(line, REFERENCE).membership
    assert (membership.organizations, membership.groups) == (organizations, groups)


def result_plan(body: str, objective: str = "Objective 1: Data") -> ParsedPlan:
    text = (
        f"My plan\n\nThematic Area 1: Data\n\nGCM Objectives:\n{objective}\n\nExpected results:\n"
        f"1. A result\n{body}"
    )
    return parse_text(text, reference=Reference.build(objective_titles={1: OBJECTIVE_ONE}))


def messages(parsed: ParsedPlan, code: str) -> list[tuple[int | None, str]]:
    return [(i.line, i.message) for i in parsed.issues if i.code == code]


@pytest.mark.parametrize(
    "wording",
    [
        "Cross-border data",  # a plain hyphen for the non-breaking one
        "cross\u2011border   DATA",  # case and spacing
        "Cross-border data .",  # closing punctuation set apart
    ],
)
def test_an_objective_worded_as_its_official_title_is_not_reported(wording: str) -> None:
    parsed = result_plan("Output: o", objective=f"Objective 1: {wording}")
    assert messages(parsed, "objective_wording") == []


def test_an_objective_worded_otherwise_is_reported() -> None:
    parsed = result_plan("Output: o", objective="Objective 1: Cross-border figures")
    assert messages(parsed, "objective_wording") == [
        (
            6,
            "The document words Objective 1 as “Cross-border figures”; its official title is "
            "“Cross\u2011border data.”.",
        )
    ]


def test_activity_numbers_out_of_sequence_and_a_wrapped_activity_are_reported_in_words() -> None:
    parsed = result_plan("Activities: 1) one; 1) again; 3) three\nand more")
    assert messages(parsed, "activity_numbering") == [
        (10, "Activity number 3) is out of sequence in expected result 1 of thematic area 1.")
    ]
    assert messages(parsed, "duplicate_activity_number") == [
        (
            10,
            "Activity number 1) appears twice in expected result 1 of thematic area 1; both activities are "
            "kept as written.",
        )
    ]
    assert messages(parsed, "wrapped_line") == [
        (11, "This line continues the activity on line 10 and was read as part of it.")
    ]


def stray_line_quote(line: str) -> str:
    parsed = parse_text(f"Title\n{line}\nThematic Area 1: T\nGCM Objectives:\nObjective 1: a\n")
    [(number, message)] = messages(parsed, "unrecognised_line")
    assert number == 2
    return message.removeprefix(
        "This line is not part of any section, result or field; it was left out: “"
    ).removesuffix("”.")


def test_a_quoted_line_is_cut_after_eighty_characters() -> None:
    assert stray_line_quote("A  stray   remark") == "A stray remark"
    exactly = "x" * 75 + " yyyy"
    assert stray_line_quote(exactly) == exactly
    assert stray_line_quote(exactly + "y") == exactly[:79] + "…"


def test_a_rejection_without_its_own_code_has_the_general_one() -> None:
    with pytest.raises(ImportRejected) as refused:
        import_document(b"Plan", "plan.txt", actor=None, plan_slug="not a slug")
    assert (refused.value.code, refused.value.status_code) == ("import_rejected", 422)


def bulleted_activities(count: int) -> ParsedPlan:
    return result_plan("Activities:\n" + "\n".join(f"• activity {k}" for k in range(count)))


def test_a_result_may_have_a_thousand_activities_and_no_more() -> None:
    assert len(bulleted_activities(1000).sections[0].results[0].activities) == 1000
    with pytest.raises(ImportRejected) as refused:
        bulleted_activities(1001)
    assert (refused.value.code, refused.value.message) == (
        "too_large",
        "An expected result has more than 1000 activities.",
    )


def test_filler_words_alone_are_not_reported_as_unknown_names() -> None:
    assert parse_membership("IOM, all the others", LEADS_REFERENCE).notes == []


def test_an_unknown_name_is_quoted_without_the_punctuation_around_it() -> None:
    notes = parse_membership("IOM, the Migration Club. ; Task force X", LEADS_REFERENCE).notes
    assert [message for _severity, _code, message in notes] == [
        "“the Migration Club” on the membership line matches no organization acronym or membership group.",
        "“Task force X” on the membership line matches no organization acronym or membership group.",
    ]


def test_an_unknown_acronym_beside_a_known_name_is_reported_in_words() -> None:
    notes = parse_membership("IOM with XYZ", LEADS_REFERENCE).notes
    assert notes == [
        (
            "warning",
            "membership_unknown_acronym",
            "“XYZ” on the membership line looks like an organization acronym but is not in the reference "
            "list of organizations.",
        )
    ]


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("1,5 years", (18, 18)),  # a decimal comma, not two parts "1" and "5 years"
        ("6 months - 1,5 years", (6, 18)),
        ("2 years,biennial", (24, 24)),  # a comma between words still separates parts
    ],
)
def test_a_comma_between_digits_is_a_decimal_comma(text: str, months: tuple[int, int]) -> None:
    reading = parse_timeframe(text)
    assert (reading.timeframe.min_months, reading.timeframe.max_months) == months
    assert reading.notes == []


@pytest.mark.parametrize(
    ("text", "months", "codes"),
    [
        ("zero months", 0, []),  # nothing to round up to a month
        ("100 years", 1200, []),  # the longest duration read
        ("3 weeks", 1, [("info", "timeframe_rounded")]),
        ("101 years", None, [("warning", "timeframe_implausible")]),
    ],
)
def test_durations_from_nothing_to_a_hundred_years(
    text: str, months: int | None, codes: list[tuple[str, str]]
) -> None:
    reading = parse_timeframe(text)
    assert (reading.timeframe.min_months, reading.timeframe.max_months) == (months, months)
    assert [(severity, code) for severity, code, _message in reading.notes] == codes


def test_an_implausible_timeframe_is_reported_in_words() -> None:
    [(_severity, _code, message)] = parse_timeframe("101 years").notes
    assert message == "The timeframe “101 years” is longer than 100 years; it was not read as a duration."


def test_a_rounded_timeframe_is_reported_in_words() -> None:
    [(_severity, _code, message)] = parse_timeframe("3 weeks").notes
    assert message == "The timeframe “3 weeks” was rounded to 1 whole month."


def test_a_full_stop_after_a_timeframe_is_not_part_of_it() -> None:
    reading = parse_timeframe("About 2 years.")
    assert (reading.timeframe.min_months, reading.timeframe.max_months, reading.notes) == (24, 24, [])


def test_a_rounded_recurrence_is_reported_with_the_whole_text() -> None:
    reading = parse_timeframe("Every 3 weeks")
    assert reading.timeframe.recurrence_months == 1
    assert reading.notes == [
        ("info", "timeframe_rounded", "The timeframe “Every 3 weeks” was rounded to 1 whole month.")
    ]


def test_half_a_year_is_six_months() -> None:
    reading = parse_timeframe("Half a year")
    assert (reading.timeframe.min_months, reading.timeframe.max_months, reading.notes) == (6, 6, [])


def test_both_ends_of_a_rounded_range_are_reported_with_the_whole_text() -> None:
    reading = parse_timeframe("3-10 weeks")
    assert (reading.timeframe.min_months, reading.timeframe.max_months) == (1, 2)
    assert reading.notes == [
        ("info", "timeframe_rounded", "The timeframe “3-10 weeks” was rounded to 1 whole month."),
        ("info", "timeframe_rounded", "The timeframe “3-10 weeks” was rounded to 2 whole months."),
    ]


def test_a_range_whose_ends_are_equal_is_not_reversed() -> None:
    reading = parse_timeframe("12 months - 1 year")
    assert (reading.timeframe.min_months, reading.timeframe.max_months, reading.notes) == (12, 12, [])
    reversed_range = parse_timeframe("13 months - 1 year")
    assert [(severity, code) for severity, code, _message in reversed_range.notes] == [
        ("warning", "timeframe_reversed")
    ]
