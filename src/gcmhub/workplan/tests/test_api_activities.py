"""Work plan API, reading activities and results: the filtered list, one activity with its tracking and
progress updates, one result, and an activity's audit history."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from gcmhub.core.tests.typed import present
from gcmhub.workplan import actions
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, Section

BASE = "/api/v1/workplans"
PROBLEM = "application/problem+json"


def current_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(result__section__version__is_current=True)


def cc_result_6() -> ExpectedResult:
    return ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )


def test_it_lists_current_activities_in_plan_order(client: Client, db: None) -> None:
    body = client.get(f"{BASE}/activities?limit=500").json()
    assert body["count"] == current_activities().count()
    first = body["items"][0]
    assert first["key"] == "cc.1.1" or first["key"].startswith("cc.1.")
    assert first["section"] == "cc" and first["plan"] == "multi-annual-work-plan"
    assert first["text"].lower().startswith("operationalize the trust fund")
    assert set(first) >= {
        "id",
        "key",
        "number",
        "text",
        "status",
        "lead",
        "participants",
        "planned_start",
        "planned_end",
        "overdue",
        "result",
        "section",
        "plan",
        "version",
    }


def test_it_filters_by_section(client: Client, db: None) -> None:
    body = client.get(f"{BASE}/activities?section=ta2").json()
    assert body["count"] == 5
    assert {item["section"] for item in body["items"]} == {"ta2"}


def test_it_filters_by_organization(client: Client, db: None) -> None:
    body = client.get(f"{BASE}/activities?organization=iom").json()
    assert body["count"] == cc_result_6().activities.count() == 3
    assert {item["result"]["key"] for item in body["items"]} == {"cc.6"}


def test_it_filters_by_objective(client: Client, db: None) -> None:
    body = client.get(f"{BASE}/activities?objective=13&limit=500").json()
    # The cross-cutting section serves objectives 1-23; thematic area 2 lists objective 13.
    assert {item["section"] for item in body["items"]} == {"cc", "ta2"}


def test_it_filters_by_status_and_overdue(client: Client, secretariat: User) -> None:
    activity = present(cc_result_6().activities.order_by("position").first())
    actions.update_activity(
        actor=secretariat,
        activity_id=activity.pk,
        status=ActivityStatus.DELAYED,
        planned_start=datetime.date(2019, 1, 1),
        planned_end=datetime.date(2019, 6, 30),
    )
    body = client.get(f"{BASE}/activities?status=delayed").json()
    assert [item["id"] for item in body["items"]] == [activity.pk]
    assert body["items"][0]["overdue"] is True
    overdue = client.get(f"{BASE}/activities?overdue=true&limit=500").json()
    assert activity.pk in {item["id"] for item in overdue["items"]}
    assert all(item["overdue"] for item in overdue["items"])
    not_overdue = client.get(f"{BASE}/activities?overdue=false&limit=500").json()
    assert overdue["count"] + not_overdue["count"] == current_activities().count()
    assert not any(item["overdue"] for item in not_overdue["items"])


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("status=finished", "bad_status"),
        ("section=ta", "bad_section"),
        ("organization=NOPE", "unknown_organization"),
        ("objective=24", "bad_objective"),
        ("overdue=perhaps", "invalid_request"),
        ("objective=one", "invalid_request"),
    ],
)
def test_it_rejects_bad_filters(client: Client, db: None, query: str, code: str) -> None:
    response = client.get(f"{BASE}/activities?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == f"about:blank#{code}"


def test_the_activity_list_uses_a_fixed_number_of_queries(
    client: Client, db: None, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_max_num_queries(6):
        assert client.get(f"{BASE}/activities?limit=500").status_code == 200


def test_it_shows_one_activity_with_tracking_and_updates(client: Client, focal_point: User) -> None:
    activity = present(cc_result_6().activities.order_by("position").first())
    actions.add_progress_update(
        actor=focal_point,
        activity_id=activity.pk,
        text="Note taking at the first session.",
        status=ActivityStatus.IN_PROGRESS,
        date=datetime.date(2019, 5, 2),
        evidence_url="https://example.org/n",
    )
    body = client.get(f"{BASE}/activities/{activity.pk}").json()
    assert body["id"] == activity.pk and body["key"] == activity.key
    assert body["text"].lower().startswith("provide logistical support")
    assert body["status"] == "in_progress"
    assert body["result"] == {
        "id": activity.result_id,
        "key": "cc.6",
        "number": 6,
        "title": activity.result.title,
    }
    # The membership line "IOM, DESA" names IOM first, so the import proposed it as lead.
    assert (body["lead"], body["lead_source"], body["participants"]) == ("IOM", "import", [])
    [update] = body["updates"]
    assert update["text"] == "Note taking at the first session."
    assert update["author"] == "focal_point" and update["date"] == "2019-05-02"
    assert update["evidence_url"] == "https://example.org/n"


def test_an_unknown_activity_or_result_is_404(client: Client, db: None) -> None:
    for url in (f"{BASE}/activities/999999", f"{BASE}/results/999999", f"{BASE}/activities/999999/history"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == PROBLEM


def test_it_shows_one_result(client: Client, db: None) -> None:
    result = cc_result_6()
    body = client.get(f"{BASE}/results/{result.pk}").json()
    assert body["key"] == "cc.6" and body["number"] == 6
    assert body["title"].startswith("Support to International Migration Review Forums")
    assert body["section"]["key"] == "cc"
    assert body["membership"]["organizations"] == ["DESA", "IOM"]
    assert body["timeframe"]["text"] == "7 months"
    assert body["timeframe"]["max_months"] == 7
    assert len(body["activities"]) == 3
    assert (
        body["activities"][0]["key"]
        == f"cc.6.{present(result.activities.order_by('position').first()).position}"
    )


def test_it_shows_an_activitys_history(client: Client, focal_point: User) -> None:
    activity = present(cc_result_6().activities.order_by("position").first())
    actions.update_activity(actor=focal_point, activity_id=activity.pk, status=ActivityStatus.IN_PROGRESS)
    actions.add_progress_update(
        actor=focal_point, activity_id=activity.pk, text="Done.", status=ActivityStatus.COMPLETED
    )
    body = client.get(f"{BASE}/activities/{activity.pk}/history").json()
    events = body["items"]
    assert body["count"] == len(events) >= 3
    assert all(event["actor"] == "focal_point" for event in events[:3])
    status_changes = [
        e["changes"]["status"]
        for e in events
        if e["object"] == "activity" and e["action"] == "update" and "status" in e["changes"]
    ]
    assert status_changes[-1] == ["not_started", "in_progress"]
    assert status_changes[0] == ["in_progress", "completed"]
    assert any(e["object"] == "progressupdate" and e["action"] == "create" for e in events)
