"""Re-importing: the same document changes nothing; a changed one makes the next version, recorded as one
audit event, and the tracking of unchanged activities (with their progress updates) moves to it."""

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry

from gcmhub.reference.models import Organization
from gcmhub.workplan.importer import import_document
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, ProgressUpdate, WorkPlanVersion
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_BYTES, changed, current, row_counts

pytestmark = pytest.mark.django_db

NEW_TITLE = ("Development of Network communications strategy", "Development and roll-out of the strategy")


def activity(version: WorkPlanVersion, key: str) -> Activity:
    for candidate in Activity.objects.filter(result__section__version=version).select_related(
        "result__section"
    ):
        if candidate.key == key:
            return candidate
    raise AssertionError(f"no activity {key}")


def test_reimporting_the_same_file_changes_nothing(secretariat: Any) -> None:
    before = row_counts()
    outcome = import_document(SHIPPED_BYTES, "draft-multi-annual-work-plan.txt", actor=secretariat)
    assert not outcome.created
    assert outcome.version == current()
    assert [i.code for i in outcome.issues].count("missing_field") == 5
    assert row_counts() == before


def test_reimporting_with_different_whitespace_changes_nothing() -> None:
    before = row_counts()
    data = SHIPPED_BYTES.replace(b"\t", b"    ").replace(b"\n", b"\r\n") + b"\n\n\n"
    assert not import_document(data, "copy.txt", actor=None).created
    assert row_counts() == before


def test_a_changed_file_makes_the_next_version(secretariat: Any) -> None:
    first = current()
    outcome = import_document(changed(NEW_TITLE), "plan-v2.txt", actor=secretariat)
    assert outcome.created
    assert outcome.previous == first
    version = outcome.version
    assert (version.number, version.is_current, version.imported_by) == (2, True, secretariat)
    assert version.source_name == "plan-v2.txt"
    assert version.structure_sha256 != first.structure_sha256
    first.refresh_from_db()
    assert not first.is_current
    assert ExpectedResult.objects.filter(section__version=first).count() == 19
    assert ExpectedResult.objects.filter(section__version=version).count() == 19
    assert ExpectedResult.objects.filter(section__version=version, title=NEW_TITLE[1]).exists()
    assert version.import_issues.count() == len(outcome.issues)


def test_the_import_is_one_audit_event_with_actor_and_note(secretariat: Any) -> None:
    version = import_document(changed(NEW_TITLE), "plan-v2.txt", actor=secretariat).version
    events = LogEntry.objects.get_for_object(version).filter(action=LogEntry.Action.CREATE)
    notes = [e for e in events if e.additional_data]
    assert len(notes) == 1
    event = notes[0]
    assert event.actor == secretariat
    assert "plan-v2.txt" in event.additional_data["note"]
    assert "version 2" in event.additional_data["note"]
    assert event.changes_dict["number"] == [1, 2]
    assert event.additional_data["note"].endswith(
        "6 sections, 19 expected results, 38 activities, 3 leads proposed, 34 issues reported."
    )
    # auditlog's own rows carry the same actor.
    assert (
        LogEntry.objects.get_for_objects(ExpectedResult.objects.filter(section__version=version))
        .filter(actor=secretariat)
        .count()
        == 19
    )


def test_importing_twice_a_changed_file_makes_one_version() -> None:
    data = changed(NEW_TITLE)
    assert import_document(data, "v2.txt", actor=None).created
    before = row_counts()
    outcome = import_document(data, "v2.txt", actor=None)
    assert (outcome.created, outcome.version.number) == (False, 2)
    assert row_counts() == before


def test_a_new_start_date_makes_a_new_version_with_new_planned_dates() -> None:
    outcome = import_document(SHIPPED_BYTES, "plan.txt", actor=None, start_date=datetime.date(2020, 3, 31))
    assert outcome.created
    version = outcome.version
    assert version.start_date == datetime.date(2020, 3, 31)
    first = activity(version, "cc.1.1")
    assert (first.planned_start, first.planned_end) == (
        datetime.date(2020, 3, 31),
        datetime.date(2021, 3, 31),
    )
    assert activity(version, "cc.6.1").planned_end == datetime.date(2020, 10, 31)
    assert activity(version, "ta1.1.1").planned_end is None
    assert activity(version, "ta4.1.3").planned_end == datetime.date(2022, 3, 31)


def test_tracking_and_progress_carry_over_to_identical_activities(secretariat: Any) -> None:
    from gcmhub.workplan.actions import add_progress_update, update_activity

    old = current()
    tracked = activity(old, "cc.6.2")
    iom, desa = Organization.objects.get(acronym="IOM"), Organization.objects.get(acronym="DESA")
    update_activity(
        actor=secretariat,
        activity_id=tracked.pk,
        status=ActivityStatus.IN_PROGRESS,
        lead=iom,
        participants=[desa],
        planned_start=datetime.date(2019, 3, 1),
        planned_end=datetime.date(2019, 9, 30),
    )
    update = add_progress_update(
        actor=secretariat, activity_id=tracked.pk, text="Inputs gathered.", status=ActivityStatus.IN_PROGRESS
    )
    # A plain status change, planned dates left as computed.
    status_only = activity(old, "cc.1.1")
    update_activity(actor=secretariat, activity_id=status_only.pk, status=ActivityStatus.COMPLETED)

    version = import_document(
        changed(NEW_TITLE, ("7 months", "9 months")), "v2.txt", actor=secretariat
    ).version

    moved = activity(version, "cc.6.2")
    assert moved.text == tracked.text
    assert (moved.status, moved.lead, list(moved.participants.all())) == (
        ActivityStatus.IN_PROGRESS,
        iom,
        [desa],
    )
    assert (moved.planned_start, moved.planned_end) == (datetime.date(2019, 3, 1), datetime.date(2019, 9, 30))
    assert list(ProgressUpdate.objects.filter(activity=moved)) == [update]
    assert not ProgressUpdate.objects.filter(activity=tracked).exists()
    # Untracked siblings take the planned dates of the new timeframe.
    assert activity(version, "cc.6.1").planned_end == datetime.date(2019, 10, 1)
    completed = activity(version, "cc.1.1")
    assert (completed.status, completed.planned_end) == (ActivityStatus.COMPLETED, datetime.date(2020, 1, 1))
    assert activity(version, "cc.2.1").status == ActivityStatus.NOT_STARTED
    codes = [i.code for i in version.import_issues.all()]
    assert "tracking_carried_over" in codes
    assert "tracking_not_carried" not in codes


def test_tracking_of_a_changed_activity_stays_with_the_old_version(secretariat: Any) -> None:
    from gcmhub.workplan.actions import add_progress_update

    old = current()
    tracked = activity(old, "cc.8.2")
    update = add_progress_update(
        actor=secretariat, activity_id=tracked.pk, text="First draft.", status=ActivityStatus.IN_PROGRESS
    )
    data = changed(("2) Draft report on a biennial basis", "2) Draft the report every two years"))
    version = import_document(data, "v2.txt", actor=secretariat).version
    new = activity(version, "cc.8.2")
    assert (new.text, new.status) == ("Draft the report every two years", ActivityStatus.NOT_STARTED)
    assert not new.updates.exists()
    update.refresh_from_db()
    assert update.activity_id == tracked.pk
    warnings = version.import_issues.filter(code="tracking_not_carried")
    assert [w.severity for w in warnings] == ["warning"]
    assert "cc.8.2" in warnings[0].message
