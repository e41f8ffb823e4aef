"""`gcmhub check_index` compares this node's index with the database document by document, says whether an
outbox row will fix each disagreement, and `--repair` queues the rest; the system check compares counts."""

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from gcmhub.knowledge.models import Resource, Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import consistency, outbox, registry
from gcmhub.search.backends import get_backend
from gcmhub.search.checks import check_search_index
from gcmhub.search.models import SearchOutbox
from gcmhub.search.service import request_for_page, run


def check_index(*args: str) -> tuple[int, str]:
    """The command's exit status and what it printed."""
    out = StringIO()
    try:
        call_command("check_index", *args, stdout=out)
    except CommandError as exc:
        return exc.returncode, out.getvalue() + str(exc)
    return 0, out.getvalue()


def doc_id(resource: Resource) -> str:
    return f"knowledge.resource:{resource.pk}"


def titles() -> list[str]:
    get_backend().refresh()
    return sorted(hit.title for hit in run(get_backend(), request_for_page("", per_page=50)).hits)


@pytest.fixture
def commit(db: None, django_capture_on_commit_callbacks: Callable[..., Any]) -> Callable[[], Any]:
    """Run the block's on-commit work as if its transaction committed (tests run in one transaction)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@contextmanager
def without_outbox_rows() -> Iterator[None]:
    """Writes that reach the database but not the outbox: what a crash between the commit and an
    after-commit outbox write used to leave behind."""
    with mock.patch.object(outbox, "enqueue", return_value=None):
        yield


@pytest.fixture
def every_registration_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations without a cheap count get an exact one, so the system check compares counts here."""

    def exact(registration: registry.Registration) -> Callable[[], int]:
        return lambda: sum(1 for i in registration.queryset() if registration.to_document(i) is not None)

    for label, registration in list(registry._registry.items()):
        if registration.public_count is None:
            counted = dataclasses.replace(registration, public_count=exact(registration))
            monkeypatch.setitem(registry._registry, label, counted)


def test_it_agrees_after_a_rebuild(db: None) -> None:
    make_resource("Published practice")
    make_resource("Draft practice", status=Status.DRAFT)
    outbox.rebuild()
    status, text = check_index()
    assert status == 0
    assert "The database has 1 document(s) that belong in the index; the index holds 1." in text
    assert "agrees" in text


def test_a_resource_committed_without_its_outbox_row_is_reported_and_repaired(
    commit: Callable[[], Any],
) -> None:
    outbox.rebuild()
    with commit(), without_outbox_rows():
        lost = make_resource("Committed in the crash window")
    status, text = check_index()
    assert status == 1
    assert f"Missing from the index: 1, e.g. {doc_id(lost)}" in text
    assert "1 of them are not queued" in text
    assert "The search index and the database disagree." in text

    status, text = check_index("--repair")
    assert status == 0
    assert "Queued 1 document(s) and applied the outbox here: 1 indexed, 0 removed." in text
    assert text.rstrip().endswith("The search index agrees with the database.")
    assert titles() == ["Committed in the crash window"]
    assert SearchOutbox.objects.filter(doc_id=doc_id(lost), op="upsert").exists()  # for the other nodes


def test_a_withdrawn_resource_still_in_the_index_is_reported_and_removed(commit: Callable[[], Any]) -> None:
    with commit():
        withdrawn = make_resource("Withdrawn but still searchable")
        kept = make_resource("Still published")
    outbox.rebuild()
    Resource.objects.filter(pk=withdrawn.pk).update(status=Status.ARCHIVED)  # a write that sends no signal
    status, text = check_index()
    assert status == 1
    assert f"In the index although unpublished or deleted: 1, e.g. {doc_id(withdrawn)}" in text
    assert "Missing" not in text and "Out of date" not in text
    assert check_index("--repair")[0] == 0
    assert titles() == [kept.title]


def test_an_out_of_date_document_is_reported(commit: Callable[[], Any]) -> None:
    with commit():
        resource = make_resource("Old title")
    outbox.rebuild()
    Resource.objects.filter(pk=resource.pk).update(title="New title")
    comparison = consistency.compare()
    assert (comparison.missing, comparison.stale, comparison.extra) == ([], [doc_id(resource)], [])
    assert comparison.unqueued == [doc_id(resource)]
    assert check_index("--repair")[0] == 0
    assert titles() == ["New title"]


def test_changes_waiting_in_the_outbox_are_reported_as_queued(db: None) -> None:
    outbox.rebuild()
    waiting = make_resource("Written, not yet applied here")  # its outbox row is written with it
    comparison = consistency.compare()
    assert comparison.missing == [doc_id(waiting)]
    assert comparison.queued == {doc_id(waiting)}
    assert comparison.unqueued == []
    status, text = check_index()
    assert status == 1
    assert "1 of them are queued in the outbox: `gcmhub sync_index` applies them." in text
    assert "not queued" not in text
    outbox.apply_outbox()
    assert check_index()[0] == 0


def test_it_lists_the_first_ids_in_order(db: None) -> None:
    outbox.rebuild()
    with without_outbox_rows():
        resources = [make_resource(f"Practice {n}") for n in range(4)]
    status, text = check_index("--show", "2")
    assert status == 1
    assert f"Missing from the index: 4, e.g. {doc_id(resources[0])}, {doc_id(resources[1])}\n" in text


def test_without_an_index_it_asks_for_a_rebuild(db: None) -> None:
    status, text = check_index()
    assert status == 1
    assert "This node has no search index" in text and "rebuild_index" in text


def test_the_system_check_compares_counts_when_the_index_is_current(
    every_registration_counts: None, commit: Callable[[], Any]
) -> None:
    def ids() -> list[str]:
        return [message.id or "" for message in check_search_index()]

    with commit():
        make_resource("Indexed")
    outbox.rebuild()
    assert ids() == []
    with commit():
        make_resource("Waiting in the outbox")
    assert ids() == ["search.W002"]  # its outbox row is there: the index is just behind
    outbox.apply_outbox()
    with commit(), without_outbox_rows():
        make_resource("Lost in a crash")
    assert ids() == ["search.W003"]
    message = check_search_index()[0]
    assert message.msg == (
        "The search index holds 2 document(s), but the database has 3 that should be searchable."
    )
    assert "check_index --repair" in (message.hint or "")
    assert check_index("--repair")[0] == 0
    assert ids() == []


def test_the_system_check_skips_counting_when_a_registration_cannot_count(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_resource("Indexed")
    outbox.rebuild()
    Resource.objects.update(status=Status.ARCHIVED)  # no signal, no outbox row
    uncounted = dataclasses.replace(registry._registry["knowledge.resource"], public_count=None)
    monkeypatch.setitem(registry._registry, "knowledge.resource", uncounted)
    assert consistency.expected_count() is None
    assert [message.id for message in check_search_index()] == []
