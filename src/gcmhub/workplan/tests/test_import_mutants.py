"""Edge cases of the importer found by mutation testing (docs/testing.md): each test fails with a small edit
of the importer that the other tests let through. Pure: no database."""

from typing import Any

import pytest

from gcmhub.core.documents import DocxParagraph, parse_small
from gcmhub.workplan.importer import (
    ImportRejected,
    ParsedPlan,
    Reference,
    import_document,
    parse_text,
    parse_timeframe,
)
from gcmhub.workplan.importer.membership import parse_membership
from gcmhub.workplan.importer.parser import split_activity_markers
from gcmhub.workplan.importer.reader import (
    ImportTooLarge,
    _docx_limits,
    _Numbering,
    check_size,
    read_document,
    strip_markdown,
)
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


@pytest.mark.parametrize(
    ("line", "leads"),
    [
        # The marker right after an organization marks that one only.
        ("IOM (lead), DESA", (["IOM"], True)),
        ("DESA, IOM (co-lead)", (["IOM"], True)),
        # Without a marker the first organization named is taken, and the line is said not to mark it.
        ("ILO, DESA and IOM", (["ILO"], False)),
        ("Network members", ([], False)),
    ],
)
def test_a_lead_marker_marks_the_organization_just_before_it(
    line: str, leads: tuple[list[str], bool]
) -> None:
    membership = parse_membership(line, LEADS_REFERENCE).membership
    assert (membership.leads, membership.leads_marked) == leads


def test_a_lead_label_is_read_without_any_reference_group() -> None:
    # No groups and no acronyms: nothing to link, and nothing breaks.
    membership = parse_membership("Lead: IOM; network members", Reference.build()).membership
    assert (membership.organizations, membership.groups, membership.leads) == ([], [], [])


def test_reference_names_are_kept_cleaned_longest_alias_first() -> None:
    assert REFERENCE.acronyms == frozenset({"IOM", "UN", "UN-Habitat"})
    # Lower case, single spaces, blank aliases dropped; the longer alias comes first.
    assert REFERENCE.group_aliases == (("network members", NETWORK), ("network", NETWORK_CHAIRS))


def test_aliases_of_the_same_length_are_kept_in_alphabetical_order() -> None:
    # Groups cannot be compared with each other: the alias alone breaks the tie.
    reference = Reference.build(groups={NETWORK: ["beta"], NETWORK_CHAIRS: ["alfa"]})
    assert reference.group_aliases == (("alfa", NETWORK_CHAIRS), ("beta", NETWORK))


def test_a_group_is_named_in_any_case() -> None:
    reading = parse_membership("IOM with the Network  MEMBERS", REFERENCE)
    assert (reading.membership.groups, reading.notes) == ([NETWORK], [])


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


def test_a_reversed_range_is_reported_in_words() -> None:
    assert parse_timeframe("13 months - 1 year").notes == [
        (
            "warning",
            "timeframe_reversed",
            "The timeframe “13 months - 1 year” ends before it starts (13 months to 12 months); "
            "it is stored as written.",
        )
    ]


@pytest.mark.parametrize(
    ("text", "months"),
    [("Within 3 weeks", (None, 1)), ("At least 3 weeks", (1, None))],
)
def test_a_rounded_bound_is_reported_with_the_whole_text(text: str, months: tuple[int | None, ...]) -> None:
    reading = parse_timeframe(text)
    assert (reading.timeframe.min_months, reading.timeframe.max_months) == months
    assert reading.notes == [
        ("info", "timeframe_rounded", f"The timeframe “{text}” was rounded to 1 whole month.")
    ]


def test_a_run_of_spaces_in_a_timeframe_counts_as_one() -> None:
    reading = parse_timeframe("Multi \t  year")
    assert (reading.timeframe.open_ended, reading.notes) == (True, [])


def test_a_number_glued_to_its_unit_is_reported_in_words() -> None:
    reading = parse_timeframe("3months")
    assert (reading.timeframe.min_months, reading.timeframe.max_months) == (3, 3)
    assert reading.notes == [
        (
            "warning",
            "timeframe_missing_space",
            "“3months” has no space between the number and the unit; it was read as “3 months”.",
        )
    ]


def test_each_unread_part_of_a_timeframe_is_quoted() -> None:
    assert parse_timeframe("Soon; later").notes == [
        (
            "warning",
            "timeframe_unparsed",
            "The timeframe “Soon; later” could not be read (“soon”; “later”); only the text is kept.",
        )
    ]


def issues(parsed: ParsedPlan, code: str) -> list[tuple[int | None, str, str]]:
    return [(i.line, i.severity, i.message) for i in parsed.issues if i.code == code]


def test_an_unnumbered_activity_keeps_its_line_and_is_reported_in_words() -> None:
    parsed = result_plan("Output: o\nActivities:\nSet up a task force X;")
    [activity] = parsed.sections[0].results[0].activities
    # The closing semicolon goes, a capital X at the end stays.
    assert (activity.number, activity.text, activity.line) == (None, "Set up a task force X", 12)
    assert issues(parsed, "unnumbered_activity") == [
        (
            12,
            "info",
            "An activity of expected result 1 of thematic area 1 has no number: “Set up a task force X”.",
        )
    ]


def test_activities_not_separated_by_semicolons_are_reported_with_both_numbers() -> None:
    parsed = result_plan("Activities: 1) one 2) two 3) Join task force X,")
    activities = parsed.sections[0].results[0].activities
    # The last activity loses its closing comma, not its last letter.
    assert [(a.number, a.text) for a in activities] == [(1, "one"), (2, "two"), (3, "Join task force X")]
    assert issues(parsed, "activity_separator") == [
        (
            10,
            "info",
            f"Activities {number}) and {following}) are not separated by a semicolon; they were split at the "
            f"number {following}).",
        )
        for number, following in ((1, 2), (2, 3))
    ]


def test_a_last_activity_ending_in_and_keeps_it_for_the_next_line() -> None:
    parsed = result_plan("Activities: 1) one; 2) Review laws and\npolicies;")
    activities = parsed.sections[0].results[0].activities
    assert [(a.number, a.text) for a in activities] == [(1, "one"), (2, "Review laws and policies")]
    assert issues(parsed, "wrapped_line") == [
        (11, "info", "This line continues the activity on line 10 and was read as part of it.")
    ]


def test_activity_numbers_repeated_or_out_of_sequence_are_warnings() -> None:
    parsed = result_plan("Activities: 1) one; 1) again; 3) three")
    assert [(i.severity, i.code) for i in parsed.issues if "activity" in i.code] == [
        ("warning", "duplicate_activity_number"),
        ("warning", "activity_numbering"),
    ]


def test_an_activity_number_of_a_thousand_is_refused_in_words() -> None:
    with pytest.raises(ImportRejected) as refused:
        result_plan("Activities: 1) one; 1000) too many")
    assert (refused.value.code, refused.value.message) == (
        "too_large",
        "Line 10: activity number 1000) is too large; activity numbers must be below 1000.",
    )


def test_a_result_without_fields_names_each_missing_one() -> None:
    parsed = result_plan("")
    assert issues(parsed, "missing_field") == [
        (9, "warning", f"Expected result 1 of thematic area 1 has no {field} line.")
        for field in ("Output", "Activities", "Timeframe", "Membership")
    ]


def test_a_second_field_line_and_an_activity_after_another_field_name_the_field() -> None:
    parsed = result_plan("Activities: 1) one\nTimeframe: 1 year\n2) two\nMembership: IOM\nMembership: UN")
    assert [message for _line, _severity, message in issues(parsed, "activity_out_of_place")] == [
        "This activity of expected result 1 of thematic area 1 comes after its Timeframe line."
    ]
    assert [message for _line, _severity, message in issues(parsed, "duplicate_field")] == [
        "Expected result 1 of thematic area 1 has a second Membership line (the first is on line 13); its "
        "text is added to the first."
    ]


def test_the_cross_cutting_section_is_named_in_words() -> None:
    parsed = parse_text("My plan\nCross-cutting\nGCM Objectives:\nObjective 1: a\n1. A result\n1. Again")
    assert [message for _line, _severity, message in issues(parsed, "duplicate_result_number")] == [
        "Expected result number 1 appears twice in the cross-cutting section; both are kept as written."
    ]


# Whole documents: every issue with its line, severity, code and words (cut to 160 characters), and what was
# read.


def every_issue(parsed: ParsedPlan) -> list[tuple[int | None, str, str, str]]:
    return [(i.line, i.severity, i.code, i.message[:160]) for i in parsed.issues]


Shape = list[tuple[str, int | None, str, list[int], list[tuple[object, ...]]]]


def shape(parsed: ParsedPlan) -> Shape:
    """Each section and result as read, the long texts cut to their start."""
    return [
        (
            s.kind,
            s.number,
            s.title[:40],
            s.objectives,
            [
                (
                    r.number,
                    r.title,
                    r.output,
                    [(a.number, a.text, a.line) for a in r.activities],
                    r.timeframe.text and r.timeframe.text[:30],
                    r.timeframe.max_months,
                    r.timeframe.open_ended,
                    r.membership.text,
                    r.membership.organizations,
                )
                for r in s.results
            ],
        )
        for s in parsed.sections
    ]


IOM_ONLY = Reference.build(acronyms=frozenset({"IOM"}))

# Artefacts and notes, objective lists and ranges, repeated headings and fields, fields without colons,
# results out of sequence or without a heading, an untitled area, a heading read as the cross-cutting section,
# a stray line and a second cross-cutting section.
DOCUMENT_A = [
    "A plan\x07with a bell {#top}",
    "Thematic Area 1: Data [bookmark: _GoBack]",
    "and its wrapped heading",
    "GCM Objectives: 1-3, 5 & 30, 9-2, many",
    "Objective 7",
    "Expected results:",
    "Expected results: 1. First [note] result",
    "Output [intro]{.mark} text",
    "Outputs: a second",
    "Activities: 1) one 2) two;",
    "\u2022 a bullet",
    "Timeframe: 2 years",
    "Membership: IOM",
    "3. Third",
    "Activities 1) x",
    "Timeline: x",
    "Membership",
    "More members",
    "Thematic Area 2:",
    "Objective 4: Four",
    "Objective 4: Again",
    "1. Without a heading",
    "Random heading",
    "GCM Objectives: 2",
    "Stray line",
    "Cross-cutting",
    "GCM Objectives",
    "Objective 8: Eight",
    "and more",
    "Expected results:",
    "1. CC result",
    "Output: o",
    "Activities: 1) a",
    "Timeframe: ongoing",
    "Membership: nobody",
]

# No title line, a repeated objectives heading, an untitled result, empty fields, a glued and an empty
# activity, numbered activities without their label, a long timeframe, a repeated result number, a long area
# title and a heading that is no section.
DOCUMENT_B = [
    "Cross-cutting issues",
    "GCM Objectives:",
    "GCM Objectives: 4",
    "Objective 3: Three",
    "Expected results",
    "1.",
    "continues the title",
    "Output:",
    "Activities:",
    "1)glued; 2) ; 3) three",
    "Timeframe:",
    "Membership:",
    "2. Second",
    "Output: text",
    "wrapped output",
    "Membership: IOM",
    "4) stray activity",
    "Timeframe: " + "one year and " * 20,
    "2. Repeated",
    "Thematic area 3 - " + "long title " * 92,
    "GCM Objectives: 2",
    "Some other heading",
    "GCM Objectives: 5",
    "Expected results:",
    "1. Left out",
]


ISSUES_A = [
    (1, "warning", "control_character", "This line contains control characters; they were read as spaces."),
    (1, "warning", "conversion_artefact", "The conversion artefact “{#top}” was removed."),
    (2, "warning", "conversion_artefact", "The conversion artefact “[bookmark: _GoBack]” was removed."),
    (
        3,
        "info",
        "wrapped_line",
        "This line continues the heading of thematic area 1 and was read as part of it.",
    ),
    (4, "warning", "unknown_objective", "There is no GCM objective 30; it was left out."),
    (4, "warning", "objectives_unparsed", "The objective range “9-2” is not valid; it was left out."),
    (
        4,
        "warning",
        "objectives_unparsed",
        "“many” in the objectives heading is not an objective number or range; it was left out.",
    ),
    (
        7,
        "warning",
        "editorial_note",
        "The editorial note “[note]” is not part of the plan's text; it was left out.",
    ),
    (7, "info", "duplicate_heading", "“Expected results” appears twice in a row."),
    (8, "warning", "conversion_artefact", "The formatting mark-up around “intro” was removed."),
    (8, "warning", "missing_colon", "“Output” has no colon after it."),
    (
        9,
        "warning",
        "duplicate_field",
        "Expected result 1 of thematic area 1 has a second Output line (the first is on line 8); its text "
        "is added "
        "to the first.",
    ),
    (
        10,
        "info",
        "activity_separator",
        "Activities 1) and 2) are not separated by a semicolon; they were split at the number 2).",
    ),
    (
        11,
        "info",
        "unnumbered_activity",
        "An activity of expected result 1 of thematic area 1 has no number: “a bullet”.",
    ),
    (14, "warning", "result_numbering", "Expected result number 3 is out of sequence in thematic area 1."),
    (14, "warning", "missing_field", "Expected result 3 of thematic area 1 has no Output line."),
    (15, "warning", "missing_colon", "“Activities” has no colon after it."),
    (
        16,
        "warning",
        "timeframe_unparsed",
        "The timeframe “x” could not be read (“x”); only the text is kept.",
    ),
    (17, "warning", "missing_colon", "“Membership” has no colon after it."),
    (
        17,
        "warning",
        "membership_unmatched",
        "“More members” on the membership line matches no organization acronym or membership group.",
    ),
    (
        18,
        "info",
        "wrapped_line",
        "This line continues the Membership of expected result 3 of thematic area 1 and was read as part of "
        "it.",
    ),
    (19, "warning", "empty_title", "This section heading has no title."),
    (
        20,
        "warning",
        "missing_objectives_heading",
        "Objectives are listed without a “GCM Objectives” heading.",
    ),
    (21, "info", "duplicate_objective", "Objective 4 is listed twice in this section."),
    (
        22,
        "warning",
        "missing_results_heading",
        "Expected results start without an “Expected results:” heading.",
    ),
    (22, "warning", "missing_field", "Expected result 1 of thematic area 2 has no Output line."),
    (22, "warning", "missing_field", "Expected result 1 of thematic area 2 has no Activities line."),
    (22, "warning", "missing_field", "Expected result 1 of thematic area 2 has no Timeframe line."),
    (22, "warning", "missing_field", "Expected result 1 of thematic area 2 has no Membership line."),
    (
        23,
        "info",
        "cross_cutting_heading",
        "“Random heading” is read as the heading of the cross-cutting section.",
    ),
    (23, "warning", "no_results", "The cross-cutting section has no expected results."),
    (
        25,
        "warning",
        "unrecognised_line",
        "This line is not part of any section, result or field; it was left out: “Stray line”.",
    ),
    (
        26,
        "warning",
        "duplicate_section",
        "The cross-cutting section appears a second time (first on line 23); both are kept.",
    ),
    (
        29,
        "info",
        "wrapped_line",
        "This line continues the title of Objective 8 (line 28) and was read as part of it.",
    ),
    (
        35,
        "warning",
        "membership_unmatched",
        "“nobody” on the membership line matches no organization acronym or membership group.",
    ),
]
SHAPE_A = [
    (
        "thematic_area",
        1,
        "Data and its wrapped heading",
        [1, 2, 3, 5, 7],
        [
            (
                1,
                "First result",
                "intro text a second",
                [(1, "one", 10), (2, "two", 10), (None, "a bullet", 11)],
                "2 years",
                24,
                False,
                "IOM",
                ["IOM"],
            ),
            (3, "Third", None, [(1, "x", 15)], "x", None, False, "More members", []),
        ],
    ),
    ("thematic_area", 2, "", [4], [(1, "Without a heading", None, [], None, None, False, None, [])]),
    ("cross_cutting", None, "Random heading", [2], []),
    (
        "cross_cutting",
        None,
        "Cross-cutting",
        [8],
        [(1, "CC result", "o", [(1, "a", 33)], "ongoing", None, True, "nobody", [])],
    ),
]
TITLE_A = "A plan with a bell"
ISSUES_B = [
    (
        7,
        "info",
        "wrapped_line",
        "This line continues the title of expected result 1 of the cross-cutting section and was read as "
        "part of "
        "it.",
    ),
    (8, "info", "empty_field", "The Output line of expected result 1 of the cross-cutting section is empty."),
    (
        10,
        "info",
        "activity_number_spacing",
        "There is no space after “1)”; the activity was read as “glued”.",
    ),
    (
        10,
        "warning",
        "empty_activity",
        "Activity 2) of expected result 1 of the cross-cutting section has no text; it was left out.",
    ),
    (
        11,
        "info",
        "empty_field",
        "The Timeframe line of expected result 1 of the cross-cutting section is empty.",
    ),
    (
        12,
        "info",
        "empty_field",
        "The Membership line of expected result 1 of the cross-cutting section is empty.",
    ),
    (
        15,
        "info",
        "wrapped_line",
        "This line continues the Output of expected result 2 of the cross-cutting section and was read as "
        "part of "
        "it.",
    ),
    (
        17,
        "warning",
        "missing_activities_label",
        "Numbered activities appear without an “Activities:” label in expected result 2 of the cross-cutting "
        "section.",
    ),
    (
        17,
        "warning",
        "activity_numbering",
        "Activity number 4) is out of sequence in expected result 2 of the cross-cutting section.",
    ),
    (
        18,
        "warning",
        "timeframe_too_long",
        "The timeframe of expected result 2 of the cross-cutting section is longer than 250 characters; "
        "only its "
        "beginning is kept.",
    ),
    (
        18,
        "warning",
        "timeframe_unparsed",
        "The timeframe “one year and one year and one year and one year and one year and one year and one "
        "year and "
        "one year and one year and one year and one year and on",
    ),
    (
        19,
        "warning",
        "duplicate_result_number",
        "Expected result number 2 appears twice in the cross-cutting section; both are kept as written.",
    ),
    (19, "warning", "missing_field", "Expected result 2 of the cross-cutting section has no Output line."),
    (
        19,
        "warning",
        "missing_field",
        "Expected result 2 of the cross-cutting section has no Activities line.",
    ),
    (19, "warning", "missing_field", "Expected result 2 of the cross-cutting section has no Timeframe line."),
    (
        19,
        "warning",
        "missing_field",
        "Expected result 2 of the cross-cutting section has no Membership line.",
    ),
    (
        20,
        "warning",
        "long_title",
        "This section title is unusually long (1011 characters); check for a missing line break.",
    ),
    (20, "warning", "no_results", "Thematic area 3 has no expected results."),
    (
        22,
        "warning",
        "unrecognised_section",
        "“Some other heading” heads a section but is neither “Thematic Area N: …” nor the cross-cutting "
        "section; "
        "the section was left out.",
    ),
    (None, "warning", "missing_title", "The document has no title line before its first section."),
]
SHAPE_B = [
    (
        "cross_cutting",
        None,
        "Cross-cutting issues",
        [4, 3],
        [
            (
                1,
                "continues the title",
                None,
                [(1, "glued", 10), (3, "three", 10)],
                None,
                None,
                False,
                None,
                [],
            ),
            (
                2,
                "Second",
                "text wrapped output",
                [(4, "stray activity", 17)],
                "one year and one year and one ",
                None,
                False,
                "IOM",
                ["IOM"],
            ),
            (2, "Repeated", None, [], None, None, False, None, []),
        ],
    ),
    ("thematic_area", 3, "long title long title long title long ti", [2], []),
]
TITLE_B = ""


@pytest.mark.parametrize(
    ("lines", "title", "issues", "sections"),
    [
        (DOCUMENT_A, TITLE_A, ISSUES_A, SHAPE_A),
        (DOCUMENT_B, TITLE_B, ISSUES_B, SHAPE_B),
    ],
    ids=["a", "b"],
)
def test_a_document_with_every_kind_of_departure_is_read_and_reported_in_full(
    lines: list[str], title: str, issues: list[tuple[int | None, str, str, str]], sections: Shape
) -> None:
    parsed = parse_text("\n".join(lines), reference=IOM_ONLY)
    assert parsed.title == title
    assert every_issue(parsed) == issues
    assert shape(parsed) == sections


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1) a (para (b) 53) 2) b", ["1", "2"]),  # nested parentheses close one by one
        ("1) one 2", ["1"]),  # digits at the end are not read round to the start
        ("X1) a", []),  # a number glued to a letter
        ("a1) a", []),
        ("5 12) twelve", ["12"]),  # a digit two places before is not a decimal
        ("Intro.3) three", ["3"]),  # a full stop after a word, not a decimal point
        ("X.2) two", ["2"]),
        ("1.2) x", []),  # a decimal number
        ("see ) here", []),  # a bracket without a number
    ],
)
def test_activity_numbers_are_told_from_brackets_and_decimals(text: str, numbers: list[str]) -> None:
    _preamble, markers = split_activity_markers(text)
    assert [marker.written for marker in markers] == numbers


def codes_and_objectives(heading: str) -> tuple[list[int], list[tuple[int | None, str]]]:
    parsed = parse_text(f"Plan\nThematic Area 1: A\n{heading}\nExpected results:\n1. R")
    notes = [
        (i.line, i.code) for i in parsed.issues if i.code in ("unknown_objective", "objectives_unparsed")
    ]
    return parsed.sections[0].objectives, notes


@pytest.mark.parametrize(
    ("heading", "objectives", "notes"),
    [
        ("GCM Objectives: 1.", [1], []),
        ("GCM Objectives: 1, X", [1], [(3, "objectives_unparsed")]),
        ("GCM Objectives: 1 AND 2", [1, 2], []),
        ("GCM Objectives: 1,,2", [1, 2], []),
        ("GCM Objectives: 3-3", [3], []),
        ("GCM Objectives: 22-24", [22, 23], [(3, "unknown_objective")]),
        ("GCM Objectives: 60-61", [], [(3, "unknown_objective"), (3, "unknown_objective")]),
        ("GCM Objectives: 1-101", list(range(1, 24)), [(3, "unknown_objective")] * 78),
        ("GCM Objectives: 1-102", [], [(3, "objectives_unparsed")]),
        ("GCM Objectives: abc", [], [(3, "objectives_unparsed")]),
        ("GCM Objectives: 100", [], [(3, "unknown_objective")]),
        ("GCM Objectives: 0004", [], [(3, "objectives_unparsed")]),
        ("GCM Objectives: 0, 1, 23, 24", [1, 23], [(3, "unknown_objective"), (3, "unknown_objective")]),
    ],
)
def test_an_objectives_heading_reads_numbers_and_ranges(
    heading: str, objectives: list[int], notes: list[tuple[int | None, str]]
) -> None:
    assert codes_and_objectives(heading) == (objectives, notes)


def test_a_line_after_objectives_read_from_a_heading_is_not_an_objective_title() -> None:
    parsed = parse_text(
        "Plan\nThematic Area 1: A\nGCM Objectives: 1-2\nsome text\nThematic Area 2: B\nGCM Objectives:\nmore"
    )
    assert [(i.line, i.code) for i in parsed.issues if i.code in ("unrecognised_line", "wrapped_line")] == [
        (4, "unrecognised_line"),
        (7, "unrecognised_line"),
    ]


def test_objectives_known_to_the_reference_are_the_ones_taken() -> None:
    parsed = parse_text(
        "Plan\nThematic Area 1: A\nGCM Objectives: 1, 2\nExpected results:\n1. R",
        reference=Reference.build(objective_numbers=frozenset({2})),
    )
    assert parsed.sections[0].objectives == [2]


def test_a_document_without_sections_is_refused_in_words() -> None:
    with pytest.raises(ImportRejected) as refused:
        parse_text("Just a letter")
    assert (refused.value.code, refused.value.message) == (
        "no_sections",
        "No sections were found. The document must contain the cross-cutting section or headings such as "
        "“Thematic Area 1: …”, each followed by a “GCM Objectives” line.",
    )


def areas(count: int) -> str:
    return "Plan\n" + "\n".join(f"Thematic Area {k}: A\nGCM Objectives: 1" for k in range(1, count + 1))


def test_a_document_may_have_a_hundred_sections_and_no_more() -> None:
    assert len(parse_text(areas(100)).sections) == 100
    with pytest.raises(ImportRejected) as refused:
        parse_text(areas(101))
    assert (refused.value.code, refused.value.message) == (
        "too_large",
        "The document has more than 100 sections.",
    )


def results(count: int) -> str:
    return "Plan\nThematic Area 1: A\nGCM Objectives: 1\nExpected results:\n" + "\n".join(
        f"{k}. R" for k in range(1, count + 1)
    )


def test_a_section_may_have_a_thousand_results_and_no_more() -> None:
    assert len(parse_text(results(1000)).sections[0].results) == 1000
    with pytest.raises(ImportRejected) as refused:
        parse_text(results(1001))
    assert (refused.value.code, refused.value.message) == (
        "too_large",
        "A section has more than 1000 expected results.",
    )


def test_a_section_without_objectives_and_a_result_without_title_are_reported() -> None:
    parsed = parse_text("Plan\nThematic Area 1: A\nExpected results:\n1.\nOutput: o")
    assert issues(parsed, "missing_objectives") == [
        (2, "warning", "Thematic area 1 lists no GCM objectives.")
    ]
    assert issues(parsed, "empty_title") == [(4, "warning", "Expected result 1 has no title.")]


@pytest.mark.parametrize(("length", "noted"), [(250, False), (251, True)])
def test_a_title_of_up_to_250_characters_is_kept_whole(length: int, noted: bool) -> None:
    # Cut at 250 characters, the title of 251 ends in a space, which goes.
    title = "T" * 248 + " x" if length == 250 else "T" * 249 + " y"
    parsed = parse_text(f"{title}\nThematic Area 1: A\nGCM Objectives: 1")
    assert parsed.title == ("T" * 248 + " x" if length == 250 else "T" * 249)
    assert issues(parsed, "long_title") == (
        [(1, "warning", "The document title is longer than 250 characters; only its beginning is kept.")]
        if noted
        else []
    )


@pytest.mark.parametrize(("length", "noted"), [(1000, False), (1001, True)])
def test_a_section_title_over_a_thousand_characters_is_reported(length: int, noted: bool) -> None:
    parsed = parse_text(f"Plan\nThematic Area 1: {'t' * length}\nGCM Objectives: 1")
    assert [i.code for i in parsed.issues if i.code == "long_title"] == (["long_title"] if noted else [])


def test_a_timeframe_of_250_characters_is_kept_and_wrapped_fields_are_joined_with_spaces() -> None:
    units = ["about two years"] * 15 + ["and a bits"]
    assert len(" ".join(units)) == 250
    first, rest = " ".join(units[:8]), " ".join(units[8:])
    parsed = result_plan(f"Timeframe: {first}\n{rest}\nMembership: IOM\nUN")
    result = parsed.sections[0].results[0]
    assert result.timeframe.text == " ".join(units)
    assert [i.code for i in parsed.issues if i.code == "timeframe_too_long"] == []
    assert result.membership.text == "IOM UN"
    # Cut at 250 characters, a timeframe of 251 ends in a space, which goes.
    cut = result_plan(f"Timeframe: {'x' * 249} y").sections[0].results[0]
    assert cut.timeframe.text == "x" * 249


def test_the_results_heading_is_missed_once_per_section() -> None:
    parsed = parse_text("Plan\nThematic Area 1: A\nGCM Objectives:\nstray\n1. R\n2. S")
    assert [
        (i.line, i.code) for i in parsed.issues if i.code in ("missing_results_heading", "unrecognised_line")
    ] == [
        (4, "unrecognised_line"),
        (5, "missing_results_heading"),
    ]


@pytest.mark.parametrize(
    ("lines", "title", "sections"),
    [
        # An objectives sentence before the first section is the title.
        (
            ["Objectives of the plan", "Thematic Area 1: A", "GCM Objectives: 1"],
            "Objectives of the plan",
            [(1, [1], [])],
        ),
        # Within a result of a section without objectives, an objectives line is text.
        (
            ["P", "Thematic Area 1: A", "Expected results:", "1. R", "Objectives: 4"],
            "P",
            [(1, [], ["R Objectives: 4"])],
        ),
        # Results may follow the heading directly, with or without their own heading.
        (["P", "Thematic Area 1: A", "Expected results:", "1. R"], "P", [(1, [], ["R"])]),
        (["P", "Thematic Area 1: A", "1. R"], "P", [(1, [], ["R"])]),
        (["P", "Thematic Area 1: A", "Expected result 1: R"], "P", [(1, [], ["R"])]),
        (
            ["P", "Thematic Area 1: A", "Expected results:", "Expected result 1: R", "Result 2. S"],
            "P",
            [(1, [], ["R", "S"])],
        ),
        # A cross-cutting heading at the start needs no objectives after it.
        (["Cross-cutting issues", "Expected results:", "1. R"], "", [(None, [], ["R"])]),
        # A result line followed by an objectives heading is still a result.
        (
            ["P", "Thematic Area 1: A", "GCM Objectives: 1", "1. R", "GCM Objectives: 2"],
            "P",
            [(1, [1], ["R GCM Objectives: 2"])],
        ),
        # The last line is not followed by the first one.
        (
            ["GCM Objectives: 1", "Thematic Area 1: A", "GCM Objectives: 1", "1. R", "Last line"],
            "GCM Objectives: 1",
            [(1, [1], ["R Last line"])],
        ),
    ],
)
def test_lines_are_read_by_what_comes_before_them(
    lines: list[str], title: str, sections: list[tuple[int | None, list[int], list[str]]]
) -> None:
    parsed = parse_text("\n".join(lines))
    assert parsed.title == title
    assert [(s.number, s.objectives, [r.title for r in s.results]) for s in parsed.sections] == sections


def test_a_result_on_the_results_heading_line_keeps_that_line() -> None:
    parsed = parse_text("P\nThematic Area 1: A\nGCM Objectives: 1\nExpected results: 1. R")
    assert parsed.sections[0].results[0].line == 4


def test_field_words_without_a_colon_are_fields_only_where_they_cannot_be_text() -> None:
    parsed = result_plan("Output: a\noutput of the workshop\nmembers of IOM")
    result = parsed.sections[0].results[0]
    assert (result.output, result.membership.text) == ("a output of the workshop members of IOM", None)


def test_an_activity_after_another_field_is_reported_and_its_next_line_continues_it() -> None:
    parsed = result_plan("Activities: 1) one\nTimeframe: 1 year\n2) two\nthree")
    assert [(a.number, a.text) for a in parsed.sections[0].results[0].activities] == [
        (1, "one"),
        (2, "two three"),
    ]
    assert issues(parsed, "activity_out_of_place") == [
        (
            12,
            "warning",
            "This activity of expected result 1 of thematic area 1 comes after its Timeframe line.",
        )
    ]


def test_a_second_activities_line_adds_its_text_as_a_new_activity() -> None:
    parsed = result_plan("Activities: 1) one\nActivities: more")
    assert [(a.number, a.text) for a in parsed.sections[0].results[0].activities] == [
        (1, "one"),
        (None, "more"),
    ]


def test_a_wrapped_line_of_an_untitled_objective_is_not_added_to_the_one_before() -> None:
    parsed = result_plan("Output: o", objective="Objective 1: Cross-border data\nObjective 2\nextra words")
    assert messages(parsed, "objective_wording") == []


def test_a_control_character_at_the_end_of_a_line_is_reported_and_a_final_capital_kept() -> None:
    parsed = parse_text("Annex X\r\nThematic Area 1: A\x1f\nGCM Objectives: 1")
    assert parsed.title == "Annex X"
    assert [(i.line, i.code) for i in parsed.issues if i.code == "control_character"] == [
        (2, "control_character")
    ]


def test_a_second_objectives_heading_before_any_objective_reports_on_its_own_line() -> None:
    parsed = parse_text("Plan\nThematic Area 1: A\nGCM Objectives:\nGCM Objectives: abc")
    assert [(i.line, i.code) for i in parsed.issues if i.code == "objectives_unparsed"] == [
        (4, "objectives_unparsed")
    ]


def test_a_results_heading_right_after_the_section_heading_is_not_part_of_its_title() -> None:
    parsed = parse_text("Plan\nThematic Area 1: A\nExpected results:\n1. R")
    assert parsed.sections[0].title == "A"
    assert [i.code for i in parsed.issues if i.code in ("wrapped_line", "missing_results_heading")] == []


# Reading files --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_text_of_either_byte_order_is_refused_as_utf16(bom: bytes) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_document(bom + "Plan".encode("utf-16-le"), "plan.txt")
    assert (refused.value.code, refused.value.message) == (
        "not_utf8",
        "The file is UTF-16 text; save it as UTF-8 and upload it again.",
    )


def read_text_file(data: bytes) -> tuple[str, str]:
    """The text read from `data` as a .txt file, or the code and message of its refusal."""
    try:
        return ("read", read_document(data, "plan.txt"))
    except ImportRejected as refused:
        return (refused.code, refused.message)


@pytest.mark.parametrize(
    ("size", "allowed"),
    [
        (100, 8),  # a short file may hold up to 8 control characters
        (2000, 20),  # a longer one up to one in a hundred of its bytes
    ],
)
def test_a_text_file_with_a_few_control_characters_is_read_and_with_one_more_is_binary(
    size: int, allowed: int
) -> None:
    def text_with(controls: int) -> bytes:
        return b"\x01" * controls + b"a" * (size - controls)

    assert read_text_file(text_with(allowed)) == ("read", text_with(allowed).decode())
    assert read_text_file(text_with(allowed + 1)) == ("binary", "The file is binary, not text.")


def test_a_file_that_is_not_utf8_is_refused_with_the_line_of_its_first_bad_byte() -> None:
    assert read_text_file(b"\nPlan\n\xff") == (
        "not_utf8",
        "The file is not UTF-8 text (the first invalid byte is on line 3). Save it as UTF-8 and upload it "
        "again.",
    )


def test_markdown_mark_up_is_removed_line_by_line() -> None:
    markdown = "\n".join(
        [
            "# Work plan #",
            "  - **Output:** [the site](https://example.org) \\*not bold\\*",
            "__Membership:__ IOM\r",
            "Annex X\r",
            "Kept  \r",
            "  A hard break\\  ",
            "Two backslashes \\\\  ",
            "plain",
        ]
    )
    assert strip_markdown(markdown).split("\n") == [
        "Work plan",
        "Output: the site (https://example.org) *not bold*",
        "Membership: IOM",
        "Annex X",
        "Kept  ",
        "  A hard break",
        "Two backslashes \\  ",
        "plain",
    ]


def test_a_markdown_file_is_read_without_its_mark_up() -> None:
    assert (
        read_document(b"## Thematic Area 1: Data\n* Output: a", "plan.MD")
        == "Thematic Area 1: Data\nOutput: a"
    )


NUMBERING = b"""<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
<w:lvlText w:val="%1.%2."/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def test_a_list_level_the_numbering_does_not_define_counts_in_decimals_from_one_and_draws_nothing() -> None:
    numbering = _Numbering(parse_small(NUMBERING), None)
    # Level 0 shows the undefined level 1 too: as a decimal starting at 1.
    assert numbering.prefix(DocxParagraph(text="First", num_id="1", level="0")) == "1.1. "
    # A paragraph at an undefined level has no number text of its own.
    assert numbering.prefix(DocxParagraph(text="Deeper", num_id="1", level="3")) == ""


STYLES = b"""<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:styleId="Numbered">
<w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="0"/></w:numPr></w:pPr></w:style>
<w:style w:styleId="Child"><w:basedOn w:val="Numbered"/></w:style>
<w:style w:styleId="Loop"><w:basedOn w:val="Round"/></w:style>
<w:style w:styleId="Round"><w:basedOn w:val="Loop"/></w:style>
</w:styles>"""


def test_a_paragraph_takes_its_numbering_from_the_styles_it_is_based_on_and_a_loop_of_styles_ends() -> None:
    numbering = _Numbering(parse_small(NUMBERING), parse_small(STYLES))
    assert numbering.prefix(DocxParagraph(text="Inherited", style="Child")) == "1.1. "
    # Two styles based on each other name no numbering: the search stops instead of going round.
    assert numbering.prefix(DocxParagraph(text="Plain", style="Loop")) == ""


def test_a_file_of_five_megabytes_is_taken_and_a_larger_one_refused_with_its_size() -> None:
    check_size(5 * 1024 * 1024)
    with pytest.raises(ImportTooLarge) as refused:
        check_size(5_295_624)  # 5.0503 MB, written to one decimal
    assert (refused.value.code, refused.value.status_code, refused.value.message) == (
        "too_large",
        413,
        "The file is 5.1 MB; the largest work plan document accepted is 5 MB.",
    )


UNSUPPORTED = "is not a supported file type (supported: .txt, .md, .docx)."


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        (
            "plan.doc",
            f"“plan.doc” {UNSUPPORTED} Save Word documents as .docx.",
        ),
        (
            "plan.RTF",
            f"“plan.RTF” {UNSUPPORTED} Save Word documents as .docx.",
        ),
        (
            "plan.odt",
            f"“plan.odt” {UNSUPPORTED} Save Word documents as .docx.",
        ),
        ("plan.pdf", f"“plan.pdf” {UNSUPPORTED}"),
        ("", f"“?” {UNSUPPORTED}"),
    ],
)
def test_an_unsupported_file_is_refused_by_name_with_a_hint_for_word_formats(
    filename: str, message: str
) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_document(b"Plan", filename)
    assert (refused.value.code, refused.value.message) == ("unsupported_type", message)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"  \n", "plan.txt", "The file is empty."),
        (b"# \n", "plan.md", "The document contains no text."),
        (
            b"PK\x03\x04 not a zip",
            "plan.docx",
            "The file is not a valid .docx document (it may be damaged, or another kind of file renamed).",
        ),
    ],
)
def test_an_empty_or_damaged_file_is_refused_in_words(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(ImportRejected) as refused:
        read_document(data, filename)
    assert refused.value.message == message


def test_a_markdown_file_may_have_the_long_suffix() -> None:
    assert read_document(b"**Plan**", "plan.markdown") == "Plan"


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LISTS = f"""<w:numbering {W_NS}>
<w:abstractNum w:abstractNumId="0">
<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl>
<w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/></w:lvl>
<w:lvl w:ilvl="3"><w:numFmt w:val="none"/><w:lvlText w:val="x"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1">
<w:lvl w:ilvl="0"><w:start w:val="x"/><w:lvlText w:val="(%1)"/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="0"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num>
<w:abstractNum w:abstractNumId="2">
<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1-%2"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2"/></w:lvl>
</w:abstractNum>
<w:num w:numId="4"><w:abstractNumId w:val="0"/>
<w:lvlOverride w:ilvl="0"><w:startOverride w:val="x"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="0"><w:abstractNumId w:val="0"/></w:num>
<w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/></w:lvl></w:abstractNum>
<w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>""".encode()
LIST_STYLES = f"""<w:styles {W_NS}>
<w:style w:styleId="Sub"><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>""".encode()


def test_list_numbers_count_per_list_and_level_from_their_start_in_their_format() -> None:
    numbering = _Numbering(parse_small(LISTS), parse_small(LIST_STYLES))
    paragraphs = [
        DocxParagraph(num_id="1", level="0"),
        DocxParagraph(num_id="1", level="1"),
        DocxParagraph(num_id="1", level="1"),
        DocxParagraph(num_id="1", level="0"),  # a higher level starts the lower ones again
        DocxParagraph(num_id="1", level="1"),
        DocxParagraph(num_id="1", level="2"),  # a bullet draws no number
        DocxParagraph(num_id="1", level="3"),  # nor does a level without numbers
        DocxParagraph(style="Sub"),  # numbered through its style, at the style's level
        DocxParagraph(style="Sub", level="0"),  # its own level before the style's
        DocxParagraph(num_id="2", level="0"),  # another list of the same kind, started at 10
        DocxParagraph(num_id="3", level="0"),  # a start that is no number starts at 1
        DocxParagraph(num_id="1", level="x"),
        DocxParagraph(num_id="0", level="0"),  # list 0 is no list, even where the numbering defines one
        DocxParagraph(num_id="4", level="0"),  # an override that is no number leaves the start as it was
        DocxParagraph(num_id="5", level="0"),  # a deeper level not counted yet shows its start
        DocxParagraph(num_id="9", level="0"),
        DocxParagraph(style="Unknown"),
        DocxParagraph(num_id="6", level="0"),  # a level without text to show draws nothing
    ]
    assert [numbering.prefix(p) for p in paragraphs] == [
        "3. ", "3.a) ", "3.b) ", "4. ", "4.a) ", "", "", "4.b) ", "5. ", "10. ", "(1) ", "",
        "", "3. ", "1-5 ", "", "", "",
    ]  # fmt: skip


def test_a_zip_file_named_as_text_is_refused_with_a_hint() -> None:
    assert read_text_file(b"PK\x03\x04 zipped") == (
        "binary",
        "The file looks like a Word or zip document, not plain text; upload it with the .docx extension.",
    )


@pytest.mark.parametrize(("site_limit", "word_limit"), [(10**9, 50 * 1024 * 1024), (1000, 1000)])
def test_a_word_file_unpacks_to_no_more_than_the_lower_of_the_site_and_work_plan_limits(
    settings: Any, site_limit: int, word_limit: int
) -> None:
    settings.GCMHUB_DOCUMENT_MAX_UNPACKED_BYTES = site_limit
    settings.GCMHUB_DOCUMENT_MAX_PART_BYTES = site_limit
    limits = _docx_limits()
    assert (limits.max_unpacked_bytes, limits.max_part_bytes) == (word_limit, word_limit)
