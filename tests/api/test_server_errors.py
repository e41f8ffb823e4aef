"""An unhandled error under /api/v1/ is answered like every other API error: application/problem+json, status
500, a generic message and no traceback; it is still logged with its traceback for the operators."""

import json
import logging

import pytest
from django.test import Client, RequestFactory
from django.urls import get_resolver

from gcmhub.workplan import queries

SECRET = "database password is hunter2"


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET)


@pytest.fixture
def broken_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    # The list of plans calls this query; make it fail as a bug would.
    monkeypatch.setattr(queries, "plans_with_current_number", _broken)


def test_an_unhandled_error_is_a_problem_not_a_page(db: None, broken_plans: None) -> None:
    response = Client(raise_request_exception=False).get("/api/v1/workplans")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body == {
        "type": "about:blank#server_error",
        "title": "Internal Server Error",
        "status": 500,
        "detail": "Something went wrong on our side. The error has been recorded; please try again later.",
        "instance": "/api/v1/workplans",
        "request_id": response["X-Request-ID"],  # to find the error's log lines
    }
    assert SECRET not in response.content.decode()
    assert "Traceback" not in response.content.decode()


def test_the_error_is_logged_with_its_traceback(
    db: None, broken_plans: None, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="django.request"):
        Client(raise_request_exception=False).get("/api/v1/workplans")
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.getMessage() == "Internal Server Error: /api/v1/workplans"
    assert record.exc_info is not None and isinstance(record.exc_info[1], RuntimeError)


def test_tests_still_see_the_exception(db: None, broken_plans: None) -> None:
    # The test client re-raises, as for any server error, so a bug in a handler fails its test loudly.
    with pytest.raises(RuntimeError, match=SECRET):
        Client().get("/api/v1/workplans")


def test_an_error_outside_the_api_views_is_a_problem_under_api_too(db: None) -> None:
    handler500 = get_resolver().resolve_error_handler(500)
    api_request = RequestFactory().get("/api/v1/workplans")
    response = handler500(api_request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content)["type"] == "about:blank#server_error"

    page = handler500(RequestFactory().get("/plan/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
    assert b"Server error" in page.content
