"""POST /api/v1/suggest/objectives: public, read-only, and refusing empty, huge or malformed input."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client

from gcmhub.search.suggest_api import MAX_TEXT_CHARS

URL = "/api/v1/suggest/objectives"
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
