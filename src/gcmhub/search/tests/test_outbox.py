"""Index sync through the outbox: writes add rows in their own transaction; each node applies them."""

import datetime
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from gcmhub.reference.models import Organization
from gcmhub.search import changes, outbox, registry
from gcmhub.search.backends import get_backend
from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.models import SearchOutbox
from gcmhub.search.registry import SearchDocument
from gcmhub.search.service import request_for, request_for_page, run


def organization_document(organization: Organization) -> SearchDocument | None:
    if "hidden" in organization.notes:
        return None
    return SearchDocument(
        doc_id=registry.doc_id_for(organization),
        kind="organization",
        title=organization.name,
        summary=organization.notes,
        body="",
        language="en",
        translations={},
        url=f"/organizations/{organization.pk}/",
        date=None,
        facets={"organization": [organization.acronym]},
    )


@pytest.fixture
def organizations_registered(db: None) -> Iterator[None]:
    """A throwaway registration of reference organizations (test ones only) with the search registry."""
    registry.register(
        Organization,
        to_document=organization_document,
        queryset=lambda: Organization.objects.filter(acronym__startswith="TST-"),
    )
    yield
    registry.unregister(Organization)


def make_org(acronym: str, name: str, notes: str = "") -> Organization:
    return Organization.objects.create(acronym=acronym, name=name, kind=Organization.Kind.CSO, notes=notes)


def titles(backend: Any = None, query: str = "") -> list[str]:
    return [hit.title for hit in run(backend or get_backend(), request_for_page(query, per_page=50)).hits]


def outbox_rows() -> list[tuple[str, str]]:
    return list(SearchOutbox.objects.order_by("seq").values_list("doc_id", "op"))


def test_a_write_has_its_outbox_row_inside_its_transaction_before_commit(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        organization = make_org("TST-A", "Coalition for safe migration")
        # Still inside the transaction: the row is written with the change, not after the commit.
        assert outbox_rows() == [(f"reference.organization:{organization.pk}", "upsert")]
    assert callbacks, "the index is still brought up to date once the transaction commits"


def test_a_rolled_back_transaction_leaves_no_outbox_row(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                make_org("TST-B", "Never saved")
                assert len(outbox_rows()) == 1
                raise RuntimeError
        except RuntimeError:
            pass
    assert outbox_rows() == []
    assert not Organization.objects.filter(acronym="TST-B").exists()


def test_a_deletion_is_written_inside_its_transaction(organizations_registered: None) -> None:
    organization = make_org("TST-Q", "Closed down")
    doc_id = f"reference.organization:{organization.pk}"
    with transaction.atomic():
        organization.delete()
        assert outbox_rows()[-1] == (doc_id, "delete")


def test_a_rolled_back_savepoint_takes_only_its_own_rows(organizations_registered: None) -> None:
    with transaction.atomic():
        kept = make_org("TST-S", "Kept")
        try:
            with transaction.atomic():
                make_org("TST-U", "Rolled back")
                assert len(outbox_rows()) == 2
                raise RuntimeError
        except RuntimeError:
            pass
        kept.name = "Kept and renamed"
        kept.save()
    doc_id = f"reference.organization:{kept.pk}"
    assert outbox_rows() == [(doc_id, "upsert"), (doc_id, "upsert")]


def test_each_committed_transaction_writes_its_own_rows(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        organization = make_org("TST-T", "First")
    for name in ("Second", "Third"):
        with django_capture_on_commit_callbacks(execute=True):
            organization.name = name
            organization.save()
    doc_id = f"reference.organization:{organization.pk}"
    assert outbox_rows() == [(doc_id, "upsert")] * 3


def test_unregistered_models_queue_nothing(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-C", "Not indexed")
    assert not SearchOutbox.objects.exists()


def test_apply_brings_the_index_up_to_date_and_again_changes_nothing(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    outbox.rebuild()
    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-D", "Diaspora network for development")
        make_org("TST-E", "Workers' rights centre")
    first = outbox.apply_outbox()
    assert (first.applied, first.indexed, first.deleted) == (2, 2, 0)
    assert first.cursor == outbox.latest_seq()
    assert sorted(titles()) == ["Diaspora network for development", "Workers' rights centre"]
    again = outbox.apply_outbox()
    assert (again.applied, again.indexed, again.cursor) == (0, 0, first.cursor)
    assert get_backend().count() == 2


def test_updates_and_deletes_reach_the_index(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        kept = make_org("TST-F", "Old name")
        gone = make_org("TST-G", "Short-lived")
    outbox.apply_outbox()
    with django_capture_on_commit_callbacks(execute=True):
        kept.name = "New name"
        kept.save()
        gone.delete()
    outbox.apply_outbox()
    assert titles() == ["New name"]


def test_a_record_that_may_no_longer_be_shown_leaves_the_index(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        organization = make_org("TST-H", "Visible for now")
    outbox.apply_outbox()
    assert titles() == ["Visible for now"]
    with django_capture_on_commit_callbacks(execute=True):
        organization.notes = "hidden"
        organization.save()
    outbox.apply_outbox()
    assert titles() == []
    assert get_backend().count() == 0
    assert run(get_backend(), request_for("")).facets.get("organization", []) == []


def test_a_second_node_catches_up_from_the_outbox(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any], tmp_path: Path
) -> None:
    node2 = TantivyBackend(tmp_path / "node2")
    outbox.rebuild(backend=node2)
    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-I", "Legal aid for migrants")
    outbox.apply_outbox()
    assert titles(node2) == []
    result = outbox.apply_outbox(backend=node2)
    assert (result.applied, result.indexed, result.cursor) == (1, 1, outbox.latest_seq())
    assert titles(node2) == ["Legal aid for migrants"]
    assert node2.read_cursor() == get_backend().read_cursor()


def test_a_node_without_an_index_builds_it_whole(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any], tmp_path: Path
) -> None:
    make_org("TST-O", "Recorded before this node existed")  # no outbox row: it was never committed here
    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-P", "Recorded later")
    node = TantivyBackend(tmp_path / "new-node")
    result = outbox.apply_outbox(backend=node)
    assert result.indexed == 2
    assert sorted(titles(node)) == ["Recorded before this node existed", "Recorded later"]
    assert node.read_cursor() == outbox.latest_seq()


def test_reindex_queues_a_record_after_related_rows_changed(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    organization = make_org("TST-J", "Changed elsewhere")
    with django_capture_on_commit_callbacks(execute=True):
        changes.reindex(organization)
    assert SearchOutbox.objects.filter(
        doc_id=f"reference.organization:{organization.pk}", op="upsert"
    ).exists()


def test_rebuild_indexes_every_registered_record_and_sets_the_cursor(organizations_registered: None) -> None:
    make_org("TST-K", "Shown")
    make_org("TST-L", "Not shown", notes="hidden")
    SearchOutbox.objects.create(doc_id="reference.organization:0", op="delete")
    assert outbox.rebuild() == 1
    assert titles() == ["Shown"]
    assert get_backend().read_cursor() == outbox.latest_seq()


def test_rows_after_a_recent_gap_wait_for_it() -> None:
    now = timezone.now()
    rows = [SearchOutbox(seq=seq, doc_id="x:1", op="upsert", created_at=now) for seq in (11, 12, 14, 15)]
    assert outbox._contiguous_end(rows, 10, now) == 12
    old = now - datetime.timedelta(minutes=5)
    rows = [SearchOutbox(seq=seq, doc_id="x:1", op="upsert", created_at=old) for seq in (11, 12, 14, 15)]
    assert outbox._contiguous_end(rows, 10, now) == 15
    assert outbox._contiguous_end(rows[2:], 0, now) == 15  # a fresh node starts where the outbox starts


def test_a_busy_node_skips_applying_instead_of_waiting(organizations_registered: None) -> None:
    backend = get_backend()
    with backend.write_lock():
        assert outbox.apply_outbox(blocking=False).skipped


def test_malformed_doc_ids_are_removed(organizations_registered: None) -> None:
    outbox.rebuild()
    SearchOutbox.objects.create(doc_id="reference.organization:not-a-number", op="upsert")
    SearchOutbox.objects.create(doc_id="nosuch.model:1", op="upsert")
    result = outbox.apply_outbox()
    assert (result.applied, result.indexed, result.deleted) == (2, 0, 2)


def test_prune_deletes_old_rows_only(db: None) -> None:
    old = SearchOutbox.objects.create(doc_id="x.y:1", op="upsert")
    SearchOutbox.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=30))
    SearchOutbox.objects.create(doc_id="x.y:2", op="upsert")
    assert outbox.prune(older_than=datetime.timedelta(days=7)) == 1
    assert list(SearchOutbox.objects.values_list("doc_id", flat=True)) == ["x.y:2"]


def test_the_writing_process_applies_its_changes_right_after_commit(
    organizations_registered: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Outside tests the callbacks run once the transaction is over; the test database keeps one open.
    monkeypatch.setattr(outbox, "_in_transaction", lambda: False)
    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-M", "Found without waiting")
    assert titles() == ["Found without waiting"]
    assert get_backend().read_cursor() == outbox.latest_seq()


def test_a_search_catches_up_with_changes_from_other_nodes(
    organizations_registered: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from gcmhub.search import service

    with django_capture_on_commit_callbacks(execute=True):
        make_org("TST-N", "Written on another node")
    assert [hit.title for hit in service.search(service.request_for("another node")).hits] == [
        "Written on another node"
    ]


def test_an_import_writes_the_rows_of_new_and_updated_resources_before_it_commits(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from gcmhub.knowledge.actions import import_resources

    def lines(*titles: str) -> io.BytesIO:
        rows = [{"kind": "practice", "external_id": f"x{n}", "title": t} for n, t in enumerate(titles)]
        return io.BytesIO("".join(json.dumps(row) + "\n" for row in rows).encode())

    first = import_resources(actor=None, stream=lines("Created", "Kept"), source="first")
    SearchOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        report = import_resources(actor=None, stream=lines("Updated", "Kept", "New"), source="second")
        assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
        # Written with multi-row INSERTs and bulk_update, which send no signals; the rows are there anyway.
        assert first.resource_ids[0] in report.resource_ids
        assert sorted(outbox_rows()) == sorted(
            (f"knowledge.resource:{pk}", "upsert") for pk in report.resource_ids
        )
