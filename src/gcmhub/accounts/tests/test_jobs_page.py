"""Following a background job: the page /jobs/<id>/, its result file and GET /api/v1/jobs/{id}. Only the
person who started the job and the secretariat see it; everyone else gets 404, as if it did not exist."""

from typing import Any

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from gcmhub.core.jobs import enqueue_job
from gcmhub.core.models import Job
from gcmhub.core.tests import job_tasks

REFRESH = '<meta http-equiv="refresh"'


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def running_job(focal_point: Any) -> Job:
    return Job.objects.create(
        task_path="gcmhub.core.tests.job_tasks.slow_export",
        title="Export the 2025 responses",
        started_by=focal_point,
        status=Job.Status.RUNNING,
        progress_done=40,
        progress_total=120,
        progress_message="Writing rows",
        attempts=1,
    )


@pytest.fixture
def finished_job(focal_point: Any) -> Job:
    return enqueue_job(job_tasks.count_rows, actor=focal_point, title="Count the rows", rows=3)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_starter_follows_a_running_job(focal_point: Any, running_job: Job) -> None:
    response = signed_in(focal_point).get(f"/jobs/{running_job.pk}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Export the 2025 responses" in html
    assert "Running" in html
    assert '<progress value="40" max="120"' in html
    assert "40 of 120 done (33%)." in html
    assert "Writing rows" in html
    assert REFRESH in html  # it updates itself without JavaScript
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_finished_job_offers_its_result_and_stops_refreshing(focal_point: Any, finished_job: Job) -> None:
    client = signed_in(focal_point)
    html = client.get(f"/jobs/{finished_job.pk}/").content.decode()

    assert "The job is finished." in html
    assert f'href="/jobs/{finished_job.pk}/result"' in html
    assert REFRESH not in html

    download = client.get(f"/jobs/{finished_job.pk}/result")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="rows.txt"'
    assert isinstance(download, StreamingHttpResponse)  # the result file is streamed
    assert b"".join(download.streaming_content) == b"rows: 3\n"


def test_a_failed_job_shows_its_safe_error(focal_point: Any) -> None:
    job = enqueue_job(job_tasks.flaky, actor=focal_point, title="Flaky", fail_times=99)
    html = signed_in(focal_point).get(f"/jobs/{job.pk}/").content.decode()

    assert "The job failed:" in html
    assert "Something went wrong while running this job." in html
    assert "hunter2" not in html
    assert REFRESH not in html


def test_a_job_without_a_result_file_has_nothing_to_download(focal_point: Any, running_job: Job) -> None:
    assert signed_in(focal_point).get(f"/jobs/{running_job.pk}/result").status_code == 404


def test_the_secretariat_follows_anyones_job(secretariat: Any, finished_job: Job) -> None:
    client = signed_in(secretariat)
    assert client.get(f"/jobs/{finished_job.pk}/").status_code == 200
    assert client.get(f"/jobs/{finished_job.pk}/result").status_code == 200
    assert client.get(f"/api/v1/jobs/{finished_job.pk}").status_code == 200


@pytest.mark.parametrize(
    "path", ["/jobs/{id}/", "/jobs/{id}/result", "/api/v1/jobs/{id}", "/api/v1/jobs/{id}/result"]
)
def test_it_hides_the_job_from_an_outsider(outsider: Any, finished_job: Job, path: str) -> None:
    response = signed_in(outsider).get(path.format(id=finished_job.pk))
    assert response.status_code == 404
    assert b"Count the rows" not in response.content


def test_it_hides_the_job_from_another_focal_point(other_focal_point: Any, finished_job: Job) -> None:
    assert signed_in(other_focal_point).get(f"/jobs/{finished_job.pk}/").status_code == 404
    assert signed_in(other_focal_point).get(f"/api/v1/jobs/{finished_job.pk}").status_code == 404


def test_an_unknown_job_is_404_like_someone_elses(focal_point: Any) -> None:
    assert signed_in(focal_point).get("/jobs/999999/").status_code == 404
    response = signed_in(focal_point).get("/api/v1/jobs/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "There is no such job."


def test_anonymous_visitors_must_sign_in(client: Client, finished_job: Job) -> None:
    page = client.get(f"/jobs/{finished_job.pk}/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert client.get(f"/api/v1/jobs/{finished_job.pk}").status_code == 401


def test_the_api_reports_status_progress_and_the_result(focal_point: Any, running_job: Job) -> None:
    client = signed_in(focal_point)
    body = client.get(f"/api/v1/jobs/{running_job.pk}").json()

    assert body["id"] == running_job.pk
    assert body["title"] == "Export the 2025 responses"
    assert (body["status"], body["status_label"]) == ("running", "Running")
    assert body["started_by"] == "focal_point"
    assert (body["progress_done"], body["progress_total"], body["percent_done"]) == (40, 120, 33)
    assert body["progress_message"] == "Writing rows"
    assert (body["attempts"], body["max_attempts"]) == (1, 3)
    assert body["error"] == ""
    assert body["result_url"] is None
    assert body["finished_at"] is None


def test_the_api_links_to_the_result_file(focal_point: Any, finished_job: Job) -> None:
    client = signed_in(focal_point)
    body = client.get(f"/api/v1/jobs/{finished_job.pk}").json()

    assert body["status"] == "succeeded"
    assert body["result_url"] == f"/api/v1/jobs/{finished_job.pk}/result"
    download = client.get(body["result_url"])
    assert download.status_code == 200
    assert isinstance(download, StreamingHttpResponse)  # the result file is streamed
    assert b"".join(download.streaming_content) == b"rows: 3\n"
