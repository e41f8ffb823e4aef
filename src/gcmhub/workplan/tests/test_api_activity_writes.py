"""Work plan API, writes: PATCH an activity's tracking and POST progress updates. Authenticated by session or
API token; refused to anonymous (401), to people not working on the activity (403), with 404 for unknown
activities and 422 for invalid input; nothing changes when refused."""

import json
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from conftest import SHIPPED_WORKPLAN, make_user
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from gcmhub.accounts.actions import create_api_token
from gcmhub.core.tests.typed import ClientResponse, present
from gcmhub.workplan.models import Activity, ExpectedResult, ProgressUpdate, Section

BASE = "/api/v1/workplans/activities"
PROBLEM = "application/problem+json"
GOOD_PATCH = {
    "status": "in_progress",
    # IOM is the lead the import proposed; the focal point hands the lead to DESA.
    "lead": "DESA",
    "participants": ["DESA", "iom"],
    "planned_start": "2019-02-01",
    "planned_end": "2019-09-30",
}
GOOD_UPDATE = {
    "text": "Logistics arranged for the first informal consultation.",
    "status": "in_progress",
    "date": "2019-03-15",
    "evidence_url": "https://example.org/report",
}


@pytest.fixture
def activity(db: None) -> Activity:
    """The first activity of cross-cutting result 6, whose members are DESA and IOM."""
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    return present(result.activities.order_by("position").first())


def state(activity: Activity) -> dict[str, Any]:
    """Everything a refused write must leave alone."""
    values = Activity.objects.filter(pk=activity.pk).values().get()
    row = {name: value for name, value in values.items() if name != "updated_at"}
    return {
        "row": row,
        "participants": sorted(activity.participants.values_list("acronym", flat=True)),
        "updates": ProgressUpdate.objects.filter(activity=activity).count(),
        "audit": LogEntry.objects.count(),
    }


def patch(client: Client, activity_id: int, body: Any, **kwargs: Any) -> ClientResponse:
    return client.patch(
        f"{BASE}/{activity_id}", data=json.dumps(body), content_type="application/json", **kwargs
    )


def post_update(client: Client, activity_id: int, body: Any, **kwargs: Any) -> ClientResponse:
    return client.post(
        f"{BASE}/{activity_id}/updates", data=json.dumps(body), content_type="application/json", **kwargs
    )


def assert_problem(response: ClientResponse, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    if code:
        assert body["type"] == f"about:blank#{code}"
    return body


def test_focal_point_updates_tracking(client: Client, focal_point: User, activity: Activity) -> None:
    client.force_login(focal_point)
    response = patch(client, activity.pk, GOOD_PATCH)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "in_progress" and body["lead"] == "DESA"
    assert body["participants"] == ["DESA", "IOM"]
    assert (body["planned_start"], body["planned_end"]) == ("2019-02-01", "2019-09-30")
    activity.refresh_from_db()
    assert activity.status == "in_progress" and present(activity.lead).acronym == "DESA"
    assert str(activity.planned_end) == "2019-09-30"
    assert sorted(activity.participants.values_list("acronym", flat=True)) == ["DESA", "IOM"]
    entries = LogEntry.objects.get_for_object(activity)
    assert entries.filter(actor=focal_point, action=LogEntry.Action.UPDATE).exists()
    changed = set().union(*(e.changes_dict for e in entries.filter(actor=focal_point)))
    assert {"status", "lead", "planned_end", "participants"} <= changed


def test_fields_left_out_keep_their_value(client: Client, focal_point: User, activity: Activity) -> None:
    client.force_login(focal_point)
    patch(client, activity.pk, GOOD_PATCH)
    response = patch(client, activity.pk, {"status": "delayed"})
    assert response.status_code == 200
    assert response.json()["lead"] == "DESA" and response.json()["planned_start"] == "2019-02-01"


def test_null_empties_the_lead_and_planned_dates(
    client: Client, focal_point: User, activity: Activity
) -> None:
    client.force_login(focal_point)
    patch(client, activity.pk, GOOD_PATCH)
    response = patch(client, activity.pk, {"lead": None, "planned_start": None, "participants": []})
    assert response.status_code == 200
    body = response.json()
    assert (body["lead"], body["planned_start"], body["participants"]) == (None, None, [])
    assert body["planned_end"] == "2019-09-30" and body["status"] == "in_progress"
    activity.refresh_from_db()
    assert activity.lead is None and activity.planned_start is None


def test_secretariat_may_update_any_activity(client: Client, secretariat: User) -> None:
    other = present(Activity.objects.filter(result__section__version__is_current=True).order_by("pk").first())
    client.force_login(secretariat)
    assert patch(client, other.pk, {"status": "completed"}).status_code == 200
    other.refresh_from_db()
    assert other.status == "completed"


def test_it_accepts_an_api_token(client: Client, focal_point: User, activity: Activity) -> None:
    _, raw = create_api_token(actor=focal_point, name="sync")
    response = patch(client, activity.pk, {"status": "delayed"}, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(activity).filter(action=LogEntry.Action.UPDATE).latest("pk")
    assert entry.actor == focal_point and entry.changes_dict["status"] == ["not_started", "delayed"]


def test_a_participant_focal_point_may_update(client: Client, secretariat: User, activity: Activity) -> None:
    patch_client = Client()
    patch_client.force_login(secretariat)
    patch(patch_client, activity.pk, {"participants": ["OHCHR"]})
    ohchr = make_user("ohchr_focal_point", "focal_point", "OHCHR")
    client.force_login(ohchr)
    assert patch(client, activity.pk, {"status": "in_progress"}).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point", "reviewer", "member_state"])
def test_it_rejects_people_not_working_on_it(
    client: Client, request: pytest.FixtureRequest, activity: Activity, persona: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = state(activity)
    assert_problem(patch(client, activity.pk, GOOD_PATCH), 403, "forbidden")
    assert_problem(post_update(client, activity.pk, GOOD_UPDATE), 403, "forbidden")
    assert state(activity) == before


def test_it_rejects_outsider_with_a_token(client: Client, outsider: User, activity: Activity) -> None:
    _, raw = create_api_token(actor=outsider, name="mine")
    before = state(activity)
    assert_problem(patch(client, activity.pk, GOOD_PATCH, headers={"Authorization": f"Bearer {raw}"}), 403)
    assert state(activity) == before


def test_it_rejects_anonymous(client: Client, activity: Activity) -> None:
    before = state(activity)
    assert_problem(patch(client, activity.pk, GOOD_PATCH), 401, "unauthenticated")
    assert_problem(post_update(client, activity.pk, GOOD_UPDATE), 401, "unauthenticated")
    assert state(activity) == before


def test_it_rejects_a_revoked_token(client: Client, focal_point: User, activity: Activity) -> None:
    token, raw = create_api_token(actor=focal_point, name="old")
    token.revoked_at = token.created_at
    token.save()
    before = state(activity)
    assert_problem(patch(client, activity.pk, GOOD_PATCH, headers={"Authorization": f"Bearer {raw}"}), 401)
    assert state(activity) == before


def test_an_unknown_activity_is_404(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    assert_problem(patch(client, 999999, {"status": "delayed"}), 404, "not_found")
    assert_problem(post_update(client, 999999, GOOD_UPDATE), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"status": "finished"}, "invalid_request"),
        ({"lead": "NOPE"}, "unknown_organization"),
        ({"participants": ["DESA", "NOPE"]}, "unknown_organization"),
        ({"planned_start": "2020-05-01", "planned_end": "2020-01-01"}, "dates_reversed"),
        ({"planned_end": "31/12/2020"}, "invalid_request"),
        ({"stauts": "completed"}, "invalid_request"),
        ({"status": None}, "invalid_request"),
        ({"participants": None}, "invalid_request"),
        ({"lead": ""}, "unknown_organization"),
        (["status", "completed"], "invalid_request"),
    ],
)
def test_it_rejects_an_invalid_patch(
    client: Client, focal_point: User, activity: Activity, body: Any, code: str
) -> None:
    client.force_login(focal_point)
    before = state(activity)
    assert_problem(patch(client, activity.pk, body), 422, code)
    assert state(activity) == before


def test_it_rejects_malformed_json(client: Client, focal_point: User, activity: Activity) -> None:
    client.force_login(focal_point)
    before = state(activity)
    response = client.patch(f"{BASE}/{activity.pk}", data="{status: delayed", content_type="application/json")
    assert_problem(response, 400, "malformed_body")
    assert state(activity) == before


def test_focal_point_reports_progress(client: Client, focal_point: User, activity: Activity) -> None:
    client.force_login(focal_point)
    response = post_update(client, activity.pk, GOOD_UPDATE)
    assert response.status_code == 201
    body = response.json()
    assert body["text"] == GOOD_UPDATE["text"] and body["date"] == "2019-03-15"
    assert body["author"] == "focal_point" and body["status"] == "in_progress"
    update = ProgressUpdate.objects.get(pk=body["id"])
    assert update.activity == activity and update.evidence_url == "https://example.org/report"
    activity.refresh_from_db()
    assert activity.status == "in_progress"
    created = LogEntry.objects.get_for_object(update).filter(actor=focal_point, action=LogEntry.Action.CREATE)
    assert created.exists()


def test_progress_date_defaults_to_today(client: Client, focal_point: User, activity: Activity) -> None:
    client.force_login(focal_point)
    response = post_update(client, activity.pk, {"text": "Started.", "status": "in_progress"})
    assert response.status_code == 201
    assert response.json()["date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({**GOOD_UPDATE, "evidence_url": "not a url"}, "invalid_update"),
        ({**GOOD_UPDATE, "text": "   "}, "empty_text"),
        ({**GOOD_UPDATE, "status": "done"}, "invalid_request"),
        ({"status": "in_progress"}, "invalid_request"),
        ({**GOOD_UPDATE, "date": "yesterday"}, "invalid_request"),
    ],
)
def test_it_rejects_an_invalid_update(
    client: Client, focal_point: User, activity: Activity, body: dict[str, Any], code: str
) -> None:
    client.force_login(focal_point)
    before = state(activity)
    assert_problem(post_update(client, activity.pk, body), 422, code)
    assert state(activity) == before


def test_an_activity_of_a_replaced_version_is_not_updated(
    client: Client, focal_point: User, activity: Activity, tmp_path: Path
) -> None:
    edited = tmp_path / "edited.txt"
    text = SHIPPED_WORKPLAN.read_text(encoding="utf-8")
    edited.write_text(text.replace("7 months", "8 months"), encoding="utf-8")
    call_command("import_workplan", str(edited), verbosity=0)
    client.force_login(focal_point)
    before = state(activity)
    assert_problem(patch(client, activity.pk, {"status": "delayed"}), 422, "version_replaced")
    assert_problem(post_update(client, activity.pk, GOOD_UPDATE), 422, "version_replaced")
    assert state(activity) == before


def test_a_session_patch_needs_the_csrf_token(focal_point: User, activity: Activity) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    before = state(activity)
    assert_problem(patch(client, activity.pk, {"status": "delayed"}), 403, "csrf_failed")
    assert_problem(post_update(client, activity.pk, GOOD_UPDATE), 403, "csrf_failed")
    assert state(activity) == before
    client.get("/accounts/tokens/")  # a page with a form sets the csrftoken cookie
    csrf = {"X-CSRFToken": client.cookies["csrftoken"].value}
    assert patch(client, activity.pk, {"status": "delayed"}, headers=csrf).status_code == 200
