"""The invitations API: the secretariat lists, creates, resends and revokes invitations; anyone else is
refused and nothing changes."""

import json
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from gcmhub.accounts.actions import create_api_token
from gcmhub.accounts.models import Invitation, Preference

INVITATIONS = "/api/v1/accounts/invitations"
PROBLEM = "application/problem+json"


def bearer(user: Any) -> dict[str, str]:
    _token, raw = create_api_token(actor=user, name="script")
    return {"Authorization": f"Bearer {raw}"}


def post(client: Client, path: str, body: dict[str, Any] | None, headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body or {}), content_type="application/json", headers=headers)


def payload(**overrides: str) -> dict[str, str]:
    return {"email": "new.person@example.org", "organization": "ilo", "role": "focal_point", **overrides}


def test_the_secretariat_invites_and_lists(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    headers = bearer(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, INVITATIONS, payload(language="ru"), headers)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "new.person@example.org"
    assert (body["organization"], body["role"], body["language"]) == ("ILO", "focal_point", "ru")
    assert body["status"] == "pending"
    assert body["invited_by"] == "secretariat"
    assert "token" not in json.dumps(body)
    [message] = mail.outbox
    assert "/ru/accounts/invitation/" in message.body
    listed = client.get(INVITATIONS, headers=headers).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]


def test_without_a_language_the_inviters_own_is_used(
    client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Preference.objects.create(user=secretariat, language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, INVITATIONS, payload(), bearer(secretariat))
    assert response.json()["language"] == "ar"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (payload(email="nope"), 422),
        (payload(role="king"), 422),
        (payload(organization="NO-SUCH-ORG"), 422),
        (payload(language="xx"), 422),
        ({**payload(), "surprise": 1}, 422),
    ],
)
def test_bad_input_is_a_clear_4xx_and_changes_nothing(
    client: Client, secretariat: Any, body: dict[str, Any], status: int
) -> None:
    response = post(client, INVITATIONS, body, bearer(secretariat))
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"]
    assert not Invitation.objects.exists()


def test_resend_and_revoke(client: Client, secretariat: Any, django_capture_on_commit_callbacks: Any) -> None:
    headers = bearer(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, INVITATIONS, payload(), headers).json()
        old_hash = Invitation.objects.get().token_hash
        resent = post(client, f"{INVITATIONS}/{created['id']}/resend", None, headers)
    assert resent.status_code == 200
    assert len(mail.outbox) == 2
    assert Invitation.objects.get().token_hash != old_hash
    revoked = client.delete(f"{INVITATIONS}/{created['id']}", headers=headers)
    assert revoked.status_code == 200
    assert revoked.json()["status"] == "revoked"
    assert client.get(INVITATIONS, headers=headers).json()["items"] == []
    assert post(client, f"{INVITATIONS}/{created['id']}/resend", None, headers).status_code == 422


def test_an_unknown_invitation_is_404(client: Client, secretariat: Any) -> None:
    assert client.delete(f"{INVITATIONS}/999999", headers=bearer(secretariat)).status_code == 404


@pytest.mark.parametrize("persona", ["outsider", "focal_point", "reviewer"])
def test_others_are_refused_and_nothing_changes(
    client: Client,
    persona: str,
    secretariat: Any,
    request: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        created = post(client, INVITATIONS, payload(), bearer(secretariat)).json()
    mail.outbox.clear()
    before = list(Invitation.objects.values())
    headers = bearer(request.getfixturevalue(persona))
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.get(INVITATIONS, headers=headers),
            post(client, INVITATIONS, payload(email="other@example.org"), headers),
            post(client, f"{INVITATIONS}/{created['id']}/resend", None, headers),
            client.delete(f"{INVITATIONS}/{created['id']}", headers=headers),
        ]
    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert all(answer.json()["detail"].startswith("Only the secretariat") for answer in answers)
    assert list(Invitation.objects.values()) == before
    assert mail.outbox == []


def test_anonymous_callers_get_401(client: Client, db: None) -> None:
    assert post(client, INVITATIONS, payload(), {}).status_code == 401
    assert not Invitation.objects.exists()
