"""Every API error is RFC 7807 problem+json with type, title, status, detail and instance: unknown ids and
addresses (404), methods a path does not take (405), malformed bodies (400), invalid input (422) and missing
credentials (401)."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from gcmhub.core.tests.typed import ClientResponse

PROBLEM = "application/problem+json"


def assert_problem(response: ClientResponse, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["type"] == f"about:blank#{code}"
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["instance"] == response.wsgi_request.path
    return body


def test_an_unknown_id_is_404(client: Client, db: None) -> None:
    body = assert_problem(client.get("/api/v1/workplans/activities/999999"), 404, "not_found")
    assert body["title"] == "Not Found"
    assert body["detail"] == "There is no such activity."


def test_an_unknown_address_is_404(client: Client, db: None) -> None:
    assert_problem(client.get("/api/v1/no/such/thing"), 404, "not_found")
    assert_problem(client.get("/api/v1/workplans/activities/not-a-number"), 404, "not_found")
    assert_problem(client.post("/api/v1/nowhere", data={}, content_type="application/json"), 404, "not_found")
    # An encoded newline in a path segment still reaches the catch-all.
    assert_problem(client.get("/api/v1/fund/funds/%0A/ledger//0/reversal"), 404, "not_found")


def test_a_method_not_allowed_is_405(client: Client, db: None) -> None:
    response = client.delete("/api/v1/workplans/multi-annual-work-plan")
    body = assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"
    assert "DELETE" in body["detail"]
    put = client.put("/api/v1/workplans/activities/1", data={}, content_type="application/json")
    assert_problem(put, 405, "method_not_allowed")
    assert put["Allow"] == "GET, PATCH"


def test_a_malformed_body_is_400(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post("/api/v1/accounts/tokens", data="{not json", content_type="application/json")
    body = assert_problem(response, 400, "malformed_body")
    assert body["detail"] == "The request body is not valid JSON."


def test_invalid_input_is_422_with_field_errors(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post("/api/v1/accounts/tokens", data={"name": 42}, content_type="application/json")
    body = assert_problem(response, 422, "invalid_request")
    assert body["errors"][0]["loc"] == ["body", "payload", "name"]


def test_a_bad_query_is_422(client: Client, db: None) -> None:
    body = assert_problem(client.get("/api/v1/workplans/activities?limit=abc"), 422, "invalid_request")
    assert body["errors"][0]["loc"][-1] == "limit"


def test_missing_credentials_are_401(client: Client, db: None) -> None:
    response = client.get("/api/v1/accounts/me")
    assert_problem(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
