"""The committed OpenAPI document (docs/openapi.json) is the API's contract: any change to it must be
deliberate, so this test fails when the live schema differs."""

import json
from pathlib import Path

from django.test import Client

from gcmhub.core.management.commands.export_openapi import openapi_document

SNAPSHOT = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
REGENERATE = (
    "The API's OpenAPI schema differs from the committed docs/openapi.json. If the change is intended, "
    "regenerate it with `.venv/bin/gcmhub export_openapi --out docs/openapi.json`, review the diff and "
    "commit it."
)


def test_the_committed_document_matches_the_live_schema(client: Client) -> None:
    assert SNAPSHOT.exists(), REGENERATE
    committed = SNAPSHOT.read_text(encoding="utf-8")
    live = client.get("/api/v1/openapi.json")
    assert live.status_code == 200
    assert json.loads(committed) == live.json(), REGENERATE
    assert committed == openapi_document(), REGENERATE


def test_the_document_is_openapi_3_1_with_both_ways_to_authenticate() -> None:
    document = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert document["openapi"].startswith("3.1")
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()
    assert schemes["SessionCookieAuth"]["in"] == "cookie"
    assert "/api/v1/workplans/activities/{activity_id}" in document["paths"]
