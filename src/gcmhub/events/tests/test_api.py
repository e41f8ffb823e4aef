"""Events API: reads show only what the caller may see; writes are refused to an outsider with
problem+json and change nothing; bad input is a 422, never a 500."""

import json
from typing import Any

from conftest import make_user
from django.test import Client

from gcmhub.accounts.actions import create_api_token
from gcmhub.events.models import Event, Registration
from gcmhub.events.tests.helpers import published_event, snapshot

EVENTS = "/api/v1/events"
PROBLEM = "application/problem+json"
NEW_EVENT = {
    "title": "Webinar on regular pathways",
    "starts_at": "2027-03-03T14:00:00+03:00",
    "ends_at": "2027-03-03T16:00:00+03:00",
    "time_zone": "Africa/Nairobi",
    "capacity": 1,
}


def bearer(user: Any) -> dict[str, str]:
    _token, raw = create_api_token(actor=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def post(client: Client, path: str, user: Any, body: dict[str, Any] | None = None) -> Any:
    return client.post(path, json.dumps(body or {}), content_type="application/json", headers=bearer(user))


def test_the_secretariat_creates_and_publishes_an_event(client: Client, secretariat: Any) -> None:
    created = post(client, EVENTS, secretariat, NEW_EVENT)
    assert created.status_code == 201
    body = created.json()
    assert body["starts_at"] == "2027-03-03T11:00:00Z" and body["time_zone"] == "Africa/Nairobi"
    assert body["status"] == "draft"
    published = post(client, f"{EVENTS}/{body['id']}/publish", secretariat)
    assert published.status_code == 200 and published.json()["status"] == "published"


def test_an_outsider_cannot_create_or_publish(client: Client, secretariat: Any, outsider: Any) -> None:
    refused = post(client, EVENTS, outsider, NEW_EVENT)
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    assert not Event.objects.exists()
    draft = post(client, EVENTS, secretariat, NEW_EVENT).json()
    assert (
        post(client, f"{EVENTS}/{draft['id']}/publish", outsider).status_code == 404
    )  # a draft is not shown
    assert Event.objects.get().status == "draft"


def test_a_focal_point_of_an_organization_outside_the_network_cannot_create(client: Client, db: None) -> None:
    cso_focal_point = make_user("cso_focal_point", "focal_point", "TEST-CSO")
    refused = post(client, EVENTS, cso_focal_point, NEW_EVENT)
    assert refused.status_code == 403 and refused["Content-Type"] == PROBLEM
    assert not Event.objects.exists()


def test_bad_input_is_a_422_problem(client: Client, secretariat: Any) -> None:
    for change in ({"time_zone": "Nowhere"}, {"ends_at": "2027-03-03T10:00:00+03:00"}, {"surprise": 1}):
        response = post(client, EVENTS, secretariat, {**NEW_EVENT, **change})
        assert response.status_code == 422, change
        assert response["Content-Type"] == PROBLEM
    assert not Event.objects.exists()


def test_registration_through_the_api_fills_the_seat_then_the_waiting_list(
    client: Client, secretariat: Any
) -> None:
    event = published_event(secretariat, capacity=1)
    first, second = make_user("first"), make_user("second")
    assert post(client, f"{EVENTS}/{event.pk}/registration", first).json()["status"] == "confirmed"
    assert post(client, f"{EVENTS}/{event.pk}/registration", second).json()["status"] == "waitlisted"
    cancelled = client.delete(f"{EVENTS}/{event.pk}/registration", headers=bearer(first))
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert Registration.objects.get(user=second).status == "confirmed"


def test_an_outsider_cannot_register_for_a_members_only_event(
    client: Client, secretariat: Any, outsider: Any
) -> None:
    event = published_event(secretariat, audience="network_members")
    before = snapshot(event)
    response = post(client, f"{EVENTS}/{event.pk}/registration", outsider)
    assert response.status_code == 404 and response["Content-Type"] == PROBLEM
    assert client.delete(f"{EVENTS}/{event.pk}/registration", headers=bearer(outsider)).status_code == 404
    assert snapshot(event) == before


def test_reads_hide_members_only_events_from_the_public(client: Client, secretariat: Any) -> None:
    published_event(secretariat, title="Open webinar")
    closed = published_event(secretariat, title="Network retreat", audience="network_members")
    titles = [item["title"] for item in client.get(EVENTS).json()["items"]]
    assert titles == ["Open webinar"]
    assert client.get(f"{EVENTS}/{closed.pk}").status_code == 404
    assert (
        client.get(f"{EVENTS}/{closed.pk}", headers=bearer(secretariat)).json()["title"] == "Network retreat"
    )
