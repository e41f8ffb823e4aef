"""Pledge pages and API: the journey from pledge to published progress, the dashboard and downloads, and
every write refused to outsiders and anonymous callers without changing anything."""

import csv
import io
import json
from typing import Any

from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gcmhub.reporting.models_pledges import Pledge, PledgeProgress, PledgeStatus
from gcmhub.reporting.tests.pledge_data import MEXICO_PLEDGE, published, submitted
from gcmhub.reporting.tests.test_open_data import download

JSON = "application/json"
API = "/api/v1/reporting/pledges"


def state() -> tuple[int, ...]:
    return (
        Pledge.objects.count(),
        Pledge.objects.filter(status=PledgeStatus.PUBLISHED).count(),
        PledgeProgress.objects.count(),
        LogEntry.objects.count(),
    )


def page_writes(pledge: Pledge) -> list[tuple[str, dict[str, Any]]]:
    form = {**MEXICO_PLEDGE, "co_pledgers": "IOM"}
    return [
        (reverse("reporting:pledge_create"), form),
        (reverse("reporting:pledge_edit", args=[pledge.public_id]), form),
        (reverse("reporting:pledge_moderate", args=[pledge.public_id]), {"decision": "publish"}),
        (
            reverse("reporting:pledge_progress", args=[pledge.public_id]),
            {"reported_on": "2026-01-01", "text": "x"},
        ),
    ]


def api_writes(pledge: Pledge) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("post", API, MEXICO_PLEDGE),
        ("put", f"{API}/{pledge.public_id}", MEXICO_PLEDGE),
        ("post", f"{API}/{pledge.public_id}/moderation", {"decision": "publish"}),
        ("post", f"{API}/{pledge.public_id}/progress", {"text": "x"}),
    ]


def test_a_member_state_pledges_and_the_secretariat_publishes(
    client: Client, member_state: Any, secretariat: Any
) -> None:
    client.force_login(member_state)
    assert client.get(reverse("reporting:pledge_create")).status_code == 200
    made = client.post(
        reverse("reporting:pledge_create"),
        {**MEXICO_PLEDGE, "objectives": ["5", "6"], "co_pledgers": "IOM, "},
    )
    assert made.status_code == 302
    pledge = Pledge.objects.get()
    assert made["Location"] == pledge.get_absolute_url()
    assert [o.acronym for o in pledge.co_pledgers.all()] == ["IOM"]
    listed = client.get(reverse("reporting:pledges")).content.decode()
    assert "not yet published" in listed and pledge.get_absolute_url() in listed
    client.force_login(secretariat)
    queue = client.get(reverse("reporting:pledge_queue"))
    assert pledge.public_id in queue.content.decode()
    refused = client.post(
        reverse("reporting:pledge_moderate", args=[pledge.public_id]), {"decision": "reject"}
    )
    assert refused.status_code == 422
    decided = client.post(
        reverse("reporting:pledge_moderate", args=[pledge.public_id]), {"decision": "publish"}
    )
    assert decided.status_code == 302
    client.force_login(member_state)
    reported = client.post(
        reverse("reporting:pledge_progress", args=[pledge.public_id]),
        {"reported_on": pledge.submitted_at.date().isoformat(), "text": "Visa opened.", "language": "en"},
    )
    assert reported.status_code == 302
    client.logout()
    page = client.get(pledge.get_absolute_url())
    assert page.status_code == 200
    assert "Visa opened." in page.content.decode() and pledge.public_id in page.content.decode()


def test_bad_form_input_is_a_422_and_changes_nothing(client: Client, member_state: Any) -> None:
    client.force_login(member_state)
    before = state()
    answer = client.post(reverse("reporting:pledge_create"), {**MEXICO_PLEDGE, "co_pledgers": "NO-SUCH-ORG"})
    assert answer.status_code == 422
    assert "NO-SUCH-ORG" in answer.content.decode()
    assert client.post(reverse("reporting:pledge_create"), {"title": ""}).status_code == 422
    assert state() == before


def test_it_rejects_an_outsider_on_every_page_write(
    client: Client, outsider: Any, member_state: Any, secretariat: Any
) -> None:
    pledge = published(member_state, secretariat)
    client.force_login(outsider)
    before = state()
    for path, body in page_writes(pledge):
        answer = client.post(path, body)
        assert answer.status_code in (403, 404), (path, answer.status_code)
    assert client.get(reverse("reporting:pledge_queue")).status_code == 403
    assert state() == before


def test_it_sends_an_anonymous_visitor_to_sign_in_on_every_page_write(
    client: Client, member_state: Any, secretariat: Any
) -> None:
    pledge = published(member_state, secretariat)
    before = state()
    for path, body in page_writes(pledge):
        answer = client.post(path, body)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], path
    assert state() == before


def test_it_rejects_an_outsider_on_every_api_write(
    client: Client, outsider: Any, member_state: Any, secretariat: Any
) -> None:
    pledge = published(member_state, secretariat)
    client.force_login(outsider)
    before = state()
    for method, path, body in api_writes(pledge):
        answer = getattr(client, method)(path, body, content_type=JSON)
        assert answer.status_code in (403, 404), (path, answer.status_code, answer.content)
        assert answer["Content-Type"].startswith("application/problem+json")
    assert state() == before


def test_it_rejects_an_anonymous_caller_on_every_api_write(
    client: Client, member_state: Any, secretariat: Any
) -> None:
    pledge = published(member_state, secretariat)
    before = state()
    for method, path, body in api_writes(pledge):
        assert getattr(client, method)(path, body, content_type=JSON).status_code == 401, path
    assert state() == before


def test_the_api_journey_and_bad_input(client: Client, member_state: Any, secretariat: Any) -> None:
    client.force_login(member_state)
    made = client.post(API, MEXICO_PLEDGE, content_type=JSON)
    assert made.status_code == 201, made.content
    public_id = made.json()["id"]
    assert made.json()["status"] == "submitted" and made.json()["countries"] == ["GTM", "MEX"]
    before = state()
    bad = client.post(API, {**MEXICO_PLEDGE, "objectives": [99]}, content_type=JSON)
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    unknown = client.post(API, {**MEXICO_PLEDGE, "pledge_id": "mine"}, content_type=JSON)
    assert unknown.status_code == 422
    assert state() == before
    # Not published yet: the public does not see it.
    client.logout()
    assert client.get(f"{API}/{public_id}").status_code == 404
    client.force_login(secretariat)
    decided = client.post(f"{API}/{public_id}/moderation", {"decision": "publish"}, content_type=JSON)
    assert decided.status_code == 200 and decided.json()["status"] == "published"
    client.force_login(member_state)
    progress = client.post(f"{API}/{public_id}/progress", {"text": "Done."}, content_type=JSON)
    assert progress.status_code == 201
    client.logout()
    listed = client.get(API).json()
    assert listed["count"] == 1 and listed["items"][0]["progress"][0]["text"] == "Done."
    board = client.get(f"{API}/dashboard").json()
    assert board["total"] == 1
    assert {b["key"]: b["count"] for b in board["by_type"]}["member_state"] == 1


def test_the_dashboard_and_downloads_show_published_pledges_only(
    client: Client, member_state: Any, secretariat: Any, stakeholder: Any
) -> None:
    shown = published(member_state, secretariat)
    hidden = submitted(stakeholder, organization="TEST-CSO", co_pledgers=[], title="Not yet moderated")
    page = client.get(reverse("reporting:pledge_dashboard"))
    assert page.status_code == 200
    assert 'class="pledge-bar-fill" width="100"' in page.content.decode()
    text = download(client, "pledges", "csv").decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["id"] for row in rows] == [shown.public_id]
    assert rows[0]["objectives"] == "5; 6" and rows[0]["co_pledgers"] == "IOM"
    data = json.loads(download(client, "pledges", "json"))
    assert [row["id"] for row in data["rows"]] == [shown.public_id]
    assert hidden.public_id not in json.dumps(data)


def test_pages_render_in_arabic(client: Client, member_state: Any, secretariat: Any) -> None:
    pledge = published(member_state, secretariat)
    for name, args in (
        ("reporting:pledges", []),
        ("reporting:pledge_dashboard", []),
        ("reporting:pledge", [pledge.public_id]),
    ):
        with translation.override("ar"):
            path = reverse(name, args=args)
        answer = client.get(path)
        assert answer.status_code == 200, name
        assert 'dir="rtl"' in answer.content.decode()


def test_lists_read_a_fixed_number_of_queries(client: Client, member_state: Any, secretariat: Any) -> None:
    """Twice the pledges, the same number of queries: the list page, the API list and the CSV download."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            answer: Any = client.get(path)
            if answer.streaming:
                b"".join(answer.streaming_content)
        assert answer.status_code == 200, path
        return len(captured)

    paths = [reverse("reporting:pledges"), API, "/reporting/open-data/pledges.csv"]
    for _ in range(2):
        published(member_state, secretariat)
    few = [queries_for(path) for path in paths]
    for _ in range(2):
        published(member_state, secretariat, countries=["HND"], co_pledgers=["UNHCR"])
    assert [queries_for(path) for path in paths] == few
