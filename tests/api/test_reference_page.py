"""The readable API reference (/api/reference/): every operation and schema of the OpenAPI document on one
server-rendered page in the site's layout, in the reader's language, the document's own English marked as
such."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gcmhub.config.api import api
from gcmhub.config.api_reference import type_name

pytestmark = pytest.mark.django_db


def operations() -> list[str]:
    document = api.get_openapi_schema()
    return [spec["operationId"] for item in document["paths"].values() for spec in item.values()]


@pytest.mark.parametrize("language", ["en", "ar", "zh-hans"])
def test_every_operation_and_schema_is_on_the_page(client: Client, language: str) -> None:
    with translation.override(language):
        url = reverse("api_reference")
    html = client.get(url).content.decode()
    assert f'<html lang="{language}"' in html
    anchors = set(re.findall(r'<article class="operation" id="([^"]+)"', html))
    assert anchors == set(operations())
    schemas = set(re.findall(r'<article class="schema" id="schema-([^"]+)"', html))
    assert schemas == set(api.get_openapi_schema()["components"]["schemas"])


def test_the_documents_english_keeps_its_language_inside_an_arabic_page(client: Client) -> None:
    with translation.override("ar"):
        html = client.get(reverse("api_reference")).content.decode()
    assert '<p lang="en" dir="auto" class="summary">The signed-in user and their roles</p>' in html
    assert '<code dir="ltr">/api/v1/accounts/me</code>' in html


def test_the_footer_links_to_the_readable_reference(client: Client) -> None:
    html = client.get(reverse("workplan:home")).content.decode()
    assert f'href="{reverse("api_reference")}"' in html


def test_the_reference_is_read_only(client: Client) -> None:
    assert client.post(reverse("api_reference")).status_code == 405


@pytest.mark.parametrize(
    ("schema", "name"),
    [
        ({"$ref": "#/components/schemas/MeOut"}, "MeOut"),
        ({"type": "array", "items": {"type": "integer"}}, "integer[]"),
        ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "string | null"),
        ({"type": "string", "format": "date"}, "string (date)"),
        ({}, "object"),
    ],
)
def test_type_names_are_short_and_readable(schema: dict[str, object], name: str) -> None:
    assert type_name(schema) == name
