"""The report builder's page: the secretariat starts a build that runs as a background job and downloads the
result; anyone else is refused and cannot download it; a bad form changes nothing."""

from typing import Any

from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from gcmhub.core.models import Job

URL = reverse("reporting:report_builder")


def form(**changes: str) -> dict[str, str]:
    fields = {"call": "", "fmt": "html", "language": "fr", "as_of": ""}
    for position, kind in enumerate(["responses", "workplan", "fund", "knowledge", "coverage"], start=1):
        fields[f"include_{kind}"] = "on"
        fields[f"position_{kind}"] = str(position)
        fields[f"title_{kind}"] = ""
    fields["title_sources"] = ""
    return {**fields, **changes}


def test_the_secretariat_builds_the_report_as_a_job_and_downloads_it(
    client: Client, secretariat: Any
) -> None:
    client.force_login(secretariat)
    assert client.get(URL).status_code == 200
    answer = client.post(
        URL, form(position_fund="1", position_responses="2", title_fund="Le Fonds", include_knowledge="")
    )
    job = Job.objects.get()
    assert answer.status_code == 302 and answer["Location"].endswith(f"/jobs/{job.pk}/")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.progress_done == job.progress_total == 5
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    download = client.get(f"/jobs/{job.pk}/result")
    assert download.status_code == 200
    assert isinstance(download, StreamingHttpResponse)  # the report file is streamed
    html = b"".join(download.streaming_content).decode()
    assert '<html lang="fr" dir="ltr">' in html
    chapters = html.split("<main>")[1]
    assert chapters.index(">Le Fonds</h2>") < chapters.index('id="responses"')
    assert 'id="knowledge"' not in chapters


def test_an_outsider_cannot_build_the_report(client: Client, outsider: Any, focal_point: Any) -> None:
    for person in (outsider, focal_point):
        client.force_login(person)
        assert client.get(URL).status_code == 403
        assert client.post(URL, form()).status_code == 403
    client.logout()
    assert client.post(URL, form()).status_code == 403
    assert not Job.objects.exists()


def test_an_outsider_cannot_download_the_report(client: Client, secretariat: Any, outsider: Any) -> None:
    client.force_login(secretariat)
    client.post(URL, form())
    job = Job.objects.get()
    client.force_login(outsider)
    assert client.get(f"/jobs/{job.pk}/result").status_code == 404
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/jobs/{job.pk}/result").status_code in (302, 404)


def test_a_bad_form_is_refused_and_starts_nothing(client: Client, secretariat: Any) -> None:
    client.force_login(secretariat)
    assert client.post(URL, form(fmt="exe")).status_code == 422
    none_included = {
        f"include_{kind}": "" for kind in ["responses", "workplan", "fund", "knowledge", "coverage"]
    }
    answer = client.post(URL, form(**none_included))
    assert answer.status_code == 422
    assert "Include at least one chapter." in answer.content.decode()
    assert client.post(URL, form(title_fund="x" * 201)).status_code == 422
    assert client.post(URL, form(call="99999")).status_code == 422
    assert not Job.objects.exists()
