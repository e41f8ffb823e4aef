"""API authentication: bearer tokens (looked up by hash, revocable, last use recorded at most once a minute)
and sessions (CSRF enforced on unsafe methods)."""

import datetime
import json

import pytest
from conftest import PASSWORD
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from gcmhub.accounts.actions import create_api_token, revoke_api_token
from gcmhub.accounts.models import ApiToken

ME = "/api/v1/accounts/me"
TOKENS = "/api/v1/accounts/tokens"
PROBLEM = "application/problem+json"


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_it_accepts_a_valid_token(client: Client, focal_point: User) -> None:
    _, raw = create_api_token(actor=focal_point, name="script")
    response = client.get(ME, headers=bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "focal_point"
    [membership] = body["memberships"]
    assert (membership["organization"], membership["role"]) == ("IOM", "focal_point")
    assert membership["organization_name"]
    assert body["is_secretariat"] is False


def test_it_rejects_a_revoked_token(client: Client, focal_point: User) -> None:
    token, raw = create_api_token(actor=focal_point, name="script")
    revoke_api_token(actor=focal_point, token_id=token.pk)
    response = client.get(ME, headers=bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "The API token is not valid or has been revoked."


@pytest.mark.parametrize(
    "header", ["Bearer gcm_not-a-real-token", "Bearer nonsense", "Bearer ", "Basic Zm9vOmJhcg=="]
)
def test_it_rejects_garbage_credentials(client: Client, db: None, header: str) -> None:
    response = client.get(ME, headers={"Authorization": header})
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 401 and body["type"] == "about:blank#unauthenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_rejects_a_token_of_a_deactivated_user(client: Client, focal_point: User) -> None:
    _, raw = create_api_token(actor=focal_point, name="script")
    focal_point.is_active = False
    focal_point.save()
    assert client.get(ME, headers=bearer(raw)).status_code == 401


def test_a_wrong_token_is_refused_even_with_a_session(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    assert client.get(ME, headers=bearer("gcm_wrong")).status_code == 401
    assert client.get(ME).status_code == 200


def test_it_records_last_use_at_most_once_a_minute(client: Client, focal_point: User) -> None:
    token, raw = create_api_token(actor=focal_point, name="script")
    assert token.last_used_at is None
    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == first
    earlier = timezone.now() - datetime.timedelta(minutes=2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)
    client.get(ME, headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at > earlier


def test_only_the_hash_is_stored(focal_point: User) -> None:
    token, raw = create_api_token(actor=focal_point, name="script")
    assert raw.startswith("gcm_")
    assert raw not in token.token_hash
    assert len(token.token_hash) == 64


def test_anonymous_gets_401_problem(client: Client, db: None) -> None:
    response = client.get(ME)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert set(response.json()) >= {"type", "title", "status", "detail"}


def test_an_anonymous_write_gets_401_not_a_csrf_error(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(TOKENS, data={"name": "x"}, content_type="application/json")
    assert response.status_code == 401


def test_a_session_write_without_csrf_token_is_refused(focal_point: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="focal_point", password=PASSWORD)
    response = client.post(TOKENS, data={"name": "from the browser"}, content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "about:blank#csrf_failed"
    assert not ApiToken.objects.filter(user=focal_point).exists()


def test_a_session_write_with_csrf_token_works(focal_point: User) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="focal_point", password=PASSWORD)
    client.get("/accounts/tokens/")  # sets the csrftoken cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        TOKENS,
        data=json.dumps({"name": "from the browser"}),
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201


def test_a_token_write_needs_no_csrf_token(focal_point: User) -> None:
    _, raw = create_api_token(actor=focal_point, name="script")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        TOKENS, data={"name": "second"}, content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 201
    assert ApiToken.objects.filter(user=focal_point, name="second").exists()
