"""A request body over the configured maximum is 413 everywhere: problem+json under /api/v1/ (JSON bodies over
MAX_UPLOAD_BYTES, multipart uploads over MAX_REQUEST_BYTES) and the translated error page elsewhere. Other bad
requests stay 400. Each upload endpoint's own 413s are tested beside it (knowledge, fund, workplan)."""

import json
from typing import Any

import pytest
from django.test import Client

from gcmhub.accounts.models import ApiToken, hash_token
from gcmhub.knowledge.models import Resource

pytestmark = pytest.mark.django_db


def token_for(user: Any) -> dict[str, Any]:  # WSGI environ entries, passed as **extra
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="test", token_hash=hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def new_resource_body(summary_length: int) -> str:
    return json.dumps(
        {"kind": "practice", "title": "Firewalls", "summary": "x" * summary_length, "objectives": [15]}
    )


def csrf_client() -> Client:
    """A client that, like a browser, has the CSRF cookie: the check then reads the form for the token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    return client


def test_a_json_body_over_the_maximum_is_413_problem_json(stakeholder: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = Client().post(
        "/api/v1/knowledge/resources",
        new_resource_body(5000),
        content_type="application/json",
        **token_for(stakeholder),
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank#request_too_large"
    assert problem["detail"] == "This request is too large: at most 1000\xa0bytes can be sent at once."
    assert not Resource.objects.exists()


def test_a_json_body_within_the_maximum_still_works(stakeholder: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = Client().post(
        "/api/v1/knowledge/resources",
        new_resource_body(100),
        content_type="application/json",
        **token_for(stakeholder),
    )
    assert response.status_code == 201, response.content


def test_a_form_over_the_maximum_is_a_413_page_even_with_csrf_checks(settings: Any) -> None:
    # The CSRF check reads the form before any view: the refusal happens there, and is still a 413 page.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = csrf_client().post("/fr/accounts/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    body = response.content.decode()
    assert '<html lang="fr"' in body and "1000" in body


def test_a_multipart_request_over_the_maximum_is_refused_before_it_is_read(settings: Any) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 1000
    response = csrf_client().post("/accounts/login/", {"username": "x", "file": ("a" * 5000).encode()})
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()


def test_other_bad_requests_stay_400(settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = csrf_client().post("/accounts/login/", {f"f{n}": "x" for n in range(10)})
    assert response.status_code == 400
