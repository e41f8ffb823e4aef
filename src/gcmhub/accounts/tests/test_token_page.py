"""The API tokens page at /accounts/tokens/: list, create (raw token shown once), revoke."""

import re

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client

from gcmhub.accounts.actions import create_api_token
from gcmhub.accounts.models import ApiToken, hash_token
from gcmhub.core.tests.typed import present

PAGE = "/accounts/tokens/"


def test_it_requires_login(client: Client, db: None) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post(PAGE, {"name": "x"}).status_code == 302
    assert not ApiToken.objects.exists()


def test_it_lists_my_tokens(client: Client, focal_point: User, other_focal_point: User) -> None:
    create_api_token(actor=focal_point, name="reporting script")
    create_api_token(actor=other_focal_point, name="someone else's")
    client.force_login(focal_point)
    response = client.get(PAGE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "reporting script" in html
    assert "someone else&#x27;s" not in html and "someone else's" not in html
    assert "Never" in html


def test_creating_shows_the_raw_token_once(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post(PAGE, {"name": "nightly export"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    raw = present(re.search(r'value="(gcm_[^"]+)"', html)).group(1)
    token = ApiToken.objects.get(user=focal_point)
    assert token.name == "nightly export"
    assert token.token_hash == hash_token(raw)
    assert "Copy your new token now" in html
    assert raw not in client.get(PAGE).content.decode()
    created = LogEntry.objects.get_for_object(token).filter(action=LogEntry.Action.CREATE, actor=focal_point)
    assert created.exists()


def test_it_rejects_an_empty_name(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.post(PAGE, {"name": ""})
    assert response.status_code == 422
    assert not ApiToken.objects.exists()
    assert "gcm_" not in response.content.decode()


def test_it_revokes_my_token(client: Client, focal_point: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="old laptop")
    client.force_login(focal_point)
    response = client.post(f"{PAGE}{token.pk}/revoke/", follow=True)
    assert response.status_code == 200
    assert "The token old laptop is revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_it_rejects_outsider_revoking_someone_elses_token(
    client: Client, focal_point: User, outsider: User
) -> None:
    token, _ = create_api_token(actor=focal_point, name="mine")
    audit_before = LogEntry.objects.count()
    client.force_login(outsider)
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 404
    assert "There is no such API token." in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert LogEntry.objects.count() == audit_before


def test_it_rejects_anonymous_revoking(client: Client, focal_point: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="mine")
    response = client.post(f"{PAGE}{token.pk}/revoke/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_post(client: Client, focal_point: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="mine")
    client.force_login(focal_point)
    assert client.get(f"{PAGE}{token.pk}/revoke/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_account_page_lists_memberships(client: Client, focal_point: User) -> None:
    client.force_login(focal_point)
    response = client.get("/accounts/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "IOM" in html and "Network member focal point" in html
    assert PAGE in html


def test_account_page_for_someone_without_organization(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    assert "You do not act for any organization yet." in client.get("/accounts/").content.decode()
