"""Pages travel compressed: gzip when the browser accepts it, each main page under 50 KB on the wire, and the
session cookie that BREACH would need is never sent by another site's requests (docs/operations.md)."""

import gzip
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.pages import representative_pages

pytestmark = pytest.mark.django_db

MAX_WIRE_BYTES = 50 * 1024


def test_a_page_is_gzipped_when_the_browser_accepts_it(client: Client) -> None:
    response = client.get(reverse("workplan:overview"), headers={"accept-encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


def test_a_page_is_plain_when_the_browser_does_not_accept_gzip(client: Client) -> None:
    response = client.get(reverse("workplan:overview"))
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"<html" in response.content


def test_api_answers_are_gzipped_too(client: Client) -> None:
    response = client.get("/api/v1/reference/objectives", headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_main_page_is_under_50_kb_on_the_wire(client: Client, secretariat: Any, language: str) -> None:
    heavy = []
    for url in representative_pages(secretariat, language):
        response = client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        if len(response.content) >= MAX_WIRE_BYTES:
            heavy.append(f"{url}: {len(response.content)} bytes compressed")
    assert not heavy, heavy


def test_the_session_cookie_stays_home_so_compressed_pages_hold_no_secret_for_other_sites() -> None:
    assert settings.SESSION_COOKIE_SAMESITE in ("Lax", "Strict")
    assert settings.CSRF_COOKIE_SAMESITE in ("Lax", "Strict")
