"""Sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT failed sign-ins an account is locked for the
address they came from, even with the right password, until the cool-off has passed; bad API tokens from one
address are throttled the same way, answered 429 problem+json."""

import datetime
from typing import Any

import pytest
from axes.models import AccessAttempt
from conftest import PASSWORD
from django.test import Client

from gcmhub.accounts.actions import create_api_token

LOGIN = "/accounts/login/"
ME = "/api/v1/accounts/me"
LIMIT = 5  # the default of LOGIN_FAILURE_LIMIT


def sign_in(client: Client, password: str, username: str = "focal_point", **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, times: int, **extra: Any) -> list[int]:
    return [sign_in(client, "wrong password", **extra).status_code for _ in range(times)]


def let_cool_off_pass(settings: Any) -> None:
    """Date every counted failure back beyond the cool-off, as if that much time had passed."""
    past = datetime.timedelta(seconds=1) + settings.AXES_COOLOFF_TIME
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)


def test_the_failure_limit_and_cool_off_have_safe_defaults(settings: Any) -> None:
    assert settings.AXES_FAILURE_LIMIT == LIMIT
    assert datetime.timedelta(minutes=15) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_wrong_password_is_refused_normally_below_the_limit(client: Client, focal_point: Any) -> None:
    assert fail(client, LIMIT - 1) == [200] * (LIMIT - 1)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_after_the_limit_even_the_right_password_is_refused(client: Client, focal_point: Any) -> None:
    answers = fail(client, LIMIT + 1)
    assert answers[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert answers[LIMIT - 1 :] == [429, 429]
    response = sign_in(client, PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "Too many failed attempts" in page
    assert "15 minutes" in page
    assert response["Retry-After"] == "900"


def test_after_the_cool_off_the_right_password_works(client: Client, focal_point: Any, settings: Any) -> None:
    fail(client, LIMIT + 1)
    assert sign_in(client, PASSWORD).status_code == 429
    let_cool_off_pass(settings)
    assert sign_in(client, PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lock_is_for_the_account_at_that_address(client: Client, focal_point: Any, outsider: Any) -> None:
    fail(client, LIMIT)
    # Another account from the same address, and the same account from elsewhere, may still sign in.
    assert sign_in(client, PASSWORD, username="outsider").status_code == 302
    client.logout()
    assert sign_in(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_the_settings_change_the_limit(client: Client, focal_point: Any, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    assert fail(client, 2) == [200, 429]


def test_the_forwarded_address_is_ignored_without_the_proxy(
    client: Client, focal_point: Any, settings: Any
) -> None:
    settings.BEHIND_TLS_PROXY = False
    for number in range(LIMIT):
        sign_in(client, "wrong password", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    # A client cannot escape the lock by claiming other addresses.
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 429


def test_behind_the_proxy_the_address_it_added_counts(
    client: Client, focal_point: Any, settings: Any
) -> None:
    settings.BEHIND_TLS_PROXY = True
    # What the client wrote comes first; the proxy appends the address it saw.
    for _ in range(LIMIT):
        sign_in(client, "wrong password", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7")
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.7").status_code == 429
    assert sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.8").status_code == 302


def test_the_admin_sign_in_is_locked_too(client: Client, focal_point: Any) -> None:
    fail(client, LIMIT)
    response = client.post("/admin/login/", {"username": "focal_point", "password": PASSWORD})
    assert response.status_code == 429


def test_the_sign_in_page_links_to_password_reset(client: Client, db: None) -> None:
    page = client.get(LOGIN).content.decode()
    assert 'href="/accounts/password/reset/"' in page
    assert "Forgot your password?" in page


# Bad API tokens


def bad_token_calls(client: Client, times: int, **extra: Any) -> list[int]:
    headers = {"Authorization": "Bearer gcm_not-a-real-token"}
    return [client.get(ME, headers=headers, **extra).status_code for _ in range(times)]


def test_bad_tokens_are_throttled_per_address(client: Client, focal_point: Any) -> None:
    _token, raw = create_api_token(actor=focal_point, name="script")
    good = {"Authorization": f"Bearer {raw}"}
    assert client.get(ME, headers=good).status_code == 200
    assert bad_token_calls(client, LIMIT + 1) == [401] * (LIMIT - 1) + [429, 429]
    refused = client.get(ME, headers=good)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] == "900"
    body = refused.json()
    assert body["status"] == 429 and "Too many failed attempts" in body["detail"]
    # Another address is not affected.
    assert client.get(ME, headers=good, REMOTE_ADDR="203.0.113.9").status_code == 200


def test_token_throttling_ends_after_the_cool_off(client: Client, focal_point: Any, settings: Any) -> None:
    _token, raw = create_api_token(actor=focal_point, name="script")
    bad_token_calls(client, LIMIT)
    assert client.get(ME, headers={"Authorization": f"Bearer {raw}"}).status_code == 429
    let_cool_off_pass(settings)
    assert client.get(ME, headers={"Authorization": f"Bearer {raw}"}).status_code == 200


def test_a_locked_address_does_not_fall_back_to_the_session(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    bad_token_calls(client, LIMIT)
    response = client.get(ME, headers={"Authorization": "Bearer gcm_not-a-real-token"})
    assert response.status_code == 429
    # Without a token, the signed-in session still works: only tokens from this address are throttled.
    assert client.get(ME).status_code == 200


def test_bad_tokens_do_not_lock_the_sign_in_form(client: Client, focal_point: Any) -> None:
    bad_token_calls(client, LIMIT)
    assert sign_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("header", ["Bearer ", "Bearer abc", "Bearer gcm_"])
def test_malformed_tokens_count_too(client: Client, focal_point: Any, header: str) -> None:
    answers = [client.get(ME, headers={"Authorization": header}).status_code for _ in range(LIMIT + 1)]
    assert answers[-1] == 429
