"""Where signing in lands: the secretariat on its dashboard, everyone else on the home page; the home page
offers the secretariat a link to its dashboard."""

from conftest import PASSWORD
from django.contrib.auth.models import User
from django.test import Client

LOGIN = "/accounts/login/"


def sign_in(client: Client, user: User, next_url: str | None = None) -> str:
    """Where the sign-in form sends `user` (the Location of its redirect)."""
    form = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        form["next"] = next_url
    response = client.post(LOGIN, form)
    assert response.status_code == 302
    return str(response["Location"])


def test_the_secretariat_lands_on_its_dashboard(client: Client, secretariat: User) -> None:
    assert sign_in(client, secretariat) == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_a_next_page_still_wins_for_the_secretariat(client: Client, secretariat: User) -> None:
    assert sign_in(client, secretariat, "/countries/") == "/countries/"


def test_a_focal_point_lands_on_the_home_page_as_before(client: Client, focal_point: User) -> None:
    assert sign_in(client, focal_point) == "/"


def test_an_outsider_lands_on_the_home_page_and_cannot_open_the_dashboard(
    client: Client, outsider: User
) -> None:
    assert sign_in(client, outsider) == "/"
    assert client.get("/dashboard/").status_code == 403


def test_the_home_page_links_the_secretariat_to_its_dashboard(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    page = client.get("/").content.decode()
    assert 'href="/dashboard/">Your dashboard</a>' in page


def test_the_home_page_has_no_dashboard_link_for_others(
    client: Client, focal_point: User, outsider: User
) -> None:
    assert "Your dashboard" not in client.get("/").content.decode()
    for user in (focal_point, outsider):
        client.force_login(user)
        assert "Your dashboard" not in client.get("/").content.decode()
