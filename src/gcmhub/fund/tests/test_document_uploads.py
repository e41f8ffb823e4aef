"""Programme documents: a file over the per-file limit, or a request over the maximum, is 413 on the page and
in the API; others may not upload; nothing is stored on any refusal."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gcmhub.fund.models import Fund, JointProgramme, ProgrammeDocument
from gcmhub.fund.tests.conftest import advance, deposit, make_programme

API = "/api/v1/fund"


@pytest.fixture
def programme(fund: Fund, contributor: Any) -> JointProgramme:
    deposit(fund, contributor, "500000.00", "2024-01-10")
    return advance(make_programme(fund), "active")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf(size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "plan.pdf", b"%PDF-1.7 a test file" + b" " * size, content_type="application/pdf"
    )


def page_post(client: Any, programme: JointProgramme, upload: SimpleUploadedFile) -> Any:
    url = reverse("fund:programme_document_new", args=[programme.code])
    return client.post(url, {"title": "Programme document", "kind": "other", "file": upload})


def api_post(client: Any, programme: JointProgramme, upload: SimpleUploadedFile) -> Any:
    url = f"{API}/programmes/{programme.code}/documents"
    return client.post(url, {"title": "Programme document", "kind": "other", "file": upload})


def nothing_stored(settings: Any) -> bool:
    media = Path(settings.MEDIA_ROOT)
    return not ProgrammeDocument.objects.exists() and not any(p.is_file() for p in media.rglob("*"))


def test_a_good_file_is_stored(login: Any, programme: JointProgramme, focal_point: Any) -> None:
    assert api_post(login(focal_point), programme, pdf()).status_code == 201
    assert page_post(login(focal_point), programme, pdf()).status_code == 302
    assert ProgrammeDocument.objects.count() == 2


@pytest.mark.parametrize("post", [page_post, api_post])
def test_a_file_over_the_per_file_limit_is_413(
    post: Any, login: Any, programme: JointProgramme, focal_point: Any, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000  # the programme document limit
    response = post(login(focal_point), programme, pdf(5000))
    assert response.status_code == 413
    assert "The file is larger than" in response.content.decode()
    assert nothing_stored(settings)


def test_a_request_over_the_maximum_is_a_413_page(
    login: Any, programme: JointProgramme, focal_point: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 20_000
    response = page_post(login(focal_point), programme, pdf(30_000))
    assert response.status_code == 413
    assert "This request is too large" in response.content.decode()
    assert "<html" in response.content.decode()
    assert nothing_stored(settings)


def test_a_request_over_the_maximum_is_413_problem_json(
    login: Any, programme: JointProgramme, focal_point: Any, settings: Any
) -> None:
    settings.GCMHUB_MAX_REQUEST_BYTES = 20_000
    response = api_post(login(focal_point), programme, pdf(30_000))
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 413
    assert nothing_stored(settings)


@pytest.mark.parametrize("post", [page_post, api_post])
@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_others_may_not_upload_a_file(
    post: Any, persona: str, request: Any, login: Any, programme: JointProgramme, settings: Any
) -> None:
    response = post(login(request.getfixturevalue(persona)), programme, pdf())
    assert response.status_code in (403, 404)
    assert nothing_stored(settings)
