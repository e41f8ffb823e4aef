"""Progress updates from the activity page: who may post them, what they change, and bad input."""

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from gcmhub.workplan.models import (
    Activity,
    ActivityStatus,
    ExpectedResult,
    ProgressUpdate,
    Section,
    WorkPlanVersion,
)

pytestmark = pytest.mark.django_db


def cc6_activity() -> Activity:
    """An activity of cross-cutting result 6, whose membership is "IOM, DESA"."""
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    activity = result.activities.order_by("position").first()
    assert activity is not None
    return activity


def snapshot(activity: Activity) -> tuple[Any, ...]:
    activity.refresh_from_db()
    return (
        activity.status,
        activity.lead_id,
        activity.planned_start,
        activity.planned_end,
        ProgressUpdate.objects.count(),
        LogEntry.objects.count(),
    )


def good_post(**overrides: str) -> dict[str, str]:
    data = {
        "status": "in_progress",
        "text": "Note taking arranged for the first round of consultations.",
        "evidence_url": "https://example.org/minutes/1",
        "date": "2026-03-02",
    }
    data.update(overrides)
    return data


def progress_url(activity: Activity) -> str:
    return reverse("workplan:activity_progress", args=[activity.pk])


def test_focal_point_sees_the_forms(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    body = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    for field_id in ("id_status", "id_text", "id_evidence_url", "id_date"):
        assert f'id="{field_id}"' in body
    assert '<label for="id_status">' in body
    assert "Save update" in body
    assert "Save tracking" in body
    assert f'action="{progress_url(activity)}"' in body
    assert 'name="csrfmiddlewaretoken"' in body


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point", "member_state", "reviewer"])
def test_others_do_not_see_the_forms(client: Client, persona: str, request: Any) -> None:
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("workplan:activity", args=[cc6_activity().pk])).content.decode()
    assert "Save update" not in body
    assert 'id="id_text"' not in body


def test_anonymous_sees_the_page_without_forms(client: Client) -> None:
    body = client.get(reverse("workplan:activity", args=[cc6_activity().pk])).content.decode()
    assert 'id="history"' in body
    assert "Save update" not in body


def test_focal_point_posts_a_progress_update(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    assert activity.status == ActivityStatus.NOT_STARTED
    client.force_login(focal_point)
    response = client.post(progress_url(activity), good_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:activity", args=[activity.pk])
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_PROGRESS
    update = activity.updates.get()
    assert update.author == focal_point
    assert update.date == datetime.date(2026, 3, 2)
    assert update.evidence_url == "https://example.org/minutes/1"

    page = client.get(response["Location"])
    body = page.content.decode()
    assert "Your progress update has been saved." in body
    assert '<span class="badge status-in_progress" id="activity-status">In progress</span>' in body
    assert "Note taking arranged for the first round of consultations." in body
    assert 'href="https://example.org/minutes/1"' in body
    assert "by focal_point" in body


def test_the_change_shows_in_the_history(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    client.post(progress_url(activity), good_post())
    body = client.get(reverse("workplan:activity_history", args=[activity.pk])).content.decode()
    row = body.split('<section id="history">')[1]
    status_change = row.split('<span class="field">Status</span>:')[1].split("</li>")[0]
    assert '<span class="before" dir="auto">Not started</span>' in status_change
    assert '<span class="after" dir="auto">In progress</span>' in status_change
    assert "<td>focal_point</td>" in row
    # The activity page carries the same history in its section id="history".
    page = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    history = page.split('<section id="history"')[1]
    assert '<span class="after" dir="auto">In progress</span>' in history


def test_secretariat_updates_any_activity(client: Client, secretariat: Any) -> None:
    activity = Activity.objects.filter(
        result__section__version__is_current=True, result__section__kind=Section.Kind.THEMATIC_AREA
    ).last()
    assert activity is not None
    client.force_login(secretariat)
    response = client.post(progress_url(activity), good_post(status="completed"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == ActivityStatus.COMPLETED


@pytest.mark.parametrize("persona", ["other_focal_point", "outsider"])
def test_it_rejects_those_who_may_not_update(client: Client, persona: str, request: Any) -> None:
    activity = cc6_activity()
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(activity)
    response = client.post(progress_url(activity), good_post())
    assert response.status_code == 403
    assert "Only focal points of the organizations working on this activity" in response.content.decode()
    assert snapshot(activity) == before


def test_it_redirects_anonymous_to_login(client: Client) -> None:
    activity = cc6_activity()
    before = snapshot(activity)
    response = client.post(progress_url(activity), good_post())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert snapshot(activity) == before


def test_get_of_the_form_url_goes_back_to_the_activity(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    response = client.get(progress_url(activity))
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:activity", args=[activity.pk])


def test_it_requires_a_csrf_token(focal_point: Any) -> None:
    activity = cc6_activity()
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    before = snapshot(activity)
    response = client.post(progress_url(activity), good_post())
    assert response.status_code == 403
    assert snapshot(activity) == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"status": "finished"}, "Choose one of the statuses in the list."),
        ({"text": "   "}, "Describe the progress made."),
        ({"evidence_url": "not a link"}, "Enter a full web address"),
        ({"evidence_url": "javascript:alert(1)"}, "Enter a full web address"),
        ({"date": "2026-02-31"}, "Enter a valid date."),
    ],
)
def test_it_rejects_bad_input(
    client: Client, focal_point: Any, overrides: dict[str, str], message: str
) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    before = snapshot(activity)
    response = client.post(progress_url(activity), good_post(**overrides))
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert "Save update" in body  # the form is shown again
    assert snapshot(activity) == before


def test_it_keeps_what_was_typed_when_input_is_bad(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    response = client.post(progress_url(cc6_activity()), good_post(evidence_url="nope"))
    assert "Note taking arranged for the first round of consultations." in response.content.decode()


def test_unknown_activity_is_404(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    assert client.post(reverse("workplan:activity_progress", args=[999999]), good_post()).status_code == 404
    assert client.get(reverse("workplan:activity", args=[999999])).status_code == 404


def test_activities_of_a_replaced_version_are_read_only(client: Client, secretariat: Any) -> None:
    activity = cc6_activity()
    WorkPlanVersion.objects.filter(is_current=True).update(is_current=False)
    client.force_login(secretariat)
    before = snapshot(activity)
    page = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    assert "Save update" not in page
    assert "it can no longer be updated here" in page
    response = client.post(progress_url(activity), good_post())
    assert response.status_code == 422
    assert "which has been replaced" in response.content.decode()
    assert snapshot(activity) == before
