"""Passwords: changing one while signed in, resetting a forgotten one by e-mail (in its recipient's language),
and the password validators everywhere a password is set, the first administrator's included."""

import re
from io import StringIO
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client

from gcmhub.accounts.models import Preference

STRONG = "migration-compact-2018"


def test_the_four_usual_validators_are_on(settings: Any) -> None:
    names = {validator["NAME"].rsplit(".", 1)[1] for validator in settings.AUTH_PASSWORD_VALIDATORS}
    assert names == {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    }


# Change


def change(client: Client, new: str, old: str = PASSWORD) -> Any:
    return client.post(
        "/accounts/password/change/", {"old_password": old, "new_password1": new, "new_password2": new}
    )


def test_a_signed_in_person_changes_their_password(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    assert client.get("/accounts/").content.decode().count('href="/accounts/password/change/"') == 1
    response = change(client, STRONG)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done/"
    focal_point.refresh_from_db()
    assert focal_point.check_password(STRONG)
    assert client.get("/accounts/password/change/done/").status_code == 200


@pytest.mark.parametrize("weak", ["1", "12345678", "password", "focal_point1"])
def test_a_weak_new_password_is_refused(client: Client, focal_point: Any, weak: str) -> None:
    client.force_login(focal_point)
    response = change(client, weak)
    assert response.status_code == 200  # Django's form view re-renders with the errors
    assert 'class="field-errors"' in response.content.decode()
    focal_point.refresh_from_db()
    assert focal_point.check_password(PASSWORD)


def test_the_old_password_must_be_right(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    change(client, STRONG, old="not it")
    focal_point.refresh_from_db()
    assert focal_point.check_password(PASSWORD)


def test_changing_needs_a_signed_in_person(client: Client, db: None) -> None:
    response = client.get("/accounts/password/change/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Reset


def reset_link() -> str:
    [message] = mail.outbox
    match = re.search(r"https?://[^/\s]+(\S*/accounts/password/reset/[^/\s]+/[^/\s]+/)", str(message.body))
    assert match, message.body
    return match.group(1)


def test_a_forgotten_password_is_reset_by_email(client: Client, focal_point: Any) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    response = client.post("/accounts/password/reset/", {"email": "fp@example.org"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["fp@example.org"]
    form_page = client.get(reset_link(), follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    assert weak.status_code == 200
    focal_point.refresh_from_db()
    assert focal_point.check_password(PASSWORD)
    done = client.post(set_url, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302
    focal_point.refresh_from_db()
    assert focal_point.check_password(STRONG)
    # The link works once.
    assert "not valid" in client.get(reset_link(), follow=True).content.decode()


def test_the_reset_email_is_in_the_recipients_language(client: Client, focal_point: Any) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    Preference.objects.create(user=focal_point, language="fr")
    # Asked for from an English page, written for a reader of French.
    client.post("/accounts/password/reset/", {"email": "fp@example.org"})
    assert "/fr/accounts/password/reset/" in mail.outbox[0].body


def test_an_unknown_address_sends_nothing_and_says_the_same(client: Client, focal_point: Any) -> None:
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_the_pages_render_in_each_step(client: Client, db: None) -> None:
    for path in (
        "/accounts/password/reset/",
        "/accounts/password/reset/sent/",
        "/accounts/password/reset/done/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en"' in response.content.decode()
    assert client.get("/fr/accounts/password/reset/").status_code == 200


# The first administrator


def test_ensure_admin_refuses_a_weak_password(monkeypatch: Any, db: None) -> None:
    monkeypatch.setenv("GCMHUB_ADMIN_PASSWORD", "1")
    with pytest.raises(CommandError) as refused:
        call_command("ensure_admin", "--username", "root", stdout=StringIO())
    assert "GCMHUB_ADMIN_PASSWORD is too weak" in str(refused.value)
    assert "too short" in str(refused.value)
    assert not get_user_model().objects.filter(username="root").exists()


def test_ensure_admin_accepts_a_strong_password(monkeypatch: Any, db: None) -> None:
    monkeypatch.setenv("GCMHUB_ADMIN_PASSWORD", STRONG)
    call_command("ensure_admin", "--username", "root", stdout=StringIO())
    assert get_user_model().objects.get(username="root").check_password(STRONG)


def test_ensure_admin_generates_a_password_the_validators_accept(monkeypatch: Any, db: None) -> None:
    monkeypatch.delenv("GCMHUB_ADMIN_PASSWORD", raising=False)
    out = StringIO()
    call_command("ensure_admin", "--username", "root", stdout=out)
    assert get_user_model().objects.get(username="root").is_superuser
    assert "password:" in out.getvalue()


def test_a_new_password_from_the_link_lifts_the_sign_in_lock(client: Client, focal_point: Any) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    for _ in range(6):  # past LOGIN_FAILURE_LIMIT: the account is locked at this address
        client.post("/accounts/login/", {"username": "focal_point", "password": "wrong password"})
    locked = client.post("/accounts/login/", {"username": "focal_point", "password": PASSWORD})
    assert locked.status_code == 429
    client.post("/accounts/password/reset/", {"email": "fp@example.org"})
    set_url = client.get(reset_link(), follow=True).redirect_chain[-1][0]
    assert client.post(set_url, {"new_password1": STRONG, "new_password2": STRONG}).status_code == 302
    signed = client.post("/accounts/login/", {"username": "focal_point", "password": STRONG})
    assert signed.status_code == 302
    assert "_auth_user_id" in client.session
