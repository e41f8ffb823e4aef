"""Every response carries a request id (the proxy's, when well-formed), and each request is logged as one JSON
line with its method, path (sensitive values hidden), status, duration, user and id."""

import json
import logging
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from gcmhub.core.requestlog import JsonFormatter
from gcmhub.workplan import queries

GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def request_log(settings: Any, caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """The request log on, its records captured (the logger does not propagate to the root's handlers)."""
    settings.GCMHUB_REQUEST_LOG = True
    logger = logging.getLogger("gcmhub.requests")
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO, logger="gcmhub.requests"):
            yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def request_lines(log: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    """The records as the JSON lines the configured handler writes."""
    return [json.loads(JsonFormatter().format(r)) for r in log.records if r.name == "gcmhub.requests"]


def test_every_response_gets_a_new_id(db: None) -> None:
    first, second = Client().get("/search/"), Client().get("/search/")
    assert GENERATED_ID.fullmatch(first["X-Request-ID"])
    assert GENERATED_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


@pytest.mark.parametrize(
    "offered", ["3f2b8c1e-7d4a-4b5e-9c6f-0a1b2c3d4e5f", "0123456789abcdef0123456789abcdef", "lb-01:req.42_x"]
)
def test_a_well_formed_id_from_the_proxy_is_kept(db: None, offered: str) -> None:
    response = Client().get("/search/", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] == offered


@pytest.mark.parametrize(
    "offered",
    [
        "short",  # too short to be an id
        "x" * 129,  # too long
        "id with spaces",
        'abc123"}{"admin":true',  # trying to write JSON into the log
        "-leading-dash-id",
        "",
    ],
)
def test_a_malformed_id_is_replaced(db: None, offered: str) -> None:
    response = Client().get("/search/", headers={"X-Request-ID": offered})
    assert response["X-Request-ID"] != offered
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


def test_a_request_is_logged_as_one_json_line(db: None, request_log: pytest.LogCaptureFixture) -> None:
    response = Client().get(
        "/search/?q=migration&token=gcm_secret123&password=hunter2", headers={"X-Request-ID": "req-12345678"}
    )
    assert response.status_code == 200
    [line] = request_lines(request_log)
    assert line["request_id"] == "req-12345678" == response["X-Request-ID"]
    assert line["method"] == "GET"
    assert line["path"] == "/search/?q=migration&token=REDACTED&password=REDACTED"
    assert line["status"] == 200
    assert line["user"] == "anonymous"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["level"] == "INFO"
    assert line["logger"] == "gcmhub.requests"
    assert "gcm_secret123" not in json.dumps(line) and "hunter2" not in json.dumps(line)


def test_the_line_names_the_signed_in_user(outsider: Any, request_log: pytest.LogCaptureFixture) -> None:
    client = Client()
    client.force_login(outsider)
    client.get("/accounts/")
    [line] = request_lines(request_log)
    assert line["user"] == outsider.pk
    assert line["path"] == "/accounts/"


def test_an_api_server_error_quotes_the_request_id(
    db: None, request_log: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(queries, "plans_with_current_number", broken)
    response = Client(raise_request_exception=False).get(
        "/api/v1/workplans", headers={"X-Request-ID": "req-500-abcdef"}
    )
    assert response.status_code == 500
    assert response.json()["request_id"] == "req-500-abcdef" == response["X-Request-ID"]
    [line] = request_lines(request_log)
    assert (line["status"], line["level"], line["request_id"]) == (500, "ERROR", "req-500-abcdef")


def test_the_log_can_be_turned_off_and_the_id_is_still_sent(
    db: None, request_log: pytest.LogCaptureFixture, settings: Any
) -> None:
    settings.GCMHUB_REQUEST_LOG = False
    response = Client().get("/search/")
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert request_lines(request_log) == []
