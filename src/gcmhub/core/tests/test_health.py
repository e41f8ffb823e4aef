"""GET /healthz: the database, this node's search index and the background worker, each failing for real
(a cursor that raises, an index behind the outbox, no heartbeat); 503 only when a required check fails."""

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gcmhub.core import health
from gcmhub.core.jobs.workers import beat
from gcmhub.core.models import WorkerHeartbeat
from gcmhub.search import outbox
from gcmhub.search.backends import forget_backends
from gcmhub.search.models import SearchOutbox


@pytest.fixture(autouse=True)
def index_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A private, empty index directory (this node has no index until a test builds one)."""
    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    forget_backends()
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()


@pytest.fixture
def current_index(db: None) -> None:
    outbox.rebuild()


@pytest.fixture
def live_worker(db: None) -> None:
    beat("worker-1")


def get_health() -> tuple[int, dict[str, Any]]:
    response = Client().get("/healthz")
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


def statuses(body: dict[str, Any]) -> dict[str, str]:
    return {name: check["status"] for name, check in body["checks"].items()}


def queue_changes(count: int) -> None:
    SearchOutbox.objects.bulk_create(
        [SearchOutbox(doc_id=f"knowledge.resource:{n}", op="delete") for n in range(count)]
    )


def test_it_is_ok_with_a_database_a_current_index_and_a_live_worker(
    current_index: None, live_worker: None
) -> None:
    status, body = get_health()
    assert status == 200
    assert body == {
        "status": "ok",
        "checks": {
            "database": {"status": "ok", "detail": "The database answers."},
            "worker": {
                "status": "ok",
                "detail": "1 background worker was seen in the last 60 seconds.",
                "live_workers": 1,
            },
            "search_index": {
                "status": "ok",
                "detail": "The search index is 0 changes behind the database (at most 1000 allowed).",
                "lag": 0,
            },
        },
    }


def test_it_is_never_cached_and_writes_nothing(current_index: None, live_worker: None) -> None:
    client = Client()
    with CaptureQueriesContext(connections["default"]) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    assert client.cookies == {}
    assert queries.captured_queries  # it did ask the database
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_it_only_answers_reads(current_index: None) -> None:
    assert Client().post("/healthz").status_code == 405
    assert Client().head("/healthz").status_code == 200


def test_without_a_live_worker_it_is_degraded_but_still_200(current_index: None) -> None:
    beat("worker-1")
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(seconds=61))  # past the 60 s lease
    status, body = get_health()
    assert status == 200
    assert body["status"] == "degraded"
    assert statuses(body) == {"database": "ok", "worker": "degraded", "search_index": "ok"}
    assert body["checks"]["worker"] == {
        "status": "degraded",
        "detail": "No background worker was seen in the last 60 seconds; jobs wait in the queue "
        "until one runs.",
        "live_workers": 0,
    }


def test_a_required_worker_that_is_missing_fails_the_check(current_index: None, settings: Any) -> None:
    settings.GCMHUB_HEALTH_REQUIRE_WORKER = True
    status, body = get_health()
    assert status == 503
    assert body["status"] == "fail"
    assert statuses(body) == {"database": "ok", "worker": "fail", "search_index": "ok"}


def test_an_index_behind_within_the_limit_is_ok(
    current_index: None, live_worker: None, settings: Any
) -> None:
    settings.GCMHUB_HEALTH_MAX_INDEX_LAG = 3
    queue_changes(3)
    status, body = get_health()
    assert status == 200
    assert body["checks"]["search_index"]["status"] == "ok"
    assert body["checks"]["search_index"]["lag"] == 3


def test_an_index_behind_over_the_limit_fails(current_index: None, live_worker: None, settings: Any) -> None:
    settings.GCMHUB_HEALTH_MAX_INDEX_LAG = 3
    queue_changes(4)
    status, body = get_health()
    assert status == 503
    assert body["status"] == "fail"
    assert body["checks"]["search_index"] == {
        "status": "fail",
        "detail": "The search index is 4 changes behind the database (at most 3 allowed).",
        "lag": 4,
    }
    outbox.apply_outbox()  # once the node catches up, it is healthy again
    assert get_health()[0] == 200


def test_a_node_without_an_index_fails(db: None, live_worker: None) -> None:
    status, body = get_health()
    assert status == 503
    assert body["checks"]["search_index"] == {
        "status": "fail",
        "detail": "This node has no search index; run `gcmhub rebuild_index`.",
    }


def test_a_database_that_does_not_answer_fails(
    current_index: None, live_worker: None, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_cursor(*args: Any, **kwargs: Any) -> Any:
        raise OperationalError("could not connect to server at db.internal:5432")

    with monkeypatch.context() as patch, caplog.at_level(logging.ERROR):
        patch.setattr(connections["default"], "cursor", broken_cursor)
        response = Client().get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"status": "fail", "detail": "The database does not answer."}
    # The other checks need the database too; none of them shows the error's text.
    assert statuses(body) == {"database": "fail", "worker": "fail", "search_index": "fail"}
    assert "db.internal" not in response.content.decode()
    assert "db.internal" in caplog.text  # it is in the log, for the operators


def test_a_probe_that_raises_fails_without_showing_the_error(
    current_index: None, live_worker: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken() -> health.Check:
        raise RuntimeError("secret path /srv/gcmhub/var")

    monkeypatch.setitem(health._probes, "extra", broken)
    status, body = get_health()
    assert status == 503
    assert body["checks"]["extra"] == {
        "status": "fail",
        "detail": "The check could not run; the error is in the server's log.",
    }
    assert statuses(body)["database"] == "ok"


def test_the_lag_counts_the_changes_not_the_gaps_between_their_numbers(
    current_index: None, live_worker: None, settings: Any
) -> None:
    # Rolled-back transactions and pruning leave gaps in the outbox's numbering.
    settings.GCMHUB_HEALTH_MAX_INDEX_LAG = 3
    queue_changes(6)
    SearchOutbox.objects.filter(
        pk__in=list(SearchOutbox.objects.order_by("seq").values_list("pk", flat=True)[:3])
    ).delete()
    status, body = get_health()
    assert status == 200
    assert body["checks"]["search_index"]["lag"] == 3
