"""Work plan API, plans and versions: the plan list, the version documents, the import report, sections,
coverage and diffs, checked against the shipped work plan."""

import json
from pathlib import Path
from typing import Any

from conftest import SHIPPED_WORKPLAN
from django.core.management import call_command
from django.test import Client

from gcmhub.core.tests.typed import ClientResponse, present
from gcmhub.workplan.diff import diff_versions
from gcmhub.workplan.export import version_as_dict
from gcmhub.workplan.models import ImportIssue
from gcmhub.workplan.queries import current_version

BASE = "/api/v1/workplans"
PLAN = f"{BASE}/multi-annual-work-plan"
PROBLEM = "application/problem+json"


def assert_problem(response: ClientResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("about:blank#") and body["title"] and body["detail"]
    return body


def test_it_lists_plans_with_their_current_version(client: Client, db: None) -> None:
    body = client.get(BASE).json()
    assert body["count"] == 1
    [plan] = body["items"]
    assert plan["slug"] == "multi-annual-work-plan"
    assert plan["current_version"] == present(current_version()).number
    assert "Work Plan" in plan["title"]


def test_the_plan_is_the_current_version_document(client: Client, db: None) -> None:
    response = client.get(PLAN)
    assert response.status_code == 200
    body = response.json()
    assert body == json.loads(json.dumps(version_as_dict(present(current_version()))))
    assert [len(s["results"]) for s in body["sections"]] == [9, 2, 4, 2, 1, 1]
    assert [s["kind"] for s in body["sections"]] == ["cross_cutting"] + ["thematic_area"] * 5
    assert [s["number"] for s in body["sections"][1:]] == [1, 2, 3, 4, 5]
    result_6 = body["sections"][0]["results"][5]
    assert result_6["number"] == 6
    assert result_6["membership"]["organizations"] == ["DESA", "IOM"]
    assert body["sections"][1]["objectives"] == [1, 3, 17, 23]


def test_an_unknown_plan_is_404(client: Client, db: None) -> None:
    body = assert_problem(client.get(f"{BASE}/no-such-plan"), 404)
    assert "no-such-plan" in body["detail"]


def test_it_lists_versions_with_issue_counts(client: Client, db: None) -> None:
    version = present(current_version())
    body = client.get(f"{PLAN}/versions").json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["number"] == version.number and item["is_current"] is True
    assert item["source_name"] == version.source_name
    assert item["issue_count"] == ImportIssue.objects.filter(version=version).count()
    assert set(item) == {"number", "title", "imported_at", "source_name", "is_current", "issue_count"}


def test_one_version_is_its_document(client: Client, db: None) -> None:
    version = present(current_version())
    body = client.get(f"{PLAN}/versions/{version.number}").json()
    assert body["version"] == version.number
    assert body == client.get(PLAN).json()


def test_an_unknown_version_is_404(client: Client, db: None) -> None:
    assert_problem(client.get(f"{PLAN}/versions/99"), 404)
    assert_problem(client.get(f"{PLAN}/versions/99/issues"), 404)


def test_it_lists_the_import_report(client: Client, db: None) -> None:
    version = present(current_version())
    issues = list(ImportIssue.objects.filter(version=version).order_by("line", "pk"))
    body = client.get(f"{PLAN}/versions/{version.number}/issues?limit=500").json()
    assert body["count"] == len(issues)
    assert [(i["line"], i["code"], i["message"]) for i in body["items"]] == [
        (i.line, i.code, i.message) for i in issues
    ]


def test_it_lists_sections(client: Client, db: None) -> None:
    body = client.get(f"{PLAN}/sections").json()
    assert body["count"] == 6
    assert [s["key"] for s in body["items"]] == ["cc", "ta1", "ta2", "ta3", "ta4", "ta5"]
    assert [len(s["results"]) for s in body["items"]] == [9, 2, 4, 2, 1, 1]
    assert body["items"][0]["objectives"] == list(range(1, 24))
    assert body["items"][0]["results"][5]["key"] == "cc.6"
    assert set(body["items"][4]["objectives"]) == {5, 6, 18, 19, 20, 23}


def test_it_reports_coverage_of_the_23_objectives(client: Client, db: None) -> None:
    body = client.get(f"{PLAN}/coverage").json()
    assert body["version"] == present(current_version()).number
    rows = {row["number"]: row for row in body["objectives"]}
    assert sorted(rows) == list(range(1, 24))
    assert [r["key"] for r in rows[1]["results"]] == ["ta1.1", "ta1.2"]
    assert rows[1]["label"]
    # Objective 23 is listed by every thematic area: 2 + 4 + 2 + 1 + 1 results.
    assert len(rows[23]["results"]) == 10
    assert rows[7]["activity_count"] == 2 + 2 + 1
    assert not any(r["is_gap"] or r["only_cross_cutting"] for r in rows.values())


def test_it_diffs_two_versions(client: Client, db: None) -> None:
    version = present(current_version())
    response = client.get(f"{PLAN}/versions/{version.number}/diff/{version.number}")
    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(diff_versions(version, version), default=str))


def test_a_diff_with_an_unknown_version_is_404(client: Client, db: None) -> None:
    assert_problem(client.get(f"{PLAN}/versions/1/diff/42"), 404)


def test_it_diffs_an_edited_version(client: Client, db: None, tmp_path: Path) -> None:
    edited = tmp_path / "edited-work-plan.txt"
    text = SHIPPED_WORKPLAN.read_text(encoding="utf-8")
    old_title = "Development of Network communications strategy"
    assert old_title in text
    edited.write_text(text.replace(old_title, "Network communications"), encoding="utf-8")
    call_command("import_workplan", str(edited), verbosity=0)
    assert present(current_version()).number == 2
    body = client.get(f"{PLAN}/versions/1/diff/2").json()
    assert (body["from"], body["to"]) == (1, 2)
    [change] = body["results"]["changed"]
    assert change["key"] == "cc.3" and change["field"] == "title"
    assert (change["before"], change["after"]) == (old_title, "Network communications")
    assert client.get(f"{PLAN}/versions").json()["count"] == 2
    assert client.get(BASE).json()["items"][0]["current_version"] == 2
