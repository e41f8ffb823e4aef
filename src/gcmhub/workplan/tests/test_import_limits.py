"""The importer reads a .docx within resource limits: parts checked before and while unpacking, the document
read as a stream, and one with more text than a work plan, or too slow to read, refused whole. The import page
answers 413 to a request over the maximum. Nothing changes on any refusal."""

import functools
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gcmhub.core.tests.documents import docx_of_paragraphs, lie_about_size, peak_memory, zip_bomb
from gcmhub.workplan.importer import ImportRejected, import_document, read_document, reader
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_TEXT, docx_from_text, row_counts

pytestmark = pytest.mark.django_db


@functools.cache
def issue_docx() -> bytes:
    """About 250 MB of paragraphs, under 1 MB zipped: well within the 5 MB file limit."""
    return docx_of_paragraphs(2_900_000)


def refused(data: bytes) -> ImportRejected:
    before = row_counts()
    with pytest.raises(ImportRejected) as refusal:
        import_document(data, "plan.docx", actor=None)
    assert row_counts() == before
    return refusal.value


def test_the_reported_document_is_refused_before_it_is_unpacked() -> None:
    refusal, peak = peak_memory(lambda: refused(issue_docx()))
    assert isinstance(refusal, ImportRejected)
    assert refusal.code == "unpacks_too_large" and refusal.status_code == 422
    assert peak < 4 * len(issue_docx())


def test_a_zip_bomb_is_refused() -> None:
    assert refused(zip_bomb(32 * 1024 * 1024)).code == "compression_ratio"


def test_a_declared_size_that_lies_is_refused_as_damaged() -> None:
    data = lie_about_size(docx_of_paragraphs(500_000), "word/document.xml", 20_000)
    refusal, peak = peak_memory(lambda: refused(data))
    assert isinstance(refusal, ImportRejected) and refusal.code == "corrupt_docx"
    assert peak < 4 * len(data)


def test_a_lowered_part_limit_refuses_the_shipped_plan(settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_PART_BYTES = 10_000
    assert refused(docx_from_text(SHIPPED_TEXT)).code == "unpacks_too_large"


def test_more_text_than_a_work_plan_is_refused_not_cut(monkeypatch: Any) -> None:
    monkeypatch.setattr(reader, "MAX_DOCX_TEXT_CHARS", 10_000)
    refusal = refused(docx_from_text(SHIPPED_TEXT))
    assert (refusal.code, refusal.message) == (
        "too_much_text",
        "The .docx document holds more than 10,000 characters of text, more than any work plan.",
    )


def test_a_spent_time_budget_refuses_the_document(settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_SECONDS = -1
    refusal = refused(docx_from_text(SHIPPED_TEXT))
    assert (refusal.code, refusal.message) == (
        "too_slow",
        "Reading the .docx document took longer than -1 seconds; save it again and retry.",
    )


def test_a_long_document_within_the_limits_is_read_in_memory_bounded_by_far_less_than_its_xml(
    settings: Any,
) -> None:
    settings.GCMHUB_DOCUMENT_MAX_SECONDS = 600  # tracing every allocation slows the reading many times
    data = docx_of_paragraphs(30_000, numbered=True)  # 2 MB of XML, 200 kB zipped
    text, peak = peak_memory(lambda: read_document(data, "plan.docx"))
    lines = text.split("\n")
    assert len(lines) == 30_000 and lines[-1] == "Paragraph 29999 on corridor 36709"
    assert peak < 5 * len(text) + 4 * len(data)  # the text kept, and little else


def test_the_import_page_answers_413_to_a_request_over_the_maximum(
    client: Client, secretariat: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 5_000
    client.force_login(secretariat)
    before = row_counts()
    upload = SimpleUploadedFile("plan.docx", docx_from_text(SHIPPED_TEXT))
    response = client.post(reverse("workplan:import"), {"file": upload})
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()
    assert row_counts() == before


def test_the_import_page_refuses_the_reported_document_with_its_reason(
    client: Client, secretariat: Any
) -> None:
    client.force_login(secretariat)
    before = row_counts()
    response = client.post(
        reverse("workplan:import"), {"file": SimpleUploadedFile("plan.docx", issue_docx())}
    )
    assert response.status_code == 422
    assert "one of its parts unpacks to more than" in response.content.decode()
    assert row_counts() == before


def test_an_outsider_gets_403_not_413(client: Client, outsider: Any) -> None:
    client.force_login(outsider)
    before = row_counts()
    response = client.post(
        reverse("workplan:import"), {"file": SimpleUploadedFile("plan.docx", issue_docx())}
    )
    assert response.status_code == 403
    assert row_counts() == before
