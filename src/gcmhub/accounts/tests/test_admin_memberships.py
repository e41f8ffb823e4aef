"""The admin's page of a user shows and edits the organizations that user acts for (the membership inline)."""

from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse


def test_a_users_admin_page_lists_their_memberships(client: Client, focal_point: Any) -> None:
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "a-long-password-9")
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_user_change", args=[focal_point.pk])).content.decode()
    membership = focal_point.memberships.get()
    assert 'name="memberships-TOTAL_FORMS" value="1"' in page
    assert f'name="memberships-0-id" value="{membership.pk}"' in page


def test_an_outsider_cannot_open_the_admin(client: Client, outsider: Any, focal_point: Any) -> None:
    client.force_login(outsider)
    response = client.get(reverse("admin:auth_user_change", args=[focal_point.pk]))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
