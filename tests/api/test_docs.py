"""The interactive API reference at /api/v1/docs works offline: its scripts and styles are served by the
site itself, never from a CDN."""

import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client


def test_swagger_ui_is_served_from_our_own_static_files(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any("swagger-ui" in asset for asset in assets)
    assert all(asset.startswith("/") for asset in assets), assets
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    static = [asset for asset in assets if asset.startswith(prefix)]
    assert static, assets
    for asset in static:
        assert finders.find(asset.removeprefix(prefix)), asset


def test_the_openapi_document_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "GCM Hub API"
