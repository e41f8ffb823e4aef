"""The language a signed-in person reads the site in is remembered, so their e-mails come in it too."""

from typing import Any

from django.test import Client

from gcmhub.accounts import actions
from gcmhub.accounts.middleware import SESSION_KEY
from gcmhub.accounts.models import Preference
from gcmhub.accounts.queries import languages_of


def stored(user: Any) -> str | None:
    return Preference.objects.filter(user=user).values_list("language", flat=True).first()


def test_reading_a_page_in_a_language_remembers_it(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    assert client.get("/fr/").status_code == 200
    assert stored(focal_point) == "fr"
    assert client.get("/zh-hans/").status_code == 200
    assert stored(focal_point) == "zh-hans"
    assert client.session[SESSION_KEY] == "zh-hans"


def test_api_calls_and_visitors_change_nothing(client: Client, focal_point: Any) -> None:
    assert client.get("/ar/").status_code == 200  # a visitor: nobody to remember
    assert not Preference.objects.exists()
    client.force_login(focal_point)
    client.get("/ru/")
    response = client.get("/api/v1/accounts/me", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert stored(focal_point) == "ru"


def test_an_error_page_changes_nothing(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    assert client.get("/es/no-such-page/").status_code == 404
    assert stored(focal_point) is None


def test_unknown_languages_are_ignored_and_defaults_fill_in(focal_point: Any, secretariat: Any) -> None:
    assert actions.remember_language(user=focal_point, language="de") is False
    assert actions.remember_language(user=focal_point, language="ar") is True
    assert actions.remember_language(user=focal_point, language="ar") is False
    assert languages_of([focal_point.pk, secretariat.pk]) == {focal_point.pk: "ar", secretariat.pk: "en"}


def test_the_account_page_says_which_language_emails_come_in(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    page = client.get("/es/accounts/").content.decode()
    assert "español" in page.lower() and 'id="email-language"' in page
    assert stored(focal_point) == "es"
