"""`gcmhub import_resources` and `export_resources`: every problem reported with its line, a bad file changes
nothing, re-importing changes nothing, and an export imports back to the same resources."""

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.core.tests.typed import present
from gcmhub.knowledge.actions import ImportFailed, import_resources
from gcmhub.knowledge.jsonl import as_line, exported_resources
from gcmhub.knowledge.models import ImportRun, Resource, ResourceTranslation, Status

LINES = [
    {
        "kind": "practice",
        "title": "Community case management",
        "summary": "Families stay in the community.",
        "body": "<p>Case workers.</p><script>alert(1)</script>",
        "language": "en",
        "objectives": [13, 7],
        "principles": ["human-rights"],
        "countries": ["MEX"],
        "regions": ["419"],
        "organizations": ["IOM", "UNHCR"],
        "implementer": "IOM",
        "url": "https://example.org/atd",
        "published_on": "2024-03-01",
        "status": "published",
        "translations": {
            "es": {"title": "Gestión de casos comunitaria", "summary": "Las familias permanecen."}
        },
    },
    {
        "kind": "national_plan",
        "title": "Plan nacional de México",
        "language": "es",
        "objectives": [1, 23],
        "external_id": "nip-mex-2021",
        "status": "published",
        "published_on": "2021-06-30",
        "national_plan": {
            "country": "MEX",
            "plan_status": "adopted",
            "plan_type": "dedicated",
            "period_start": 2021,
            "period_end": 2025,
        },
    },
    {
        "kind": "platform",
        "title": "Global migration data portal",
        "external_id": "gmdp",
        "objectives": [1],
        "scope": "global",
        "platform": {"url": "https://migrationdataportal.org", "owner": "IOM", "languages": ["en", "fr"]},
    },
]


def jsonl(lines: list[Any]) -> bytes:
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines).encode()


def run(lines: list[Any], actor: Any = None) -> Any:
    return import_resources(actor=actor, stream=io.BytesIO(jsonl(lines)), source="test.jsonl")


def test_a_good_file_is_imported(db: None) -> None:
    report = run(LINES)
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    practice = Resource.objects.get(source_url="https://example.org/atd")
    assert practice.status == Status.PUBLISHED and present(practice.implementer).acronym == "IOM"
    assert "<script" not in practice.body
    assert sorted(practice.objective_links.values_list("objective__number", flat=True)) == [7, 13]
    assert list(practice.partners.values_list("acronym", flat=True)) == ["UNHCR"]
    assert (
        ResourceTranslation.objects.get(resource=practice, language="es").title
        == "Gestión de casos comunitaria"
    )
    plan = Resource.objects.get(external_id="nip-mex-2021")
    assert plan.national_plan.plan_status == "adopted" and plan.countries.get().iso3 == "MEX"
    assert present(Resource.objects.get(external_id="gmdp").platform.owner).acronym == "IOM"
    assert ImportRun.objects.get().created == 3


def test_reimporting_the_same_file_changes_nothing(db: None) -> None:
    run(LINES)
    stamps = list(Resource.objects.order_by("pk").values_list("pk", "updated_at"))
    report = run(LINES)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(Resource.objects.order_by("pk").values_list("pk", "updated_at")) == stamps


def test_a_changed_line_updates_its_resource_in_place(db: None) -> None:
    run(LINES)
    pk = Resource.objects.get(external_id="gmdp").pk
    changed = [*LINES[:2], {**LINES[2], "title": "Migration Data Portal", "objectives": [1, 17]}]
    report = run(changed)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    resource = Resource.objects.get(pk=pk)
    assert resource.title == "Migration Data Portal"
    assert sorted(resource.objective_links.values_list("objective__number", flat=True)) == [1, 17]
    assert resource.platform.url == "https://migrationdataportal.org"


def test_every_problem_is_reported_with_its_line_and_nothing_changes(db: None) -> None:
    run(LINES[:1])
    before = list(Resource.objects.values_list("pk", "title"))
    bad = [
        {**LINES[1], "title": "Changed but the file is bad"},
        {"kind": "practice", "title": "No key"},
        "not json",
        {"kind": "wizardry", "title": "x", "url": "https://example.org/x"},
        {
            "kind": "practice",
            "title": "x",
            "url": "https://example.org/y",
            "objectives": [24],
            "countries": ["XYZ"],
            "published_on": "31/12/2024",
            "colour": "blue",
        },
        LINES[0],
        LINES[0],
    ]
    data = jsonl([line for line in bad if line != "not json"])
    lines = data.decode().splitlines()
    lines.insert(2, "{not json")
    with pytest.raises(ImportFailed) as failure:
        import_resources(actor=None, stream=io.BytesIO("\n".join(lines).encode()), source="bad.jsonl")
    errors = failure.value.errors
    by_line: dict[int, list[str]] = {}
    for line, message in errors:
        by_line.setdefault(line, []).append(message)
    assert sorted(by_line) == [2, 3, 4, 5, 7]
    assert any("url or an external_id" in m for m in by_line[2])
    assert any("JSON" in m for m in by_line[3])
    assert any("kind" in m for m in by_line[4])
    messages = " ".join(by_line[5])
    for expected in ("objectives", "countries", "published_on", "colour"):
        assert expected in messages
    assert any("line 6" in m for m in by_line[7])
    assert list(Resource.objects.values_list("pk", "title")) == before
    assert ImportRun.objects.count() == 1


def test_the_command_reports_lines_and_exits_with_an_error(tmp_path: Path, db: None, capsys: Any) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(jsonl([LINES[0], {"kind": "practice"}]))
    with pytest.raises(CommandError):
        call_command("import_resources", str(path))
    assert "line 2:" in capsys.readouterr().err
    assert not Resource.objects.exists()


def test_the_command_imports_and_is_idempotent(tmp_path: Path, db: None) -> None:
    path = tmp_path / "good.jsonl"
    path.write_bytes(jsonl(LINES))
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out)
    assert out.getvalue().startswith("3 created, 0 updated, 0 unchanged")
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out)
    assert out.getvalue().startswith("0 created, 0 updated, 3 unchanged")


def test_export_then_import_round_trips(tmp_path: Path, db: None) -> None:
    run(LINES)
    first = tmp_path / "first.jsonl"
    call_command("export_resources", "--all", "--out", str(first))
    exported = [json.loads(line) for line in first.read_text().splitlines()]
    assert len(exported) == 3
    # Re-importing the export into the same hub matches every resource (by url or external_id).
    report = import_resources(actor=None, stream=io.BytesIO(first.read_bytes()), source="first.jsonl")
    assert report.created == 0 and report.updated + report.unchanged == 3
    # And into an empty hub it recreates the same resources.
    Resource.objects.all().delete()
    report = import_resources(actor=None, stream=io.BytesIO(first.read_bytes()), source="first.jsonl")
    assert report.created == 3
    again = [as_line(r) for r in exported_resources()]
    assert sorted(again, key=lambda line: line["title"]) == sorted(exported, key=lambda line: line["title"])


def test_export_without_all_skips_unpublished(db: None, tmp_path: Path) -> None:
    run([*LINES, {"kind": "practice", "title": "Draft", "external_id": "d1", "status": "draft"}])
    out = tmp_path / "public.jsonl"
    call_command("export_resources", "--out", str(out))
    titles = [json.loads(line)["title"] for line in out.read_text().splitlines()]
    assert "Draft" not in titles and len(titles) == 3


def test_only_the_secretariat_imports_through_the_web(
    outsider: Any, stakeholder: Any, secretariat: Any
) -> None:
    for user in (outsider, stakeholder):
        with pytest.raises(PermissionDenied):
            run(LINES, actor=user)
    assert not Resource.objects.exists()
    assert run(LINES, actor=secretariat).created == 3


def test_imported_resources_are_queued_for_the_index_in_one_batch(
    db: None, django_capture_on_commit_callbacks: Any
) -> None:
    from gcmhub.search.models import SearchOutbox

    with django_capture_on_commit_callbacks(execute=True):
        report = run(LINES)
    queued = list(
        SearchOutbox.objects.filter(doc_id__startswith="knowledge.resource:").values_list("doc_id", flat=True)
    )
    # One outbox row per imported resource (earlier tests' rolled-back changes may be flushed too: harmless).
    assert {f"knowledge.resource:{pk}" for pk in report.resource_ids} <= set(queued)
    assert len(queued) == len(set(queued))
