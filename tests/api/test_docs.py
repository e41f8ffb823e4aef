"""The API is documented by the site's own readable reference (/api/reference/): the address where ninja
would serve its Swagger UI leads there, and the OpenAPI document is served for programs."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_swagger_address_leads_to_the_readable_reference(client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 302
    assert response["Location"] == reverse("api_reference") == "/api/reference/"
    assert client.get(response["Location"]).status_code == 200


def test_no_page_serves_swagger_ui(client: Client) -> None:
    for path in ("/api/v1/docs", "/api/v1/docs/"):
        response = client.get(path, follow=True)
        assert "swagger-ui" not in response.content.decode(), path


def test_the_openapi_document_is_served(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "GCM Hub API"
