"""The importer warns, with the line, where the document words a GCM objective otherwise than its official
title (A/RES/73/195). Pure: no database."""

from gcmhub.workplan.importer import Reference, parse_text
from gcmhub.workplan.importer.structure import Issue

OFFICIAL = {
    3: "Provide accurate and timely information at all stages of migration",
    7: "Address and reduce vulnerabilities in migration",
}
REFERENCE = Reference.build(acronyms=frozenset({"IOM"}), objective_titles=OFFICIAL)


def wording_issues(objectives: str) -> list[Issue]:
    text = (
        "My plan\n\nThematic Area 1: Data\n\nGCM Objectives:\n"
        f"{objectives}\n\nExpected results:\n1. A result\nOutput: A thing\nActivities: 1) one\n"
        "Timeframe: 1 year\nMembership: IOM"
    )
    parsed = parse_text(text, reference=REFERENCE)
    return [issue for issue in parsed.issues if issue.code == "objective_wording"]


def test_a_paraphrased_title_is_a_warning_on_its_line_naming_both_wordings() -> None:
    issues = wording_issues(
        "Objective 7: Address and reduce vulnerabilities in migration\n"
        "Objective 3: Provide adequate and timely information at all stages of migration"
    )
    assert [(issue.line, issue.severity) for issue in issues] == [(7, "warning")]
    assert "“Provide adequate and timely information at all stages of migration”" in issues[0].message
    assert "official title is “Provide accurate and timely information" in issues[0].message


def test_a_title_wrapped_onto_the_next_line_is_compared_whole() -> None:
    assert (
        wording_issues("Objective 3: Provide accurate and timely information\nat all stages of migration")
        == []
    )
    issues = wording_issues(
        "Objective 3: Provide accurate and timely information\nat some stages of migration"
    )
    assert [issue.line for issue in issues] == [6]
    assert "at some stages of migration" in issues[0].message


def test_case_spacing_and_a_closing_full_stop_are_not_a_different_wording() -> None:
    assert (
        wording_issues("Objective 3:  provide Accurate and timely information at all stages of migration.")
        == []
    )


def test_an_objective_given_by_number_alone_or_without_a_known_title_is_not_checked() -> None:
    assert wording_issues("Objective 3\nObjective 12: Something else entirely") == []
    without_reference = parse_text("T\n\nThematic Area 1: D\nGCM Objectives:\nObjective 3: Other words\n")
    assert "objective_wording" not in {issue.code for issue in without_reference.issues}
