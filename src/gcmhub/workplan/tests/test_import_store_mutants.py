"""What the import stores, row by row: every section, result and activity as the parser read it, every issue
as reported, and tracking carried over for each kind of tracking. Written against the survivors of a mutation
run over `importer/store.py` (docs/testing.md)."""

import datetime
from typing import Any

import pytest

from gcmhub.reference.models import MembershipGroup, Objective, Organization, ThematicArea
from gcmhub.workplan.actions import add_progress_update, update_activity
from gcmhub.workplan.importer import ImportRejected, import_document, parse_text
from gcmhub.workplan.importer.store import reference_from_db
from gcmhub.workplan.models import (
    Activity,
    ActivityStatus,
    ExpectedResult,
    LeadSource,
    Section,
    WorkPlanVersion,
)
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_BYTES, SHIPPED_TEXT, changed, current

pytestmark = pytest.mark.django_db

LATER = datetime.date(2020, 3, 31)
NEW_TITLE = ("Development of Network communications strategy", "A new title")
LEADS_PROPOSED = [
    "IOM, named first on the membership line of result 6, was proposed as lead of 3 activities; its focal "
    "points can update them, and the secretariat can change the lead."
]


def _stored_activity(activity: Activity) -> dict[str, Any]:
    return {
        "number": activity.number,
        "text": activity.text,
        "position": activity.position,
        "line": activity.line,
    }


def _stored_result(result: ExpectedResult) -> dict[str, Any]:
    return {
        "number": result.number,
        "title": result.title,
        "output": result.output,
        "position": result.position,
        "line": result.line,
        "timeframe": [
            result.timeframe_text,
            result.min_months,
            result.max_months,
            result.recurrence_months,
            result.open_ended,
        ],
        "membership": [result.membership_text, result.membership_tbd, result.membership_tors],
        "organizations": sorted(result.organizations.values_list("acronym", flat=True)),
        "groups": sorted(result.groups.values_list("slug", flat=True)),
        "activities": [_stored_activity(a) for a in result.activities.order_by("position")],
    }


def _stored_section(section: Section) -> dict[str, Any]:
    area = section.thematic_area
    return {
        "kind": section.kind,
        "number": section.number,
        "title": section.title,
        "position": section.position,
        "line": section.line,
        "area": area.number if area else None,
        "objectives": sorted(section.objectives.values_list("number", flat=True)),
        "results": [_stored_result(r) for r in section.results.order_by("position")],
    }


def _stored_tree(version: WorkPlanVersion) -> list[dict[str, Any]]:
    return [_stored_section(s) for s in version.sections.order_by("position")]


def _parsed_tree() -> list[dict[str, Any]]:
    """The shipped plan as the parser reads it, in the shape of `_stored_tree` (links only to known rows)."""
    parsed = parse_text(SHIPPED_TEXT, reference=reference_from_db())
    areas = set(ThematicArea.objects.values_list("number", flat=True))
    known = set(Organization.objects.values_list("acronym", flat=True))
    return [
        {
            "kind": s.kind,
            "number": s.number,
            "title": s.title,
            "position": sp,
            "line": s.line,
            "area": s.number if s.kind == Section.Kind.THEMATIC_AREA and s.number in areas else None,
            "objectives": sorted(s.objectives),
            "results": [
                {
                    "number": r.number,
                    "title": r.title,
                    "output": r.output,
                    "position": rp,
                    "line": r.line,
                    "timeframe": list(r.timeframe.as_dict().values()),
                    "membership": [r.membership.text, r.membership.tbd, r.membership.tors],
                    "organizations": sorted(a for a in r.membership.organizations if a in known),
                    "groups": sorted(g.slug for g in r.membership.groups),
                    "activities": [
                        {"number": a.number, "text": a.text, "position": ap, "line": a.line}
                        for ap, a in enumerate(r.activities, start=1)
                    ],
                }
                for rp, r in enumerate(s.results, start=1)
            ],
        }
        for sp, s in enumerate(parsed.sections, start=1)
    ]


def test_a_new_version_stores_every_section_result_and_activity_as_parsed() -> None:
    version = import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=LATER).version
    stored, parsed = _stored_tree(version), _parsed_tree()
    assert stored == parsed
    # The shipped plan links objectives, organizations, groups and areas: the comparison is not empty.
    assert all(s["objectives"] for s in stored)
    assert sum(s["area"] is not None for s in stored) == 5
    results = [r for s in stored for r in s["results"]]
    assert any(r["organizations"] for r in results) and any(r["groups"] for r in results)


def test_the_stored_issues_are_the_reported_ones_with_the_proposed_leads_in_words() -> None:
    outcome = import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=LATER)
    stored = list(
        outcome.version.import_issues.order_by("pk").values_list("line", "severity", "code", "message")
    )
    assert stored == [(i.line, i.severity, i.code, i.message) for i in outcome.issues]
    proposed = [i for i in outcome.issues if i.code == "lead_proposed"]
    assert proposed and all(i.severity == "info" and i.line for i in proposed)
    assert [i.message for i in proposed] == LEADS_PROPOSED
    assert outcome.leads_proposed == 3


def _activity(version: WorkPlanVersion, key: str) -> Activity:
    return next(a for a in Activity.objects.filter(result__section__version=version) if a.key == key)


def _reimport_changed(secretariat: Any, *replacements: tuple[str, str]) -> WorkPlanVersion:
    data = changed(NEW_TITLE, *replacements)
    return import_document(data, "v2.txt", actor=secretariat).version


def _codes(version: WorkPlanVersion) -> list[str]:
    return list(version.import_issues.values_list("code", flat=True))


CARRIED_ONE = "The tracking and progress updates of 1 activities were carried over from version 1."


def test_participants_alone_are_tracking_carried_over_and_counted(secretariat: Any) -> None:
    desa = Organization.objects.get(acronym="DESA")
    for key in ("cc.6.2", "cc.6.3"):
        update_activity(actor=secretariat, activity_id=_activity(current(), key).pk, participants=[desa])
    version = _reimport_changed(secretariat)
    assert list(_activity(version, "cc.6.2").participants.all()) == [desa]
    carried = version.import_issues.get(code="tracking_carried_over")
    assert (carried.line, carried.severity, carried.message) == (
        None,
        "info",
        "The tracking and progress updates of 2 activities were carried over from version 1.",
    )


def test_a_progress_update_alone_is_tracking_carried_over(secretariat: Any) -> None:
    old = _activity(current(), "cc.6.2")
    update = add_progress_update(
        actor=secretariat, activity_id=old.pk, text="Planned.", status=ActivityStatus.NOT_STARTED
    )
    version = _reimport_changed(secretariat)
    new = _activity(version, "cc.6.2")
    assert (new.status, list(new.updates.all())) == (ActivityStatus.NOT_STARTED, [update])
    assert version.import_issues.get(code="tracking_carried_over").message == CARRIED_ONE


def test_edited_planned_dates_alone_are_tracking_carried_over(secretariat: Any) -> None:
    old = _activity(current(), "cc.6.2")
    update_activity(actor=secretariat, activity_id=old.pk, planned_end=datetime.date(2019, 5, 31))
    version = _reimport_changed(secretariat, ("7 months", "9 months"))
    new = _activity(version, "cc.6.2")
    assert (new.planned_start, new.planned_end) == (old.planned_start, datetime.date(2019, 5, 31))
    assert version.import_issues.get(code="tracking_carried_over").message == CARRIED_ONE


def test_a_carried_status_takes_the_planned_dates_of_the_new_timeframe(secretariat: Any) -> None:
    old = _activity(current(), "cc.6.1")
    update_activity(actor=secretariat, activity_id=old.pk, status=ActivityStatus.IN_PROGRESS)
    version = _reimport_changed(secretariat, ("7 months", "9 months"))
    new = _activity(version, "cc.6.1")
    assert (new.status, new.planned_start, new.planned_end) == (
        ActivityStatus.IN_PROGRESS,
        old.planned_start,
        datetime.date(2019, 10, 1),
    )


def test_untracked_activities_are_not_counted_as_carried_over(secretariat: Any) -> None:
    version = _reimport_changed(secretariat)
    assert "tracking_carried_over" not in _codes(version)
    assert "tracking_not_carried" not in _codes(version)


def test_tracking_left_behind_is_reported_in_words_with_the_first_80_characters(secretariat: Any) -> None:
    old = _activity(current(), "cc.6.1")
    assert len(old.text) > 80
    update_activity(actor=secretariat, activity_id=old.pk, status=ActivityStatus.IN_PROGRESS)
    version = _reimport_changed(secretariat, ("1) provide logistical support", "1) give logistical support"))
    warning = version.import_issues.get(code="tracking_not_carried")
    assert (warning.line, warning.severity) == (None, "warning")
    assert warning.message == (
        f"Activity cc.6.1 of version 1 (“{old.text[:80]}”) has tracking or progress updates but no identical "
        "activity in version 2; they stay with version 1."
    )
    assert "tracking_carried_over" not in _codes(version)


def test_the_reference_links_objectives_acronyms_and_group_aliases_or_names() -> None:
    group = MembershipGroup.objects.order_by("pk").first()
    assert group is not None
    MembershipGroup.objects.filter(pk=group.pk).update(aliases=[])
    reference = reference_from_db()
    assert reference.objective_numbers == frozenset(Objective.objects.values_list("number", flat=True))
    assert reference.acronyms == frozenset(Organization.objects.values_list("acronym", flat=True))
    assert dict(reference.objective_titles) == dict(Objective.objects.values_list("number", "title"))
    by_group = {g.slug: alias for alias, g in reference.group_aliases}
    assert by_group[group.slug] == " ".join(group.name.lower().split())
    named = MembershipGroup.objects.exclude(pk=group.pk).exclude(aliases=[]).first()
    assert named is not None
    # An alias that is not text (hand-edited data) is skipped; the others are all kept, in lower case.
    MembershipGroup.objects.filter(pk=named.pk).update(aliases=[*named.aliases, 7])
    aliases = {alias for alias, g in reference_from_db().group_aliases if g.slug == named.slug}
    assert aliases == {" ".join(a.lower().split()) for a in named.aliases}
    assert {(g.slug, g.name) for _alias, g in reference.group_aliases} == set(
        MembershipGroup.objects.values_list("slug", "name")
    )


def test_without_reference_data_the_import_is_refused_in_words() -> None:
    Objective.objects.all().delete()
    with pytest.raises(ImportRejected) as refused:
        reference_from_db()
    assert refused.value.code == "no_reference_data"
    assert str(refused.value.message) == (
        "The reference data (GCM objectives, organizations) is not loaded yet; run “gcmhub load_reference” "
        "first."
    )


def test_a_thematic_area_unknown_to_the_reference_is_stored_unlinked_and_reported() -> None:
    Section.objects.filter(thematic_area__number=2).update(thematic_area=None)
    ThematicArea.objects.filter(number=2).delete()
    version = import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=LATER).version
    section = version.sections.get(kind=Section.Kind.THEMATIC_AREA, number=2)
    assert section.thematic_area is None
    assert version.sections.exclude(thematic_area=None).count() == 4
    warning = version.import_issues.get(code="unknown_thematic_area")
    assert (warning.line, warning.severity, warning.message) == (
        section.line,
        "warning",
        "Thematic area 2 is not among the platform's thematic areas; it is kept unlinked.",
    )


def test_a_lead_set_by_hand_is_kept_and_an_imported_one_proposed_afresh(secretariat: Any) -> None:
    desa = Organization.objects.get(acronym="DESA")
    by_hand = _activity(current(), "cc.6.2")
    update_activity(actor=secretariat, activity_id=by_hand.pk, lead=desa)
    version = _reimport_changed(secretariat)
    kept = _activity(version, "cc.6.2")
    assert (kept.lead, kept.lead_source) == (desa, LeadSource.MANUAL)
    imported = [
        a for a in Activity.objects.filter(result__section__version=version) if a.lead_source == "import"
    ]
    assert imported and all(a.lead_id is not None for a in imported)


def test_leads_named_or_marked_are_proposed_in_their_own_words_and_counted(secretariat: Any) -> None:
    data = changed(
        ("Membership: IOM, DESA", "Membership: IOM (lead), DESA"),
        ("Membership: Network members tbd, CSOs, NHRIs", "Membership: DESA, CSOs, NHRIs"),
    )
    outcome = import_document(data, "v2.txt", actor=secretariat)
    lines = dict(
        ExpectedResult.objects.filter(
            section__version=outcome.version, section__kind="cross_cutting"
        ).values_list("number", "line")
    )
    proposed = [i for i in outcome.issues if i.code == "lead_proposed"]
    assert [(i.line, i.severity, i.message) for i in proposed] == [
        (
            lines[4],
            "info",
            "DESA, named first on the membership line of result 4, was proposed as lead of 4 activities; its "
            "focal points can update them, and the secretariat can change the lead.",
        ),
        (
            lines[6],
            "info",
            "IOM, marked as lead on the membership line of result 6, was proposed as lead of 3 activities; "
            "its focal points can update them.",
        ),
    ]
    assert outcome.leads_proposed == 7


def _made_again(row: Any) -> Any:
    """The same reference row under a new primary key, so that numbers and row ids differ."""
    row.pk = None
    row.save()
    return row


def test_objectives_and_thematic_areas_are_linked_by_number_not_by_row_id() -> None:
    area, objective = ThematicArea.objects.get(number=2), Objective.objects.get(number=1)
    Section.objects.filter(thematic_area=area).update(thematic_area=None)
    area.delete()
    new_area = _made_again(area)
    Objective.objects.filter(pk=objective.pk).update(number=999)
    new_objective = _made_again(Objective(number=1, title=objective.title))
    assert (new_area.pk, new_objective.pk) != (2, 1)
    version = import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=LATER).version
    assert version.sections.get(kind=Section.Kind.THEMATIC_AREA, number=2).thematic_area == new_area
    assert not version.import_issues.filter(code="unknown_thematic_area").exists()
    linked = Section.objects.filter(version=version, objectives=new_objective)
    assert linked.exists()
    assert not Section.objects.filter(version=version, objectives__number=999).exists()


def test_a_lead_stored_before_leads_had_a_source_counts_as_set_by_hand(secretariat: Any) -> None:
    desa = Organization.objects.get(acronym="DESA")
    Activity.objects.filter(pk=_activity(current(), "cc.1.1").pk).update(lead=desa, lead_source="")
    version = _reimport_changed(secretariat)
    kept = _activity(version, "cc.1.1")
    assert (kept.lead, kept.lead_source) == (desa, "")
    carried = version.import_issues.get(code="tracking_carried_over")
    assert carried.message == CARRIED_ONE


def test_no_lead_is_reported_proposed_when_every_activity_has_one_set_by_hand(secretariat: Any) -> None:
    desa = Organization.objects.get(acronym="DESA")
    for key in ("cc.6.1", "cc.6.2", "cc.6.3"):
        update_activity(actor=secretariat, activity_id=_activity(current(), key).pk, lead=desa)
    outcome = import_document(changed(NEW_TITLE), "v2.txt", actor=secretariat)
    assert outcome.leads_proposed == 0
    assert "lead_proposed" not in _codes(outcome.version)


def test_the_objective_numbers_are_those_of_the_database_not_the_default_list() -> None:
    Objective.objects.filter(number=23).update(number=99)
    numbers = reference_from_db().objective_numbers
    assert 99 in numbers and 23 not in numbers
