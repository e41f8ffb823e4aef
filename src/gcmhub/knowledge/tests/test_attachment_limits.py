"""Attachments within resource limits: a document over a hard limit (parts unpacked, total, compression ratio,
number of parts) is refused and nothing is stored; one over a soft limit (text, time, PDF pages, spreadsheet
cells) is accepted with its searchable text cut. Reading stays within memory bounded by far less than the
unpacked document. Requests over the size limits are 413, on the page and in the API."""

import functools
import io
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from conftest import PASSWORD
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gcmhub.core.documents import DocumentRefused
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.tests.documents import (
    docx_of_paragraphs,
    lie_about_size,
    pdf_of_pages,
    peak_memory,
    unpacked_size,
    with_parts,
    xlsx_of_empty_cells,
    zip_bomb,
)
from gcmhub.knowledge import actions
from gcmhub.knowledge.attachments import detect_type, extract
from gcmhub.knowledge.models import Attachment, Resource, Status
from gcmhub.knowledge.tests.factories import make_resource, odt_bytes, pdf_bytes
from gcmhub.knowledge.tests.test_api import token_for


@pytest.fixture
def draft(stakeholder: Any) -> Resource:
    return make_resource("A draft", status=Status.DRAFT, organization="TEST-CSO", submitted_by=stakeholder)


@functools.cache
def issue_docx() -> bytes:
    """The document of the report: about 250 MB of paragraphs in word/document.xml, under 1 MB zipped."""
    return docx_of_paragraphs(2_900_000)


@functools.cache
def long_docx() -> bytes:
    """Within every hard limit (13 MB of XML, compressed about 10 times) but with 8 million characters."""
    return docx_of_paragraphs(200_000, numbered=True)


@functools.cache
def million_empty_cells() -> bytes:
    return xlsx_of_empty_cells(1000, 1000)


def stored_files(settings: Any) -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def attach(user: Any, resource: Resource, data: bytes, name: str = "report.docx") -> Attachment:
    return actions.add_attachment(actor=user, resource_id=resource.pk, upload=io.BytesIO(data), name=name)


def refused_and_nothing_stored(user: Any, resource: Resource, data: bytes, settings: Any) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as refused:
        attach(user, resource, data)
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []
    return refused.value


def test_the_reported_document_is_refused_at_once_and_in_little_memory(
    draft: Resource, stakeholder: Any, settings: Any
) -> None:
    data = issue_docx()
    assert len(data) < 2 * 1024 * 1024 and unpacked_size(data) > 250_000_000
    refusal, peak = peak_memory(lambda: refused_and_nothing_stored(stakeholder, draft, data, settings))
    assert isinstance(refusal, DocumentRefused)
    assert refusal.code == "unpacks_too_large" and "64.0\xa0MB" in refusal.message
    assert peak < 4 * len(data)  # the naive parse held the 250 MB of XML, and its tree


def test_a_part_over_a_lowered_part_limit_is_refused(
    draft: Resource, stakeholder: Any, settings: Any
) -> None:
    settings.GCMHUB_DOCUMENT_MAX_PART_BYTES = 1024 * 1024
    refusal = refused_and_nothing_stored(stakeholder, draft, long_docx(), settings)
    assert refusal.code == "unpacks_too_large" and "1.0\xa0MB" in refusal.message


def test_a_zip_bomb_is_refused(draft: Resource, stakeholder: Any, settings: Any) -> None:
    refusal = refused_and_nothing_stored(stakeholder, draft, zip_bomb(64 * 1024 * 1024), settings)
    assert refusal.code == "compression_ratio"


def test_too_many_parts_are_refused(draft: Resource, stakeholder: Any, settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_PARTS = 20
    refusal = refused_and_nothing_stored(stakeholder, draft, with_parts(docx_of_paragraphs(10), 30), settings)
    assert refusal.code == "too_many_parts"


def test_a_declared_size_that_lies_is_caught_while_unpacking_with_the_real_limits(
    draft: Resource, stakeholder: Any, settings: Any
) -> None:
    # 90 MB of XML declared as 50 kB: the directory passes every check, the unpacking does not.
    data = lie_about_size(docx_of_paragraphs(1_000_000), "word/document.xml", 50_000)
    refusal, peak = peak_memory(lambda: refused_and_nothing_stored(stakeholder, draft, data, settings))
    assert isinstance(refusal, ValidationFailed) and refusal.code == "damaged_file"
    assert peak < 4 * len(data)


def test_a_long_document_is_accepted_with_its_text_cut_within_bounded_memory(
    draft: Resource, stakeholder: Any
) -> None:
    data = long_docx()

    def read() -> Any:
        stream = io.BytesIO(data)
        return extract(stream, detect_type(stream))

    extracted, peak = peak_memory(read)
    assert extracted.stopped == "text"
    assert len(extracted.text) <= 500_000
    assert extracted.text.startswith("Paragraph 0 on corridor 0\nParagraph 1 on corridor 7919\n")
    assert peak < unpacked_size(data) / 2  # a whole-document parse holds all of it, and more
    attachment = attach(stakeholder, draft, data)
    assert attachment.text == extracted.text
    notes = [entry.additional_data for entry in LogEntry.objects.get_for_object(draft)]
    assert {"note": "attachment text cut at the text limit: report.docx"} in notes


def test_a_lowered_text_limit_cuts_the_text(draft: Resource, stakeholder: Any, settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_TEXT_CHARS = 1000
    attachment = attach(stakeholder, draft, long_docx())
    assert 900 < len(attachment.text) <= 1000


def test_a_spent_time_budget_accepts_what_was_read(draft: Resource, stakeholder: Any, settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_SECONDS = -1
    stream = io.BytesIO(long_docx())
    extracted = extract(stream, "docx")
    assert extracted.stopped == "time" and extracted.text == ""
    assert attach(stakeholder, draft, long_docx()).pk


def test_a_million_empty_cells_stop_at_the_cell_limit(settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_CELLS = 20_000
    data = million_empty_cells()
    extracted, peak = peak_memory(lambda: extract(io.BytesIO(data), "xlsx"))
    assert extracted.stopped == "cells"
    assert "Remittance corridors" in extracted.text
    assert peak < unpacked_size(data) / 2


def test_a_pdf_stops_at_the_page_limit(settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_PDF_PAGES = 3
    data = pdf_of_pages([f"Page {n} of the national plan" for n in range(1, 11)])
    extracted = extract(io.BytesIO(data), detect_type(io.BytesIO(data)))
    assert extracted.stopped == "pages"
    assert extracted.text.split("\n") == [f"Page {n} of the national plan" for n in (1, 2, 3)]


def test_a_pdf_stops_at_the_text_limit(settings: Any) -> None:
    settings.GCMHUB_DOCUMENT_MAX_TEXT_CHARS = 50
    data = pdf_of_pages([f"Page {n} of the national plan" for n in range(1, 11)])
    extracted = extract(io.BytesIO(data), "pdf")
    assert extracted.stopped == "text"
    assert extracted.text.startswith("Page 1 of the national plan\nPage 2") and len(extracted.text) <= 50


def test_a_whole_short_document_is_not_marked_as_cut() -> None:
    for data, file_type in ((odt_bytes(), "odt"), (pdf_bytes(), "pdf"), (docx_of_paragraphs(3), "docx")):
        assert extract(io.BytesIO(data), file_type).stopped == ""


# --- 413 on the page and in the API -----------------------------------------------------------------------


def test_the_page_answers_413_to_a_request_over_the_maximum(
    client: Any, draft: Resource, stakeholder: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 50_000
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("a.pdf", pdf_bytes() + b" " * 60_000)
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": upload})
    assert response.status_code == 413
    assert "This request is too large: at most 48.8\xa0KB can be sent at once." in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_page_answers_413_in_the_readers_language(
    client: Any, draft: Resource, stakeholder: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 50_000
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("a.pdf", pdf_bytes() + b" " * 60_000)
    response = client.post(f"/fr{reverse('knowledge:attach', args=[draft.pk])}", {"file": upload})
    assert response.status_code == 413
    assert '<html lang="fr"' in response.content.decode()


def test_the_page_refuses_a_document_over_the_hard_limits_with_422(
    client: Any, draft: Resource, stakeholder: Any, settings: Any
) -> None:
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("report.docx", issue_docx())
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": upload})
    assert response.status_code == 422
    assert "one of its parts unpacks to more than 64.0" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(settings) == []


def api_upload(client: Any, resource: Resource, data: bytes, headers: dict[str, str]) -> Any:
    url = f"/api/v1/knowledge/resources/{resource.pk}/attachments"
    return client.post(url, {"file": SimpleUploadedFile("a.pdf", data)}, **headers)


def test_the_api_answers_413_to_a_file_over_the_attachment_limit(
    client: Any, draft: Resource, stakeholder: Any, settings: Any
) -> None:
    settings.GCMHUB_ATTACHMENT_MAX_BYTES = 1000
    response = api_upload(client, draft, pdf_bytes() + b" " * 2000, token_for(stakeholder))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert not Attachment.objects.exists()


def test_the_api_answers_413_to_a_request_over_the_maximum(
    client: Any, draft: Resource, stakeholder: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 50_000
    response = api_upload(client, draft, pdf_bytes() + b" " * 60_000, token_for(stakeholder))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "about:blank#request_too_large"
    assert not Attachment.objects.exists()


def test_the_api_refuses_a_document_over_the_hard_limits_with_422(
    client: Any, draft: Resource, stakeholder: Any
) -> None:
    response = api_upload(client, draft, zip_bomb(64 * 1024 * 1024), token_for(stakeholder))
    assert response.status_code == 422
    assert response.json()["type"] == "about:blank#compression_ratio"
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_the_api_refuses_uploads_by_others(persona: str, request: Any, client: Any, draft: Resource) -> None:
    response = api_upload(client, draft, pdf_bytes(), token_for(request.getfixturevalue(persona)))
    assert response.status_code in (403, 404)
    assert not Attachment.objects.exists()
