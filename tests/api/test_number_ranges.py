"""Every integer the API reads from a path or a query string is checked against the database's range (signed
64-bit, SQLite's INTEGER) where the API reads it: a larger number is a 422 problem naming the parameter, never
a 500 from the query it would have reached."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.config.api import api
from gcmhub.core.params import DB_INT_MAX, DB_INT_MIN

HUGE = 10**20
TOO_BIG = DB_INT_MAX + 1

# Lists paged on SQLite with an offset past its range; each answered 500 before.
PAGED_LISTS = [
    "/api/v1/reference/countries",
    "/api/v1/reference/organizations",
    "/api/v1/workplans",
    "/api/v1/workplans/activities",
    "/api/v1/workplans/activities/1/history",
    "/api/v1/workplans/multi-annual-work-plan/versions",
    "/api/v1/workplans/multi-annual-work-plan/sections",
    "/api/v1/knowledge/resources",
    "/api/v1/knowledge/calls",
    "/api/v1/fund/funds",
    "/api/v1/fund/programmes",
    "/api/v1/fund/contributors",
    "/api/v1/results/frameworks",
    "/api/v1/directory/experts",
]

# Integer filters of public lists; the knowledge ones answered 500 to anyone before.
FILTERS = [
    ("/api/v1/knowledge/resources", "year"),
    ("/api/v1/knowledge/resources", "objective"),
    ("/api/v1/knowledge/resources", "thematic_area"),
    ("/api/v1/workplans/activities", "objective"),
    ("/api/v1/fund/programmes", "thematic_area"),
]

PATH_IDS = [
    ("/api/v1/workplans/activities/{}", "activity_id"),
    ("/api/v1/workplans/activities/{}/history", "activity_id"),
    ("/api/v1/workplans/results/{}", "result_id"),
    ("/api/v1/workplans/multi-annual-work-plan/versions/{}", "number"),
    ("/api/v1/reference/objectives/{}", "number"),
    ("/api/v1/knowledge/resources/{}", "resource_id"),
    ("/api/v1/results/indicators/{}", "indicator_id"),
    ("/api/v1/directory/experts/{}", "expert_id"),
]


def assert_out_of_range(response: Any, location: str, name: str) -> None:
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "about:blank#invalid_request"
    assert body["detail"] == f"{name} may be at most {DB_INT_MAX}."
    assert [error["loc"] for error in body["errors"]] == [[location, name]]


@pytest.mark.parametrize("url", PAGED_LISTS)
@pytest.mark.parametrize("offset", [TOO_BIG, HUGE])
def test_an_offset_past_the_range_is_refused(client: Client, db: None, url: str, offset: int) -> None:
    assert_out_of_range(client.get(url, {"offset": offset}), "query", "offset")


@pytest.mark.parametrize("url", PAGED_LISTS)
def test_the_last_offset_in_range_is_an_empty_page(client: Client, db: None, url: str) -> None:
    response = client.get(url, {"offset": DB_INT_MAX})
    assert response.status_code == 200
    assert response.json()["items"] == []


@pytest.mark.parametrize(("url", "name"), FILTERS)
def test_an_integer_filter_past_the_range_is_refused(client: Client, db: None, url: str, name: str) -> None:
    assert_out_of_range(client.get(url, {name: HUGE}), "query", name)


@pytest.mark.parametrize(("url", "name"), FILTERS)
def test_an_integer_filter_at_the_range_finds_nothing(client: Client, db: None, url: str, name: str) -> None:
    response = client.get(url, {name: DB_INT_MAX})
    assert response.status_code in (200, 422)  # 422: a filter with its own, narrower range (objective 1-23)
    if response.status_code == 200:
        assert response.json() == {"items": [], "count": 0}


@pytest.mark.parametrize(("url", "name"), PATH_IDS)
def test_a_path_id_past_the_range_is_refused(client: Client, db: None, url: str, name: str) -> None:
    assert_out_of_range(client.get(url.format(HUGE)), "path", name)


def test_a_path_id_past_the_range_is_refused_on_a_signed_in_read(client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    assert_out_of_range(client.get(f"/api/v1/directory/requests/{TOO_BIG}"), "path", "request_id")
    assert_out_of_range(client.get(f"/api/v1/jobs/{TOO_BIG}"), "path", "job_id")


def _integer_parameters() -> list[tuple[str, str, dict[str, Any]]]:
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                variants = schema.get("anyOf", [schema])
                for variant in variants:
                    if variant.get("type") == "integer":
                        found.append((f"{method.upper()} {path}", parameter["name"], variant))
    return found


def test_every_integer_parameter_of_the_api_is_bounded_to_the_database_range() -> None:
    """Guards new routes: an integer path or query parameter must be declared as core.params.DbInt (or the
    paginator's), or it could carry a number the database cannot take."""
    parameters = _integer_parameters()
    assert len(parameters) > 60  # the walk really found the API's parameters
    unbounded = [
        (operation, name)
        for operation, name, schema in parameters
        if schema.get("minimum", DB_INT_MIN - 1) < DB_INT_MIN
        or schema.get("maximum", DB_INT_MAX + 1) > DB_INT_MAX
    ]
    assert unbounded == []
