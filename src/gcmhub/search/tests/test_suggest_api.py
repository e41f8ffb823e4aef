"""POST /api/v1/suggest/objectives and /principles: public, read-only, refusing empty, huge or bad input."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client

from gcmhub.search.suggest_api import MAX_TEXT_CHARS

URL = "/api/v1/suggest/objectives"
PRINCIPLES_URL = "/api/v1/suggest/principles"
PROBLEM = "application/problem+json"


def post(client: Client, body: Any) -> Any:
    return client.post(URL, body, content_type="application/json")


def test_anyone_gets_the_objectives_ranked_with_scores_and_reasons(client: Client, db: None) -> None:
    response = post(client, {"text": "Seasonal workers pay no recruitment fees and get written contracts."})

    assert response.status_code == 200
    body = response.json()
    assert [item["objective"] for item in body["items"]][:1] == [6]
    assert len(body["items"]) == 23
    first = body["items"][0]
    assert 0 < first["score"] <= 1 and first["description"]
    assert isinstance(first["neighbours"], list) and first["keywords"]
    assert body["preselected"][0] == 6


def test_limit_keeps_the_best_few(client: Client, db: None) -> None:
    body = post(client, {"text": "Cheaper remittances", "limit": 3}).json()

    assert [item["objective"] for item in body["items"]][:1] == [20]
    assert len(body["items"]) == 3


def test_an_outsider_changes_nothing(client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    before = LogEntry.objects.count()

    response = post(client, {"text": "Alternatives to immigration detention for families."})

    assert response.status_code == 200
    assert response.json()["items"][0]["objective"] == 13
    assert LogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": ""}, "empty_text"),
        ({"text": "   \n "}, "empty_text"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text_too_long"),
        ({"text": "fees", "limit": 0}, "invalid_request"),
        ({"text": "fees", "limit": 24}, "invalid_request"),
        ({"text": "fees", "colour": "red"}, "invalid_request"),
        ({"limit": 3}, "invalid_request"),
        ({"text": 5}, "invalid_request"),
    ],
)
def test_bad_input_is_a_422_problem(client: Client, db: None, body: Any, code: str) -> None:
    response = post(client, body)

    assert response.status_code == 422
    assert response["Content-Type"].startswith(PROBLEM)
    assert response.json()["type"] == f"about:blank#{code}"


def test_a_body_that_is_not_json_is_a_400_problem(client: Client, db: None) -> None:
    response = client.post(URL, "text=fees", content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"].startswith(PROBLEM)


def test_a_body_over_the_upload_limit_is_a_413_problem(client: Client, db: None, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(client, {"text": "y" * 2000})

    assert response.status_code == 413
    assert response["Content-Type"].startswith(PROBLEM)


def test_get_is_not_allowed(client: Client, db: None) -> None:
    response = client.get(URL, {"text": "fees"})

    assert response.status_code == 405
    assert response["Content-Type"].startswith(PROBLEM)


def test_anyone_gets_the_guiding_principles_with_those_the_text_supports(client: Client, db: None) -> None:
    response = client.post(
        PRINCIPLES_URL,
        {"text": "The best interests of each unaccompanied child guide every decision about them."},
        content_type="application/json",
    )

    assert response.status_code == 200
    body = response.json()
    assert sorted(item["principle"] for item in body["items"]) == list(range(1, 11))
    assert body["items"][0]["principle"] == 8 and body["supported"][:1] == [8]


def test_a_text_that_supports_no_principle_names_none(client: Client, db: None) -> None:
    body = client.post(
        PRINCIPLES_URL, {"text": "Cheaper remittances."}, content_type="application/json"
    ).json()

    assert body["supported"] == []


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"text": ""}, "empty_text"),
        ({"text": "x" * (MAX_TEXT_CHARS + 1)}, "text_too_long"),
        ({"text": "fees", "limit": 3}, "invalid_request"),
    ],
)
def test_bad_principle_input_is_a_422_problem(client: Client, db: None, body: Any, code: str) -> None:
    response = client.post(PRINCIPLES_URL, body, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["type"] == f"about:blank#{code}"


def test_an_outsider_asking_for_principles_changes_nothing(client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    before = LogEntry.objects.count()

    response = client.post(PRINCIPLES_URL, {"text": "Whole-of-society"}, content_type="application/json")

    assert response.status_code == 200
    assert LogEntry.objects.count() == before
