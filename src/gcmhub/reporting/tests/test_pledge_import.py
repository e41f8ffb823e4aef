"""`gcmhub import_pledges` and `gcmhub export_pledges`: every problem reported with its line and nothing
changed; a second import changes nothing; a corrected line updates its pledge; an export reads back."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.reporting.actions.pledge_import import PledgeImportFailed, import_pledges
from gcmhub.reporting.models_pledges import Pledge, PledgeStatus
from gcmhub.reporting.tests.pledge_data import MEXICO_PLEDGE, published

pytestmark = pytest.mark.django_db

LINE = {**MEXICO_PLEDGE, "reference": "IMRF-2022-0042", "published_on": "2022-05-20"}


def lines(*rows: dict[str, Any]) -> list[str]:
    return [json.dumps(row) + "\n" for row in rows]


def state() -> tuple[int, int]:
    return Pledge.objects.count(), LogEntry.objects.count()


def test_it_imports_published_pledges_and_a_second_run_changes_nothing() -> None:
    report = import_pledges(actor=None, texts=lines(LINE, {**LINE, "reference": "B-1", "countries": []}))
    assert len(report.created) == 2
    pledge = Pledge.objects.get(reference="IMRF-2022-0042")
    assert pledge.status == PledgeStatus.PUBLISHED and pledge.public_id.startswith("PLG-")
    assert pledge.published_at is not None and pledge.published_at.date().isoformat() == "2022-05-20"
    before = state()
    again = import_pledges(actor=None, texts=lines(LINE, {**LINE, "reference": "B-1", "countries": []}))
    assert (again.created, again.updated, again.unchanged) == ([], [], 2)
    assert state() == before


def test_a_corrected_line_updates_its_pledge_in_place() -> None:
    first = import_pledges(actor=None, texts=lines(LINE)).created[0]
    report = import_pledges(actor=None, texts=lines({**LINE, "objectives": [7]}))
    assert report.updated == [first]
    assert [o.number for o in Pledge.objects.get(public_id=first).objectives.all()] == [7]


def test_every_problem_is_reported_with_its_line_and_nothing_changes() -> None:
    before = state()
    bad = [
        *lines(LINE),
        "not json\n",
        *lines({**LINE, "reference": ""}),
        *lines({**LINE, "reference": "C", "objectives": [30]}),
        *lines({**LINE, "reference": "D", "organization": "NOPE"}),
        *lines({**LINE, "reference": "E", "secret": 1}),
        *lines(LINE),
    ]
    with pytest.raises(PledgeImportFailed) as caught:
        import_pledges(actor=None, texts=bad)
    assert [number for number, _message in caught.value.errors] == [2, 3, 4, 5, 6, 7]
    assert state() == before


def test_only_the_secretariat_imports(outsider: Any, member_state: Any) -> None:
    before = state()
    for user in (outsider, member_state):
        with pytest.raises(PermissionDenied):
            import_pledges(actor=user, texts=lines(LINE))
    assert state() == before


def test_the_commands_export_and_import_back(tmp_path: Path, member_state: Any, secretariat: Any) -> None:
    pledge = published(member_state, secretariat)
    exported = tmp_path / "pledges.jsonl"
    call_command("export_pledges", output=exported, stderr=StringIO())
    row = json.loads(exported.read_text(encoding="utf-8"))
    assert row["reference"] == pledge.public_id and row["countries"] == ["GTM", "MEX"]
    out = StringIO()
    call_command("import_pledges", str(exported), stdout=out)
    # The export names the pledge by its ID, so importing it back here finds it and changes nothing.
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()
    row["objectives"] = [5]
    exported.write_text(json.dumps(row) + "\n", encoding="utf-8")
    call_command("import_pledges", str(exported), stdout=StringIO())
    assert [o.number for o in Pledge.objects.get().objectives.all()] == [5]


def test_the_command_reports_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(lines(LINE)) + "{}\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_pledges", str(path), stderr=err)
    assert err.getvalue().startswith("line 2:")
    assert Pledge.objects.count() == 0
