"""The importer on the shipped document, as the test session stored it: every section, result, activity,
timeframe and membership, and every anomaly with its line number."""

# The work plan's own en dashes and typographic apostrophes are quoted as written.
# ruff: noqa: RUF001

import pytest

from gcmhub.workplan.export import version_as_dict
from gcmhub.workplan.importer import parse_text, reference_from_db
from gcmhub.workplan.models import Activity, ExpectedResult, ImportIssue, Section
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_TEXT, current

pytestmark = pytest.mark.django_db

EXPECTED_OBJECTIVES = {
    "cc": list(range(1, 24)),
    "ta1": [1, 3, 17, 23],
    "ta2": [2, 7, 8, 12, 13, 23],
    "ta3": [9, 10, 11, 14, 21, 23],
    "ta4": [5, 6, 18, 19, 20, 23],
    "ta5": [4, 15, 16, 22, 23],
}

SECTION_TITLES = [
    ("cross_cutting", None, "Cross-cutting/programming (title tbc)"),
    ("thematic_area", 1, "Promoting fact-based and data-driven migration discourse, policy and planning"),
    (
        "thematic_area",
        2,
        "Protecting the human rights, safety and wellbeing of migrants, including through addressing "
        "drivers and "
        "mitigating situations of vulnerability in migration",
    ),
    (
        "thematic_area",
        3,
        "Addressing irregular migration including through managing borders and combatting transnational "
        "crime",
    ),
    (
        "thematic_area",
        4,
        "Facilitating regular migration, decent work and enhancing the positive development effects of human "
        "mobility",
    ),
    ("thematic_area", 5, "Improving the social inclusion and integration of migrants"),
]

# key: (title, output, number of activities)
RESULTS: dict[str, tuple[str, str | None, int]] = {
    "cc.1": ("Establishment of the Migration Multi-Partner Trust Fund and a result-based matrix", None, 3),
    "cc.2": ("Establishment of a knowledge platform and connection hub", None, 4),
    "cc.3": ("Development of Network communications strategy", None, 3),
    "cc.4": (
        "Support the development of national implementation plans compliant with international law",
        "Increased capacity for the formulation and implementation of ambitious national responses for the "
        "implementation of the GCM through the voluntary elaboration and use of a national implementation "
        "plan "
        "(para. 53)",
        4,
    ),
    "cc.5": ("Integration of GCM in mandatory common country analysis and renewed UNDAFs", None, 2),
    "cc.6": (
        "Support to International Migration Review Forums and regional review forums",
        "Secretariat and substantive support provided to the co-facilitators to the consultations and "
        "negotiations to determine the modalities and organizational aspects of the International Migration "
        "Review Forum (IMRF)",
        3,
    ),
    "cc.7": (
        "Preparing for situations requiring coordinated approaches to situations at regional or country "
        "level",
        "Support coordinated UN System response to situations at regional and country level",
        2,
    ),
    "cc.8": (
        "Support the Secretary- General biennial reporting to the General Assembly",
        "Support provided to the Secretary-General to report to the General Assembly on a biennial basis "
        "on the "
        "implementation of the GCM, the activities of the UN system in this regard, as well as the "
        "functioning "
        "of the institutional arrangements (para. 46)",
        2,
    ),
    "cc.9": (
        "Support Member States in integrating national implementation plans in their contributions to the "
        "High-Level Political Forum, in particular the thematic and voluntary national reviews taking place "
        "under ECOSOC.",
        None,
        0,
    ),
    "ta1.1": (
        "Develop a global programme to strengthen migration-related data (GCM, para 17c)",
        "Global programme on migration-related data",
        1,
    ),
    "ta1.2": (
        "Enhance evidence base concerning transnational crime on key migration routes",
        "National data collection and regional reports on crime victimisation, corruption, and illicit "
        "financial flows relating to migration.",
        0,
    ),
    "ta2.1": ("Enhancing regular pathways for migrants in vulnerable situations", None, 2),
    "ta2.2": ("Promoting alternatives to detention", None, 2),
    "ta2.3": ("Protecting the best interests of the child in the context of migration", None, 1),
    "ta2.4": (
        "Reducing vulnerabilities to human trafficking in conflict-affected areas",
        "Support to relevant countries to identify and respond to trafficking in persons",
        0,
    ),
    "ta3.1": (
        "Ensuring returns and reintegration measure are sustainable/address drivers and pull factors",
        None,
        3,
    ),
    "ta3.2": (
        "Strengthening international cooperation to counter crime along migration routes",
        "Increased capacity to impact on transnational organised crime jeopardizing the life and safety of "
        "migrants",
        0,
    ),
    "ta4.1": (
        "Promoting fair and ethical recruitment and skills recognition through practical guidance, such "
        "as on "
        "Bilateral Labour Agreements, to foster regular, safe and fair migration",
        None,
        4,
    ),
    "ta5.1": ("Ensuring access to services for all migrants", None, 2),
}

# key: (text, min, max, recurrence, open-ended)
TIMEFRAMES: dict[str, tuple[str | None, int | None, int | None, int | None, bool]] = {
    "cc.1": ("1 year", 12, 12, None, False),
    "cc.2": ("6 months", 6, 6, None, False),
    "cc.3": ("6 months", 6, 6, None, False),
    "cc.4": ("1-2 years", 12, 24, None, False),
    "cc.5": ("6 months – 1 year", 6, 12, None, False),
    "cc.6": ("7 months", 7, 7, None, False),
    "cc.7": ("1 year", 12, 12, None, False),
    "cc.8": ("Biennial", None, None, 24, False),
    "cc.9": (None, None, None, None, False),
    "ta1.1": ("Multi-year", None, None, None, True),
    "ta1.2": (None, None, None, None, False),
    "ta2.1": ("1 year", 12, 12, None, False),
    "ta2.2": ("6 months – 1 year", 6, 12, None, False),
    "ta2.3": ("1 year", 12, 12, None, False),
    "ta2.4": (None, None, None, None, False),
    "ta3.1": ("1 year", 12, 12, None, False),
    "ta3.2": (None, None, None, None, False),
    "ta4.1": ("18 months – 2years", 18, 24, None, False),
    "ta5.1": (None, None, None, None, False),
}

NETWORK_AND_PARTNERS = (["Network members", "Other partners"], True, True)
# key: (organizations, groups, tbd, ToRs)
MEMBERSHIPS: dict[str, tuple[list[str], list[str], bool, bool]] = {
    "cc.1": ([], ["CSOs", "Executive Committee members", "Network members"], False, False),
    "cc.2": ([], ["Network members"], True, False),
    "cc.3": ([], ["Executive Committee members", "Network members", "Other stakeholders"], False, False),
    "cc.4": ([], ["CSOs", "NHRIs", "Network members"], True, False),
    "cc.5": ([], ["Network members"], True, False),
    "cc.6": (["DESA", "IOM"], [], False, False),
    "cc.7": (
        [],
        [
            "Executive Committee members",
            "Existing coordination mechanisms",
            "Network members",
            "Relevant regional bodies",
        ],
        True,
        False,
    ),
    "cc.8": ([], ["Executive Committee members", "Network members"], False, True),
    "cc.9": ([], [], False, False),
    "ta1.1": (
        [],
        ["Network members", "Other partners", "UN Expert Group on Migration Statistics"],
        True,
        True,
    ),
    **{
        key: ([], *NETWORK_AND_PARTNERS)
        for key in ("ta1.2", "ta2.1", "ta2.2", "ta2.3", "ta2.4", "ta3.1", "ta3.2")
    },
    **{key: ([], *NETWORK_AND_PARTNERS) for key in ("ta4.1", "ta5.1")},
}

# Every anomaly of the shipped document: (line, severity, code).
EXPECTED_ISSUES = [
    (9, "info", "empty_field"),
    (14, "info", "empty_field"),
    (19, "info", "empty_field"),
    (29, "warning", "missing_colon"),
    (29, "info", "empty_field"),
    (30, "warning", "duplicate_activity_number"),
    (33, "info", "lead_proposed"),
    (35, "info", "activity_separator"),
    (35, "info", "activity_separator"),
    (48, "warning", "missing_field"),
    (48, "warning", "missing_field"),
    (48, "warning", "missing_field"),
    (48, "warning", "missing_field"),
    (54, "warning", "objective_wording"),
    (61, "info", "unnumbered_activity"),
    (66, "info", "empty_field"),
    (67, "info", "empty_field"),
    (82, "info", "empty_field"),
    (87, "info", "empty_field"),
    (92, "info", "empty_field"),
    (98, "info", "empty_field"),
    (99, "info", "empty_field"),
    (109, "warning", "objective_wording"),
    (114, "info", "empty_field"),
    (120, "info", "empty_field"),
    (121, "info", "empty_field"),
    (135, "warning", "missing_field"),
    (136, "warning", "editorial_note"),
    (139, "info", "activity_number_spacing"),
    (141, "warning", "timeframe_missing_space"),
    (142, "warning", "conversion_artefact"),
    (151, "info", "wrapped_line"),
    (156, "info", "empty_field"),
    (158, "info", "empty_field"),
]


def results_by_key() -> dict[str, ExpectedResult]:
    results = ExpectedResult.objects.filter(section__version=current()).select_related("section")
    return {r.key: r for r in results.prefetch_related("organizations", "groups", "activities")}


def activity_texts(key: str) -> list[tuple[int | None, str]]:
    return [(a.number, a.text) for a in results_by_key()[key].activities.order_by("position")]


def test_it_stores_the_title_and_six_sections_in_order() -> None:
    version = current()
    assert version.number == 1
    assert version.title == "Draft UN Migration Network Multi-Annual Work Plan"
    sections = list(Section.objects.filter(version=version).order_by("position"))
    assert [(s.kind, s.number, s.title) for s in sections] == SECTION_TITLES
    assert [s.key for s in sections] == ["cc", "ta1", "ta2", "ta3", "ta4", "ta5"]
    assert [s.results.count() for s in sections] == [9, 2, 4, 2, 1, 1]
    assert ExpectedResult.objects.filter(section__version=version).count() == 19


def test_it_links_each_section_to_its_objectives() -> None:
    sections = Section.objects.filter(version=current()).prefetch_related("objectives")
    assert {s.key: sorted(o.number for o in s.objectives.all()) for s in sections} == EXPECTED_OBJECTIVES


@pytest.mark.parametrize("key", list(RESULTS))
def test_it_reads_every_result_title_output_and_activity_count(key: str) -> None:
    result = results_by_key()[key]
    title, output, activity_count = RESULTS[key]
    assert (result.title, result.output, result.activities.count()) == (title, output, activity_count)


def test_it_stores_line_numbers_of_sections_results_and_activities() -> None:
    sections = {s.key: s.line for s in Section.objects.filter(version=current())}
    assert sections == {"cc": 3, "ta1": 50, "ta2": 70, "ta3": 102, "ta4": 124, "ta5": 144}
    results = results_by_key()
    assert (results["cc.1"].line, results["cc.9"].line, results["ta4.1"].line) == (8, 48, 135)
    assert [a.line for a in results["ta4.1"].activities.order_by("position")] == [137, 138, 139, 140]


def test_it_keeps_two_activities_both_numbered_1() -> None:
    assert activity_texts("cc.5") == [
        (
            1,
            "Support the UNSDG core group working on restructuring the UNDAFs to ensure inclusion of the GCM",
        ),
        (
            1,
            "Identify 1-2 countries under UNDAF renewal and where there is a significant migration "
            "component to "
            "promote integration of GCM",
        ),
    ]


def test_it_splits_activities_joined_by_and_without_semicolons() -> None:
    assert activity_texts("cc.6") == [
        (1, "provide logistical support, including note taking during the consultations and negotiations"),
        (2, "seek inputs from Network members, Member States and other relevant stakeholders"),
        (3, "provide substantive inputs to the draft resolutions"),
    ]


def test_it_reads_activities_on_their_own_lines_and_a_number_without_space() -> None:
    texts = activity_texts("ta4.1")
    assert [number for number, _text in texts] == [1, 2, 3, 4]
    assert texts[0][1].startswith("Develop guidance on how to implement bilateral agreements/arrangements")
    assert texts[0][1].endswith("fostering and protection of migrant workers’ rights")
    assert texts[2][1] == (
        "Increase the number of countries testing the SDG methodology for target 10.7.1 developed by ILO and "
        "World Bank, and generating data to inform policies."
    )
    assert all("Options for specific" not in text for _number, text in texts)


def test_it_reads_miscellaneous_as_one_unnumbered_activity() -> None:
    assert activity_texts("ta1.1") == [
        (None, "Miscellaneous (handbooks, guidelines, workshops, training programmes)")
    ]


def test_it_does_not_read_para_or_eg_as_activity_numbers() -> None:
    texts = [text for _number, text in activity_texts("cc.3")]
    assert len(texts) == 3
    assert "tools (e.g. policy and operational recommendations) and mechanisms" in texts[1]
    assert [n for n, _t in activity_texts("cc.4")] == [1, 2, 3, 4]
    assert activity_texts("cc.4")[3] == (4, "develop searchable database for national implementation plans.")


def test_activities_keep_document_order_in_inline_lists() -> None:
    assert activity_texts("cc.1") == [
        (1, "operationalize the trust fund including through agency agreements with MPTFO"),
        (2, "organize possible side event of the trust fund during HLPF"),
        (
            3,
            "develop a results-based matrix within the first year of the trust fund to monitor and result "
            "on the "
            "impact of the fund",
        ),
    ]


@pytest.mark.parametrize("key", list(TIMEFRAMES))
def test_it_parses_every_timeframe(key: str) -> None:
    r = results_by_key()[key]
    parsed = (r.timeframe_text, r.min_months, r.max_months, r.recurrence_months, r.open_ended)
    assert parsed == TIMEFRAMES[key]


@pytest.mark.parametrize("key", list(MEMBERSHIPS))
def test_it_reads_every_membership(key: str) -> None:
    r = results_by_key()[key]
    organizations = sorted(o.acronym for o in r.organizations.all())
    groups = sorted(g.name for g in r.groups.all())
    assert (organizations, groups, r.membership_tbd, r.membership_tors) == MEMBERSHIPS[key]


def test_it_keeps_the_membership_text_without_the_artefact() -> None:
    results = results_by_key()
    assert results["ta4.1"].membership_text == "Network members tbd, other partners (ToRs)"
    assert results["cc.8"].membership_text == (
        "All Network members to provide inputs; Executive Committee members to provide overarching guidance "
        "(ToRs)"
    )
    assert results["cc.9"].membership_text is None
    assert "https://unstats.un.org/unsd/demographic-social/migration-expert-group/" in str(
        results["ta1.1"].membership_text
    )


def test_it_reports_every_anomaly_with_its_line() -> None:
    issues = ImportIssue.objects.filter(version=current()).order_by("line", "pk")
    assert [(i.line, i.severity, i.code) for i in issues] == EXPECTED_ISSUES
    assert all(i.message for i in issues)


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        (29, "missing_colon", "“Output” has no colon"),
        (30, "duplicate_activity_number", "Activity number 1) appears twice in expected result 5"),
        (48, "missing_field", "Expected result 9 of the cross-cutting section has no Output line"),
        (135, "missing_field", "Expected result 1 of thematic area 4 has no Output line"),
        (136, "editorial_note", "[Options for specific Activities/results]"),
        (141, "timeframe_missing_space", "“2years”"),
        (142, "conversion_artefact", "[bookmark: _GoBack]"),
        (151, "wrapped_line", "Objective 22 (line 150)"),
        (54, "objective_wording", "its official title is “Provide accurate and timely information"),
        (109, "objective_wording", "“Cooperate in facilitating safe and dignified return and readmission"),
    ],
)
def test_each_report_message_says_what_happened(line: int, code: str, words: str) -> None:
    messages = ImportIssue.objects.filter(version=current(), line=line, code=code).values_list(
        "message", flat=True
    )
    assert any(words in message for message in messages), list(messages)


def test_planned_dates_count_from_the_plan_start() -> None:
    results = results_by_key()
    first = results["cc.1"].activities.order_by("position").first()
    assert first is not None
    assert (str(first.planned_start), str(first.planned_end)) == ("2019-01-01", "2020-01-01")
    biennial = Activity.objects.filter(result=results["cc.8"])
    assert {(str(a.planned_start), a.planned_end) for a in biennial} == {("2019-01-01", None)}
    longest = Activity.objects.filter(result=results["ta4.1"])
    assert {str(a.planned_end) for a in longest} == {"2021-01-01"}


def test_the_pure_parse_equals_what_was_stored() -> None:
    parsed = parse_text(SHIPPED_TEXT, reference=reference_from_db())
    stored = version_as_dict(current())
    assert {**parsed.as_dict(), "version": 1} == stored
    assert parsed.structure_sha256() == current().structure_sha256
    # Leads are proposed when the version is stored, so the parse alone does not report them.
    from_parse = [issue for issue in EXPECTED_ISSUES if issue[2] != "lead_proposed"]
    assert [(i.line, i.severity, i.code) for i in parsed.issues] == from_parse
