"""Vectors of indexed documents: what is embedded, when it is recomputed, and how every node follows."""

import io
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from django.core.management import call_command

from gcmhub.reference.models import Organization
from gcmhub.search import registry, vector_index, vector_store, vectors
from gcmhub.search.models import DocumentVector, SearchOutbox
from gcmhub.search.registry import SearchDocument
from gcmhub.search.vector_index import VectorIndex
from gcmhub.search.vectors import nearest_documents


def document(
    pk: int, title: str, body: str = "", *, kind: str = "practice", objectives: tuple[str, ...] = ()
) -> SearchDocument:
    return SearchDocument(
        doc_id=f"test.item:{pk}",
        kind=kind,
        title=title,
        summary="",
        body=body,
        language="en",
        facets={"objective": list(objectives)},
    )


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
    )


@pytest.fixture
def organizations_registered(db: None) -> Iterator[None]:
    registry.register(
        Organization,
        to_document=organization_document,
        queryset=lambda: Organization.objects.filter(acronym__startswith="TST-"),
    )
    yield
    registry.unregister(Organization)


def make_org(acronym: str, name: str, notes: str = "") -> Organization:
    return Organization.objects.create(acronym=acronym, name=name, kind=Organization.Kind.CSO, notes=notes)


def stored_doc_ids() -> list[str]:
    return sorted(set(DocumentVector.objects.values_list("doc_id", flat=True)))


# What is embedded


def test_a_short_document_is_one_chunk_of_title_and_summary() -> None:
    doc = SearchDocument("t:1", "practice", "Title", "Summary", "", "en")
    assert vector_store.chunks_of(doc) == ["Title\nSummary"]


def test_a_long_body_is_cut_after_sentences_into_bounded_chunks() -> None:
    sentence = "Migrants have access to basic services in every municipality. "
    doc = document(1, "Access to services", sentence * 60)
    chunks = vector_store.chunks_of(doc)
    assert chunks[0] == "Access to services"
    assert len(chunks) > 3
    assert all(len(chunk) <= vector_store.CHUNK_CHARS for chunk in chunks)
    assert all(chunk.endswith("municipality.") for chunk in chunks[1:])


def test_the_number_of_chunks_is_bounded() -> None:
    doc = document(1, "Huge", "A sentence of text. " * 20_000)
    assert len(vector_store.chunks_of(doc)) == vector_store.MAX_CHUNKS


def test_chinese_text_is_cut_at_its_own_full_stops() -> None:
    doc = document(1, "汇款", "移民工人把钱寄回家。" * 300)
    assert all(chunk.endswith("。") for chunk in vector_store.chunks_of(doc)[1:])


# Storing and recomputing


def test_vectors_are_stored_with_the_model_and_read_back_as_the_encoder_gave_them(db: None) -> None:
    doc = document(1, "Remittances sent home by migrant workers", objectives=("20",))
    result = vector_store.embed_documents([doc])

    assert result == vector_store.EmbedResult(embedded=1, unchanged=0, removed=0)
    row = DocumentVector.objects.get(doc_id="test.item:1")
    assert row.model == vectors.model_id()
    assert row.kind == "practice"
    assert row.facets["objective"] == ["20"]
    stored = np.frombuffer(bytes(row.vector), dtype="<f4")
    np.testing.assert_allclose(
        stored, vectors.encode_texts(["Remittances sent home by migrant workers"])[0], atol=1e-6
    )
    # Every node learns of the change through the outbox.
    assert list(SearchOutbox.objects.values_list("doc_id", "op")) == [("test.item:1", "vectors")]


def test_unchanged_text_is_not_embedded_again(db: None) -> None:
    doc = document(1, "Fair recruitment of migrant workers")
    vector_store.embed_documents([doc])
    SearchOutbox.objects.all().delete()

    again = vector_store.embed_documents([doc])

    assert again == vector_store.EmbedResult(embedded=0, unchanged=1, removed=0)
    assert not SearchOutbox.objects.exists()


def test_changed_text_replaces_every_chunk(db: None) -> None:
    vector_store.embed_documents([document(1, "Long", "First sentence here. " * 200)])
    vector_store.embed_documents([document(1, "Short now")])
    assert list(DocumentVector.objects.values_list("chunk", flat=True)) == [0]


def test_a_model_change_makes_every_vector_stale(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    vector_store.embed_documents([document(1, "Consular protection"), document(2, "Border management")])
    assert vector_store.stale_count() == 0

    monkeypatch.setattr(vectors, "model_version", lambda: "9.9.9")

    assert vector_store.stale_count() == 2
    result = vector_store.embed_documents(
        [document(1, "Consular protection"), document(2, "Border management")]
    )
    assert result.embedded == 2
    assert set(DocumentVector.objects.values_list("model", flat=True)) == {f"{vectors.MODEL_NAME}==9.9.9"}


def test_documents_that_left_the_index_lose_their_vectors(db: None) -> None:
    vector_store.embed_documents([document(1, "Kept"), document(2, "Withdrawn")])
    result = vector_store.embed_documents([], gone=["test.item:2", "test.item:404"])
    assert result.removed == 1
    assert stored_doc_ids() == ["test.item:1"]


# The background job and the command


def test_a_committed_change_is_embedded_by_a_background_job(
    organizations_registered: None, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from gcmhub.core.models import Job

    settings.GCMHUB_EMBED_ON_COMMIT = True
    with django_capture_on_commit_callbacks(execute=True):
        organization = make_org("TST-V", "Migrant workers' remittances")

    doc_id = registry.doc_id_for(organization)
    assert stored_doc_ids() == [doc_id]
    job = Job.objects.get(task_path="gcmhub.search.tasks.embed_documents")
    assert job.status == Job.Status.SUCCEEDED
    assert job.progress_message == "1 document(s) embedded, 0 removed, 0 already current."

    with django_capture_on_commit_callbacks(execute=True):
        organization.notes = "hidden"
        organization.save()
    assert stored_doc_ids() == []


def test_nothing_is_queued_when_the_transaction_rolls_back(
    organizations_registered: None, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from django.db import transaction

    from gcmhub.core.models import Job

    settings.GCMHUB_EMBED_ON_COMMIT = True

    def write_then_fail() -> None:
        with transaction.atomic():
            make_org("TST-R", "Rolled back")
            raise RuntimeError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        write_then_fail()
    assert not Job.objects.exists()
    assert stored_doc_ids() == []


def test_embed_resources_embeds_what_is_missing_and_removes_orphans(organizations_registered: None) -> None:
    kept = make_org("TST-A", "Labour migration")
    make_org("TST-B", "Hidden body", notes="hidden")
    vector_store.embed_documents([document(99, "An orphan")])
    out, err = io.StringIO(), io.StringIO()

    call_command("embed_resources", stdout=out, stderr=err)

    assert stored_doc_ids() == [registry.doc_id_for(kept)]
    assert "1 document(s) embedded, 0 already current, 1 removed" in out.getvalue()
    assert "1/1 documents" in err.getvalue()
    out = io.StringIO()
    call_command("embed_resources", "--no-progress", stdout=out)
    assert "0 document(s) embedded, 1 already current, 0 removed" in out.getvalue()


def test_embed_resources_refuses_a_bad_batch_size(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="batch-size"):
        call_command("embed_resources", "--batch-size", "0")


# The in-memory matrix


def test_nearest_documents_ranks_by_meaning_with_kind_and_objectives(db: None) -> None:
    vector_store.embed_documents(
        [
            document(1, "Sending money home: the cost of remittances", objectives=("20",)),
            document(2, "Detention of migrant children", objectives=("13",)),
            document(3, "Remittance corridors data platform", kind="platform", objectives=("20", "1")),
        ]
    )
    query = vectors.encode_texts(["the cost of remittances"])[0]

    hits = nearest_documents(query, 2)
    assert [hit.doc_id for hit in hits] == ["test.item:1", "test.item:3"]
    assert hits[0].score > hits[1].score
    assert hits[0].objectives == (20,)
    assert hits[1].kind == "platform"
    assert hits[1].objectives == (20, 1)
    only_platforms = nearest_documents(query, 5, kinds=["platform"])
    assert [hit.doc_id for hit in only_platforms] == ["test.item:3"]


def test_a_document_scores_its_best_chunk_and_appears_once(db: None) -> None:
    # Two chunks about cooking, then one about remittances.
    body = "Cooking recipes for the weekend. " * 60 + "Remittances sent home by migrant workers. " * 5
    vector_store.embed_documents([document(1, "Miscellany", body), document(2, "Border management")])
    query = vectors.encode_texts(["remittances of migrant workers"])[0]
    hits = nearest_documents(query, 5)
    assert [hit.doc_id for hit in hits] == ["test.item:1", "test.item:2"]


def test_another_node_follows_the_outbox(db: None, settings: Any) -> None:
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    other = VectorIndex()
    other.load_all()
    vector_store.embed_documents([document(1, "Remittances")])
    assert len(other) == 0

    vector_index.sync(other, force=True)
    assert len(other) == 1

    vector_store.embed_documents([document(1, "Remittances and savings")])
    vector_store.embed_documents([], gone=["test.item:1"])
    vector_index.sync(other, force=True)
    assert len(other) == 0
    assert other.cursor == SearchOutbox.objects.latest("seq").seq


def test_rebuild_index_makes_every_node_reload_its_matrix(db: None) -> None:
    other = VectorIndex()
    other.load_all()
    DocumentVector.objects.bulk_create(
        vector_store._rows_for(
            document(1, "Written without an outbox row"),
            ["x"],
            vectors.encode_texts(["x"]),
            vectors.model_id(),
        )
    )
    vector_index.sync(other, force=True)
    assert len(other) == 0

    call_command("rebuild_index", stdout=io.StringIO())
    vector_index.sync(other, force=True)
    assert len(other) == 1


def test_replaced_rows_are_compacted_away(db: None) -> None:
    index = VectorIndex()
    vector_store.embed_documents([document(n, f"Document number {n}") for n in range(1, 4)])
    index.load_all()
    for round_ in range(3):
        vector_store.embed_documents([document(n, f"Document {n}, version {round_}") for n in range(1, 4)])
        index.reload([f"test.item:{n}" for n in range(1, 4)])
    index._compact()
    assert index._size == 3
    assert len(index) == 3
    hits = index.nearest(vectors.encode_texts(["Document 2, version 2"])[0], 1)
    assert hits[0].doc_id == "test.item:2"
