"""`diff_versions`: exactly what changed between two versions, by stable keys, with readable titles."""

import json

import pytest

from gcmhub.workplan.diff import diff_versions
from gcmhub.workplan.importer import import_document
from gcmhub.workplan.models import WorkPlanVersion
from gcmhub.workplan.tests.fixtures.importer import changed, current

pytestmark = pytest.mark.django_db

CC = "Cross-cutting/programming (title tbc)"
TA2 = (
    "Protecting the human rights, safety and wellbeing of migrants, including through addressing drivers and "
    "mitigating situations of vulnerability in migration"
)
TA3 = "Addressing irregular migration including through managing borders and combatting transnational crime"
TA5 = "Improving the social inclusion and integration of migrants"
CC6 = "Support to International Migration Review Forums and regional review forums"
CC8 = "Support the Secretary- General biennial reporting to the General Assembly"
TA23 = "Protecting the best interests of the child in the context of migration"
CC5_SECOND = (
    "Identify 1-2 countries under UNDAF renewal and where there is a significant migration component to "
    "promote "
    "integration of GCM"
)
TA4 = (
    "Facilitating regular migration, decent work and enhancing the positive development effects of human "
    "mobility"
)
CC5_FIRST = "Support the UNSDG core group working on restructuring the UNDAFs to ensure inclusion of the GCM"
CC5_FIRST_AFTER = f"{CC5_FIRST} {CC5_SECOND}"
TA23_FIRST = (
    "provide guidance on how to operationalise the principle of the best interest of the child for migrant "
    "children, with a focus on a variety of migration contexts"
)
TA32 = "Strengthening international cooperation to counter crime along migration routes"

TA3_2_LINES = (
    "2. Strengthening international cooperation to counter crime along migration routes\n"
    "Output: Increased capacity to impact on transnational organised crime jeopardizing the life and "
    "safety of "
    "migrants\nActivities:\nTimeframe:\nMembership: Network members tbd, other partners (ToRs)\n"
)


def version_two() -> WorkPlanVersion:
    data = changed(
        ("Development of Network communications strategy", "Development and roll-out of the strategy"),
        ("Timeframe: 7 months", "Timeframe: 9 months"),
        ("Membership: IOM, DESA", "Membership: IOM, DESA, UNHCR"),
        ("2) Draft report on a biennial basis", "2) Draft the report every two years"),
        ("; 1) Identify 1-2 countries under UNDAF renewal", "\tIdentify 1-2 countries under UNDAF renewal"),
        (
            "with a focus on a variety of migration contexts. ",
            "with a focus on a variety of migration contexts; 2) Train child protection officers",
        ),
        (TA3_2_LINES, ""),
        ("Objective 5: Enhance", "Objective 7: Address vulnerabilities\nObjective 5: Enhance"),
        (
            "Membership: Network members tbd, other partners (ToRs)\n\n\n",
            "Membership: Network members tbd, other partners (ToRs)\n2. Counting migrants in cities\n"
            "Output: City data\nActivities: 1) Pilot in 3 cities\nTimeframe: 1 year\nMembership: IOM\n\n\n",
        ),
    )
    outcome = import_document(data, "plan-v2.txt", actor=None)
    assert outcome.created
    return outcome.version


def test_it_reports_exactly_what_changed() -> None:
    old, new = current(), version_two()
    assert diff_versions(old, new) == {
        "from": 1,
        "to": 2,
        "sections": {
            "added": [],
            "removed": [],
            "changed": [
                {
                    "key": "ta4",
                    "title": TA4,
                    "field": "objectives",
                    "before": "5, 6, 18, 19, 20, 23",
                    "after": "5, 6, 7, 18, 19, 20, 23",
                }
            ],
        },
        "results": {
            "added": [
                {
                    "key": "ta5.2",
                    "title": "Counting migrants in cities",
                    "number": 2,
                    "section": "ta5",
                    "section_title": TA5,
                }
            ],
            "removed": [{"key": "ta3.2", "title": TA32, "number": 2, "section": "ta3", "section_title": TA3}],
            "changed": [
                {
                    "key": "cc.3",
                    "title": "Development and roll-out of the strategy",
                    "section": "cc",
                    "section_title": CC,
                    "field": "title",
                    "before": "Development of Network communications strategy",
                    "after": "Development and roll-out of the strategy",
                },
                {
                    "key": "cc.6",
                    "title": CC6,
                    "section": "cc",
                    "section_title": CC,
                    "field": "timeframe",
                    "before": "7 months",
                    "after": "9 months",
                },
                {
                    "key": "cc.6",
                    "title": CC6,
                    "section": "cc",
                    "section_title": CC,
                    "field": "membership",
                    "before": "IOM, DESA",
                    "after": "IOM, DESA, UNHCR",
                },
            ],
        },
        "activities": {
            "added": [
                {
                    "key": "ta2.3.2",
                    "title": "Train child protection officers",
                    "number": 2,
                    "result": "ta2.3",
                    "result_title": TA23,
                },
                {
                    "key": "ta5.2.1",
                    "title": "Pilot in 3 cities",
                    "number": 1,
                    "result": "ta5.2",
                    "result_title": "Counting migrants in cities",
                },
            ],
            "removed": [
                {
                    "key": "cc.5.2",
                    "title": CC5_SECOND,
                    "number": 1,
                    "result": "cc.5",
                    "result_title": old_cc5(),
                },
            ],
            "changed": [
                {
                    "key": "cc.5.1",
                    "title": CC5_FIRST_AFTER,
                    "result": "cc.5",
                    "result_title": old_cc5(),
                    "field": "text",
                    "before": CC5_FIRST,
                    "after": CC5_FIRST_AFTER,
                },
                {
                    "key": "cc.8.2",
                    "title": "Draft the report every two years",
                    "result": "cc.8",
                    "result_title": CC8,
                    "field": "text",
                    "before": "Draft report on a biennial basis",
                    "after": "Draft the report every two years",
                },
                {
                    "key": "ta2.3.1",
                    "title": TA23_FIRST,
                    "result": "ta2.3",
                    "result_title": TA23,
                    "field": "text",
                    "before": f"{TA23_FIRST}.",
                    "after": TA23_FIRST,
                },
            ],
        },
    }


def old_cc5() -> str:
    return "Integration of GCM in mandatory common country analysis and renewed UNDAFs"


def test_identical_versions_have_no_differences() -> None:
    version = current()
    diff = diff_versions(version, version)
    assert diff["from"] == diff["to"] == 1
    for part in ("sections", "results", "activities"):
        assert diff[part] == {"added": [], "removed": [], "changed": []}


def test_the_diff_is_json_and_reads_both_ways() -> None:
    old, new = current(), version_two()
    forward, backward = diff_versions(old, new), diff_versions(new, old)
    assert json.loads(json.dumps(forward)) == forward
    assert (backward["from"], backward["to"]) == (2, 1)
    assert backward["results"]["added"] == [{**e, "title": e["title"]} for e in forward["results"]["removed"]]
    assert [e["key"] for e in backward["activities"]["removed"]] == ["ta2.3.2", "ta5.2.1"]


def test_a_change_of_links_without_a_change_of_text_is_shown() -> None:
    from gcmhub.reference.models import Organization

    first = current()
    data = changed(("Membership: IOM, DESA", "Membership: IOM, DESA, ZZZ"))
    second = import_document(data, "v2.txt", actor=None)
    assert "membership_unknown_acronym" in [i.code for i in second.issues]
    # Once the reference list knows ZZZ, the same document links it: a new version, the text unchanged.
    Organization.objects.create(acronym="ZZZ", name="Test body", kind="other")
    third = import_document(data, "v2.txt", actor=None)
    assert third.created
    assert diff_versions(second.version, third.version)["results"]["changed"] == [
        {
            "key": "cc.6",
            "title": CC6,
            "section": "cc",
            "section_title": CC,
            "field": "organizations",
            "before": "DESA, IOM",
            "after": "DESA, IOM, ZZZ",
        }
    ]
    # When the text changed too, only the text change is listed.
    assert [c["field"] for c in diff_versions(first, third.version)["results"]["changed"]] == ["membership"]
