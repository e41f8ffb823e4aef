"""The results API: trees with progress from approved values only; drafts never shown to the public; focal
points report, fund managers approve; every write refused to anonymous clients and outsiders."""

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from gcmhub.results import actions
from gcmhub.results.models import Framework, Indicator, Report, ReportedValue, Result, Target
from gcmhub.results.tests.conftest import TODAY, SignIn, approved, indicator, outcome

API = "/api/v1/results"


def state() -> tuple[Any, ...]:
    statuses = tuple(Report.objects.order_by("pk").values_list("status", flat=True))
    titles = tuple(Framework.objects.order_by("pk").values_list("title", flat=True))
    return (
        Framework.objects.count(),
        Result.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        Report.objects.count(),
        ReportedValue.objects.count(),
        statuses,
        titles,
        LogEntry.objects.count(),
    )


def call(client: Client, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(
        API + path, data=json.dumps(body if body is not None else {}), content_type="application/json"
    )


@pytest.fixture
def ind(programme_framework: Framework) -> Indicator:
    found = indicator(outcome(programme_framework), "1.a", baseline_value="0", dimensions=["sex"])
    actions.set_targets(
        actor=None,
        indicator_id=found.pk,
        targets=[{"period": "2024", "value": "100"}, {"period": "2025", "value": "100"}],
    )
    approved(found, "2024", value="40")
    return found


def writes(framework: Framework, ind: Indicator, report: Report) -> list[tuple[str, str, Any]]:
    return [
        ("post", "/frameworks", {"code": "NEW", "title": "New", "kind": "fund"}),
        ("patch", f"/frameworks/{framework.code}", {"title": "Changed"}),
        ("post", f"/frameworks/{framework.code}/results", {"level": "outcome", "code": "9", "title": "More"}),
        ("patch", f"/results/{ind.result_id}", {"title": "Changed"}),
        ("post", f"/results/{ind.result_id}/indicators", {"code": "z", "title": "Z", "value_type": "number"}),
        ("patch", f"/indicators/{ind.pk}", {"title": "Changed"}),
        ("put", f"/indicators/{ind.pk}/targets", [{"period": "2026", "value": "5"}]),
        ("put", f"/indicators/{ind.pk}/reports/2025", {"values": [{"value": "5"}]}),
        ("post", f"/reports/{report.pk}/submit", {}),
        ("post", f"/reports/{report.pk}/approve", {}),
        ("post", f"/reports/{report.pk}/return", {"comment": "No"}),
    ]


def test_anonymous_clients_cannot_write(programme_framework: Framework, ind: Indicator) -> None:
    draft = actions.save_report(
        actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "1"}], today=TODAY
    )
    before = state()
    for method, path, body in writes(programme_framework, ind, draft):
        response = call(Client(), method, path, body)
        assert response.status_code == 401, (method, path, response.content)
    assert state() == before


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point", "reviewer"])
def test_others_cannot_write(
    request: pytest.FixtureRequest,
    login: SignIn,
    programme_framework: Framework,
    ind: Indicator,
    persona: str,
) -> None:
    draft = actions.save_report(
        actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "1"}], submit=True, today=TODAY
    )
    client = login(request.getfixturevalue(persona))
    before = state()
    for method, path, body in writes(programme_framework, ind, draft):
        response = call(client, method, path, body)
        assert response.status_code in (403, 404), (persona, method, path, response.status_code)
    assert state() == before


def test_a_focal_point_reports_and_a_fund_manager_approves(
    login: SignIn, programme_framework: Framework, ind: Indicator, focal_point: User, fund_manager: User
) -> None:
    reporter = login(focal_point)
    saved = call(
        reporter,
        "put",
        f"/indicators/{ind.pk}/reports/2025",
        {
            "values": [{"value": "70"}, {"disaggregation": {"sex": "female"}, "value": "40"}],
            "comment": "From the registry.",
            "evidence_url": "https://example.org/registry",
        },
    )
    assert saved.status_code == 200, saved.content
    report = saved.json()
    assert report["status"] == "draft" and {c["value"] for c in report["values"]} == {"70", "40"}
    assert call(reporter, "post", f"/reports/{report['id']}/approve").status_code == 403
    assert call(reporter, "post", f"/reports/{report['id']}/submit").json()["status"] == "submitted"
    reviewer = login(fund_manager)
    returned = call(reviewer, "post", f"/reports/{report['id']}/return", {"comment": ""})
    assert returned.status_code == 422
    approved_now = call(reviewer, "post", f"/reports/{report['id']}/approve", {"comment": "Fine."})
    assert approved_now.json()["status"] == "approved"
    locked = call(reporter, "put", f"/indicators/{ind.pk}/reports/2025", {"values": [{"value": "1"}]})
    assert locked.status_code == 422 and locked.json()["type"] == "about:blank#locked"
    tree = Client().get(f"{API}/frameworks/{programme_framework.code}").json()
    (node,) = tree["outcomes"]
    assert node["indicators"][0]["actual"]["value"] == "110"
    assert node["indicators"][0]["progress"] == "0.5500"


def test_the_public_never_sees_drafts(
    programme_framework: Framework, ind: Indicator, focal_point: User, login: SignIn
) -> None:
    actions.save_report(
        actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "999"}], submit=True, today=TODAY
    )
    client = Client()
    tree = client.get(f"{API}/frameworks/{programme_framework.code}").json()
    summary = tree["outcomes"][0]["indicators"][0]
    assert [p["actual"] and p["actual"]["value"] for p in summary["periods"]] == ["40", None]
    reports = client.get(f"{API}/indicators/{ind.pk}/reports").json()
    assert [r["period"] for r in reports["items"]] == ["2024"]
    submitted = Report.objects.get(period="2025")
    assert client.get(f"{API}/reports/{submitted.pk}").status_code == 404
    assert "999" not in client.get(f"{API}/indicators/{ind.pk}").content.decode()
    mine = login(focal_point).get(f"{API}/indicators/{ind.pk}/reports").json()
    assert [r["period"] for r in mine["items"]] == ["2025", "2024"]


def test_private_frameworks_are_hidden(db: None, login: SignIn, focal_point: User) -> None:
    hidden = actions.new_framework(code="JP-X", title="Concept", kind="programme")
    assert Client().get(f"{API}/frameworks/{hidden.code}").status_code == 404
    codes = [f["code"] for f in Client().get(f"{API}/frameworks").json()["items"]]
    assert "JP-X" not in codes


def test_a_fund_manager_builds_a_framework(
    login: SignIn, fund_manager: User, fund_framework: Framework
) -> None:
    client = login(fund_manager)
    made = call(
        client,
        "post",
        f"/frameworks/{fund_framework.code}/results",
        {"level": "outcome", "code": "1", "title": "Migrants are safer"},
    )
    assert made.status_code == 201
    outcome_id = made.json()["outcomes"][0]["id"]
    added = call(
        client,
        "post",
        f"/results/{outcome_id}/indicators",
        {
            "code": "F1",
            "title": "Share of countries with a policy",
            "value_type": "percentage",
            "baseline_value": "10",
            "direction": "higher",
            "sdg_code": "10.7.2",
            "dimensions": ["sex"],
        },
    )
    assert added.status_code == 201, added.content
    indicator_id = added.json()["id"]
    bad = call(client, "put", f"/indicators/{indicator_id}/targets", [{"period": "2025", "value": "5"}])
    assert bad.status_code == 422  # below the baseline of a higher-is-better indicator
    ok = call(client, "put", f"/indicators/{indicator_id}/targets", [{"period": "2025", "value": "50"}])
    assert ok.json()["target"]["value"] == "50"
    assert (
        call(
            client,
            "patch",
            f"/frameworks/{fund_framework.code}",
            {"on_track_threshold": "0.5", "at_risk_threshold": "0.8"},
        ).status_code
        == 422
    )


def test_dimensions_are_listed(db: None) -> None:
    slugs = [d["slug"] for d in Client().get(f"{API}/dimensions").json()]
    assert slugs == ["sex", "age-group", "migratory-status", "nationality", "disability"]
