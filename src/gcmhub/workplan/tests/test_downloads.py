"""The work plan downloads from its pages (overview and import report) as Word, Markdown and JSON, the same
files `gcmhub export_workplan` writes, with their media types and file names; anything else is a 4xx."""

import io
import json

import docx
import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.workplan.export import version_as_dict, version_as_markdown
from gcmhub.workplan.importer import import_document
from gcmhub.workplan.tests.fixtures.importer import changed, current

pytestmark = pytest.mark.django_db

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def download(client: Client, fmt: str, number: int | None = None) -> tuple[str, str, bytes]:
    """(media type, Content-Disposition, body) of a download."""
    if number is None:
        url = reverse("workplan:download", args=[fmt])
    else:
        url = reverse("workplan:version_download", args=[number, fmt])
    response = client.get(url)
    assert response.status_code == 200, url
    return response["Content-Type"], response["Content-Disposition"], response.content


def test_json_is_the_documented_shape_of_the_current_version(client: Client) -> None:
    version = current()
    content_type, disposition, body = download(client, "json")
    assert content_type == "application/json"
    assert disposition == f'attachment; filename="multi-annual-work-plan-version-{version.number}.json"'
    assert json.loads(body) == version_as_dict(version)


def test_markdown_is_the_exporters_markdown(client: Client) -> None:
    content_type, disposition, body = download(client, "md")
    assert content_type == "text/markdown; charset=utf-8"
    assert disposition.endswith('.md"')
    assert body.decode() == version_as_markdown(current())


def test_word_opens_as_a_document_with_the_plans_title(client: Client) -> None:
    content_type, disposition, body = download(client, "docx")
    assert content_type == DOCX
    assert disposition.endswith('.docx"')
    document = docx.Document(io.BytesIO(body))
    assert document.core_properties.title == current().title
    assert any(
        p.style is not None and (p.style.name or "").startswith("Heading") for p in document.paragraphs
    )


def test_an_older_version_downloads_as_it_was(client: Client) -> None:
    old = current()
    import_document(changed(("Timeframe: 7 months", "Timeframe: 9 months")), "v2.txt", actor=None)
    new = current()
    _, disposition, body = download(client, "json", old.number)
    assert f"version-{old.number}.json" in disposition
    assert json.loads(body) == version_as_dict(old)
    assert json.loads(download(client, "json")[2])["version"] == new.number


def test_the_pages_link_to_each_download(client: Client) -> None:
    version = current()
    for page in (reverse("workplan:overview"), reverse("workplan:version_detail", args=[version.number])):
        html = client.get(page).content.decode()
        for fmt in ("docx", "md", "json"):
            assert reverse("workplan:version_download", args=[version.number, fmt]) in html, (page, fmt)


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "JSON", "docx.exe"])
def test_an_unknown_format_is_404(client: Client, fmt: str) -> None:
    assert client.get(reverse("workplan:download", args=[fmt])).status_code == 404
    assert client.get(reverse("workplan:version_download", args=[current().number, fmt])).status_code == 404


def test_an_unknown_version_is_404(client: Client) -> None:
    assert client.get(reverse("workplan:version_download", args=[999, "json"])).status_code == 404


def test_a_download_is_read_only(client: Client) -> None:
    assert client.post(reverse("workplan:download", args=["json"])).status_code == 405
