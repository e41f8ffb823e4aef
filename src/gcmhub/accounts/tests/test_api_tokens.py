"""The accounts API: /me and API tokens (list, create, revoke), each write audited and refused to others."""

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from gcmhub.accounts.actions import create_api_token
from gcmhub.accounts.models import ApiToken

TOKENS = "/api/v1/accounts/tokens"
PROBLEM = "application/problem+json"


def test_me_lists_memberships(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    body = client.get("/api/v1/accounts/me").json()
    assert body["username"] == "secretariat"
    assert body["is_secretariat"] is True
    assert [(m["organization"], m["role"]) for m in body["memberships"]] == [("UNNM", "secretariat")]


def test_it_lists_only_my_tokens_newest_first(
    client: Client, focal_point: User, other_focal_point: User
) -> None:
    create_api_token(actor=focal_point, name="first")
    create_api_token(actor=focal_point, name="second")
    create_api_token(actor=other_focal_point, name="not mine")
    client.force_login(focal_point)
    body = client.get(TOKENS).json()
    assert body["count"] == 2
    assert [t["name"] for t in body["items"]] == ["second", "first"]
    assert set(body["items"][0]) == {"id", "name", "created_at", "last_used_at", "revoked_at"}


def test_it_creates_a_token_and_shows_it_once(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    audit_before = LogEntry.objects.count()
    response = client.post(TOKENS, data={"name": "nightly export"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "nightly export" and body["token"].startswith("gcm_")
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == focal_point
    # The raw token works, and it is never returned again.
    me = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200
    assert body["token"] not in client.get(TOKENS).content.decode()
    entry = LogEntry.objects.get_for_object(token).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == focal_point
    assert "token_hash" not in (entry.changes or {})
    assert LogEntry.objects.count() == audit_before + 1


def test_it_rejects_an_empty_name(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post(TOKENS, data={"name": "   "}, content_type="application/json")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["type"] == "about:blank#empty_name"
    assert not ApiToken.objects.exists()


def test_it_rejects_a_name_too_long(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post(TOKENS, data={"name": "x" * 101}, content_type="application/json")
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_it_revokes_my_token(client: Client, focal_point: User) -> None:
    token, raw = create_api_token(actor=focal_point, name="old")
    client.force_login(focal_point)
    response = client.delete(f"{TOKENS}/{token.pk}")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = LogEntry.objects.get_for_object(token).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == focal_point and "revoked_at" in entry.changes_dict
    assert client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_secretariat_may_revoke_anyones_token(client: Client, focal_point: User, secretariat: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="leaked")
    client.force_login(secretariat)
    assert client.delete(f"{TOKENS}/{token.pk}").status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_rejects_outsider_revoking_someone_elses_token(
    client: Client, focal_point: User, outsider: User
) -> None:
    token, _ = create_api_token(actor=focal_point, name="mine")
    audit_before = LogEntry.objects.count()
    client.force_login(outsider)
    response = client.delete(f"{TOKENS}/{token.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    token.refresh_from_db()
    assert token.revoked_at is None
    assert LogEntry.objects.count() == audit_before


def test_it_rejects_anonymous_writes(client: Client, focal_point: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="mine")
    audit_before = LogEntry.objects.count()
    assert client.post(TOKENS, data={"name": "x"}, content_type="application/json").status_code == 401
    assert client.delete(f"{TOKENS}/{token.pk}").status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1
    assert LogEntry.objects.count() == audit_before


def test_revoking_an_unknown_token_is_404(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.delete(f"{TOKENS}/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "There is no such API token."
