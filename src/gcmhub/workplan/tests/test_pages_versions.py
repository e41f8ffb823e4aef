"""Versions of the plan: the list, import reports, the comparison page and the upload page."""

import html
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gcmhub.workplan.models import ExpectedResult, ImportIssue, Section, WorkPlanVersion

pytestmark = pytest.mark.django_db

SHIPPED = settings.GCMHUB_WORKPLAN_FILE.read_bytes()
OLD_TITLE = b"Development of Network communications strategy"
NEW_TITLE = b"Development and roll-out of the Network communications strategy"


def changed_document() -> bytes:
    assert SHIPPED.count(OLD_TITLE) == 1
    return SHIPPED.replace(OLD_TITLE, NEW_TITLE)


def upload(data: bytes, name: str = "plan.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/plain")


def counts() -> tuple[int, int, int]:
    return WorkPlanVersion.objects.count(), ExpectedResult.objects.count(), LogEntry.objects.count()


def current() -> WorkPlanVersion:
    return WorkPlanVersion.objects.get(is_current=True)


def import_changed(actor: Any) -> WorkPlanVersion:
    from gcmhub.workplan.importer import import_document

    outcome = import_document(changed_document(), "plan-v2.txt", actor=actor)
    assert outcome.created
    return outcome.version


def test_versions_page_lists_each_version(client: Client) -> None:
    version = current()
    body = client.get(reverse("workplan:versions")).content.decode()
    assert "Version 1" in body
    assert '<span class="badge current">Current</span>' in body
    assert html.escape(version.source_name) in body
    assert f'href="{reverse("workplan:version_detail", args=[1])}"' in body
    issues = ImportIssue.objects.filter(version=version).count()
    assert f"{issues} issue" in body
    assert "Import a new version" not in body


def test_versions_page_offers_import_to_the_secretariat(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    body = client.get(reverse("workplan:versions")).content.decode()
    assert f'href="{reverse("workplan:import")}"' in body


def test_import_report_lists_every_issue_with_its_line(client: Client) -> None:
    version = current()
    body = client.get(reverse("workplan:version_detail", args=[version.number])).content.decode()
    issues = list(ImportIssue.objects.filter(version=version))
    assert issues, "the shipped document has known anomalies"
    for issue in issues:
        assert html.escape(issue.message) in body
    assert "<td>29</td>" in body  # "Output" without a colon
    assert "<td>141</td>" in body  # "2years"


def test_unknown_version_is_404(client: Client) -> None:
    response = client.get(reverse("workplan:version_detail", args=[99]))
    assert response.status_code == 404
    assert "There is no version 99 of this work plan." in response.content.decode()
    assert client.get(reverse("workplan:version_diff", args=[1, 99])).status_code == 404


def test_compare_page_shows_what_changed(client: Client, secretariat: Any) -> None:
    version = import_changed(secretariat)
    response = client.get(reverse("workplan:version_diff", args=[1, version.number]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Changes from version 1 to version 2" in body
    assert OLD_TITLE.decode() in body
    assert NEW_TITLE.decode() in body
    assert "<code>cc.3</code>" in body

    listing = client.get(reverse("workplan:versions")).content.decode()
    assert f'href="{reverse("workplan:version_diff", args=[1, 2])}"' in listing


def test_compare_page_of_identical_versions(client: Client) -> None:
    body = client.get(reverse("workplan:version_diff", args=[1, 1])).content.decode()
    assert "The two versions have the same expected results and activities." in body


def test_secretariat_imports_a_changed_file(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    response = client.post(reverse("workplan:import"), {"file": upload(changed_document())})
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:version_detail", args=[2])
    version = current()
    assert version.number == 2
    assert version.imported_by == secretariat
    assert ExpectedResult.objects.filter(
        section__version=version, section__kind=Section.Kind.CROSS_CUTTING, title=NEW_TITLE.decode()
    ).exists()
    body = client.get(response["Location"]).content.decode()
    assert "Version 2 has been imported" in body


def test_importing_the_same_file_changes_nothing(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(SHIPPED)})
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:version_detail", args=[1])
    assert counts() == before
    body = client.get(response["Location"]).content.decode()
    assert "nothing was imported" in body


def test_a_bad_file_is_refused_with_the_importer_message(client: Client, secretariat: Any) -> None:
    from gcmhub.workplan.importer import ImportRejected, import_document

    data = b"\x00\x01\x02 not a work plan \xff\xfe"
    with pytest.raises(ImportRejected) as refused:
        import_document(data, "plan.txt", actor=secretariat)
    client.force_login(secretariat)
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(data)})
    assert response.status_code == 422
    assert html.escape(refused.value.message) in response.content.decode()
    assert counts() == before


def test_a_file_of_the_wrong_type_is_refused(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(SHIPPED, "plan.pdf")})
    assert response.status_code == 422
    assert 'class="errorlist' in response.content.decode()
    assert counts() == before


def test_an_empty_file_is_refused(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(b"")})
    assert response.status_code == 422
    assert "The file is empty." in response.content.decode()
    assert counts() == before


def test_a_file_over_5_mb_is_refused(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    before = counts()
    big = SHIPPED + b"\n" * (5 * 1024 * 1024)
    response = client.post(reverse("workplan:import"), {"file": upload(big)})
    assert response.status_code == 413
    assert "documents of at most 5 MB can be imported" in response.content.decode()
    assert counts() == before


def test_a_missing_file_is_refused(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    response = client.post(reverse("workplan:import"), {})
    assert response.status_code == 422
    assert "Choose the document to import." in response.content.decode()


def test_import_page_shows_a_labelled_form_to_the_secretariat(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    body = client.get(reverse("workplan:import")).content.decode()
    assert 'enctype="multipart/form-data"' in body
    assert '<label for="id_file">' in body
    assert 'accept=".txt,.md,.docx"' in body


@pytest.mark.parametrize("persona", ["outsider", "focal_point", "fund_manager"])
def test_it_rejects_everyone_but_the_secretariat(client: Client, persona: str, request: Any) -> None:
    client.force_login(request.getfixturevalue(persona))
    before = counts()
    assert client.get(reverse("workplan:import")).status_code == 403
    response = client.post(reverse("workplan:import"), {"file": upload(changed_document())})
    assert response.status_code == 403
    assert "Only the secretariat may import" in response.content.decode()
    assert counts() == before


def test_it_redirects_anonymous_to_login(client: Client) -> None:
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(changed_document())})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert counts() == before


def test_it_requires_a_csrf_token(secretariat: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat)
    before = counts()
    response = client.post(reverse("workplan:import"), {"file": upload(changed_document())})
    assert response.status_code == 403
    assert counts() == before
