"""Attachments: PDF, DOCX, ODT and XLSX are recognised by content and their text extracted; anything else,
or anything over 25 MB, is refused with a 4xx and nothing is stored."""

import io
from typing import Any

import pytest
from conftest import PASSWORD
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gcmhub.core.exceptions import NotFound, ValidationFailed
from gcmhub.knowledge import actions
from gcmhub.knowledge.attachments import detect_type, extract_text
from gcmhub.knowledge.models import Attachment, Resource, Status
from gcmhub.knowledge.tests.factories import docx_bytes, make_resource, odt_bytes, pdf_bytes, xlsx_bytes

GOOD = {
    "pdf": (pdf_bytes, "Firewalls between services"),
    "docx": (docx_bytes, "Case management for migrant children"),
    "odt": (odt_bytes, "Skills recognition for refugees"),
    "xlsx": (xlsx_bytes, "Remittance corridors"),
}


@pytest.fixture
def draft(stakeholder: Any) -> Resource:
    return make_resource("A draft", status=Status.DRAFT, organization="TEST-CSO", submitted_by=stakeholder)


@pytest.mark.parametrize("file_type", sorted(GOOD))
def test_each_supported_type_is_recognised_and_its_text_extracted(file_type: str) -> None:
    build, words = GOOD[file_type]
    stream = io.BytesIO(build())
    assert detect_type(stream) == file_type
    assert words in extract_text(stream, file_type)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this is a Windows program"),
        ("report.docx", b"<html><script>alert(1)</script></html>"),
        ("data.xlsx", b"PK\x03\x04 not really a zip"),
        ("notes.odt", b""),
    ],
)
def test_renamed_programs_and_pages_are_refused(
    name: str, content: bytes, draft: Resource, stakeholder: Any
) -> None:
    with pytest.raises(ValidationFailed):
        actions.add_attachment(actor=stakeholder, resource_id=draft.pk, upload=io.BytesIO(content), name=name)
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_an_office_document_is_refused(draft: Resource, stakeholder: Any) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.html", "<script>alert(1)</script>")
    with pytest.raises(ValidationFailed):
        actions.add_attachment(
            actor=stakeholder, resource_id=draft.pk, upload=io.BytesIO(buffer.getvalue()), name="x.docx"
        )
    assert not Attachment.objects.exists()


def test_a_damaged_pdf_is_refused(draft: Resource, stakeholder: Any) -> None:
    with pytest.raises(ValidationFailed):
        actions.add_attachment(
            actor=stakeholder, resource_id=draft.pk, upload=io.BytesIO(b"%PDF-1.4\n garbage"), name="x.pdf"
        )
    assert not Attachment.objects.exists()


def test_the_stored_type_comes_from_the_content_not_the_name(draft: Resource, stakeholder: Any) -> None:
    attachment = actions.add_attachment(
        actor=stakeholder, resource_id=draft.pk, upload=io.BytesIO(docx_bytes()), name="plan.pdf"
    )
    assert attachment.file_type == "docx"
    assert "Case management" in attachment.text
    assert attachment.file.name.endswith(".docx")
    assert "plan" not in attachment.file.name


def test_over_the_limit_is_refused_with_413(draft: Resource, stakeholder: Any, settings: Any) -> None:
    settings.GCMHUB_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(actions.TooLarge) as refused:
        actions.add_attachment(
            actor=stakeholder,
            resource_id=draft.pk,
            upload=io.BytesIO(pdf_bytes() + b" " * 2000),
            name="x.pdf",
        )
    assert refused.value.status_code == 413
    assert not Attachment.objects.exists()


def test_the_upload_page_refuses_a_26_mb_file_with_413(
    client: Any, draft: Resource, stakeholder: Any
) -> None:
    client.login(username=stakeholder.username, password=PASSWORD)
    big = SimpleUploadedFile(
        "big.pdf", b"%PDF-1.4\n" + b"0" * (26 * 1024 * 1024), content_type="application/pdf"
    )
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": big})
    assert response.status_code == 413
    assert "25 MB" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_upload_page_attaches_a_good_file(client: Any, draft: Resource, stakeholder: Any) -> None:
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("plan.odt", odt_bytes(), content_type="application/octet-stream")
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": upload})
    assert response.status_code == 302
    assert Attachment.objects.get().file_type == "odt"


def test_the_upload_page_refuses_an_exe_with_422(client: Any, draft: Resource, stakeholder: Any) -> None:
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("setup.pdf", b"MZ\x90\x00program", content_type="application/pdf")
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": upload})
    assert response.status_code == 422
    assert "PDF, DOCX, ODT and XLSX" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_it_rejects_uploads_by_others(persona: str, request: Any, client: Any, draft: Resource) -> None:
    user = request.getfixturevalue(persona)
    client.login(username=user.username, password=PASSWORD)
    response = client.post(
        reverse("knowledge:attach", args=[draft.pk]), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )
    assert response.status_code == 404
    with pytest.raises(NotFound):
        actions.add_attachment(actor=user, resource_id=draft.pk, upload=io.BytesIO(pdf_bytes()), name="a.pdf")
    assert not Attachment.objects.exists()


def test_anonymous_uploads_go_to_sign_in(client: Any, draft: Resource) -> None:
    response = client.post(
        reverse("knowledge:attach", args=[draft.pk]), {"file": SimpleUploadedFile("a.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Attachment.objects.exists()


def test_downloads_follow_the_resource_visibility(client: Any, draft: Resource, stakeholder: Any) -> None:
    attachment = actions.add_attachment(
        actor=stakeholder, resource_id=draft.pk, upload=io.BytesIO(pdf_bytes()), name="a.pdf"
    )
    url = reverse("knowledge:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404
    client.login(username=stakeholder.username, password=PASSWORD)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.logout()
    Resource.objects.filter(pk=draft.pk).update(status=Status.PUBLISHED)
    assert client.get(url).status_code == 200


def test_attachment_text_goes_into_the_search_document(stakeholder: Any) -> None:
    from gcmhub.knowledge.indexing import resource_document

    resource = make_resource(
        "A practice", status=Status.DRAFT, organization="TEST-CSO", submitted_by=stakeholder
    )
    actions.add_attachment(
        actor=stakeholder, resource_id=resource.pk, upload=io.BytesIO(xlsx_bytes()), name="data.xlsx"
    )
    assert resource_document(Resource.objects.get(pk=resource.pk)) is None
    Resource.objects.filter(pk=resource.pk).update(status=Status.PUBLISHED)
    document = resource_document(Resource.objects.get(pk=resource.pk))
    assert document is not None
    assert "Remittance corridors" in document.body


def test_a_file_above_the_general_upload_limit_but_within_25_mb_is_accepted(
    client: Any, draft: Resource, stakeholder: Any
) -> None:
    import os
    import zipfile

    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(zipfile.ZipInfo("word/media/photo.bin"), os.urandom(12 * 1024 * 1024))
    client.login(username=stakeholder.username, password=PASSWORD)
    upload = SimpleUploadedFile("report.docx", buffer.getvalue())
    response = client.post(reverse("knowledge:attach", args=[draft.pk]), {"file": upload})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.size > 12 * 1024 * 1024 and "Case management" in attachment.text
