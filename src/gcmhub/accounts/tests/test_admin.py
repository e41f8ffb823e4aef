"""Admin pages for memberships and API tokens."""

from django.contrib.auth.models import User
from django.test import Client

from gcmhub.accounts.actions import create_api_token


def admin_client(client: Client, django_user_model: type[User]) -> Client:
    admin = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    return client


def test_membership_list(client: Client, django_user_model: type[User], focal_point: User) -> None:
    response = admin_client(client, django_user_model).get("/admin/accounts/membership/")
    assert response.status_code == 200
    assert "focal_point" in response.content.decode()


def test_token_hash_is_not_editable_and_tokens_are_not_added_here(
    client: Client, django_user_model: type[User], focal_point: User
) -> None:
    token, _ = create_api_token(actor=focal_point, name="script")
    client = admin_client(client, django_user_model)
    assert client.get("/admin/accounts/apitoken/").status_code == 200
    assert client.get("/admin/accounts/apitoken/add/").status_code == 403
    page = client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert token.token_hash in page
    assert 'name="token_hash"' not in page


def test_admin_revoke_action(client: Client, django_user_model: type[User], focal_point: User) -> None:
    token, _ = create_api_token(actor=focal_point, name="script")
    client = admin_client(client, django_user_model)
    response = client.post(
        "/admin/accounts/apitoken/", {"action": "revoke_tokens", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_user_page_shows_memberships(
    client: Client, django_user_model: type[User], focal_point: User
) -> None:
    page = admin_client(client, django_user_model).get(f"/admin/auth/user/{focal_point.pk}/change/")
    assert page.status_code == 200
    assert "Membership" in page.content.decode()
