"""Background jobs: defining and starting one, progress, result files, retries with backoff, safe errors, and
the recovery of jobs whose worker died (docs/jobs.md). The worker itself: test_worker_process.py."""

from datetime import timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.management import get_commands
from django.utils import timezone, translation
from django_tasks import TaskResultStatus, task
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from gcmhub.core.jobs import enqueue_job, retry_delay
from gcmhub.core.jobs.workers import beat, live_workers, requeue_abandoned
from gcmhub.core.models import Job, WorkerHeartbeat
from gcmhub.core.tests import job_tasks

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@task()
def plain_task() -> None:
    """A django-tasks task not defined with @job_task."""


def run_ready_entries() -> None:
    """What one pass of `gcmhub db_worker --batch` does: run every queue entry that is due, then stop."""
    # Between tasks the worker closes connections it thinks stale; in a test that would end the test's own
    # transaction on PostgreSQL (SQLite's in-memory test database ignores the close).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _worker().run()


def _worker() -> Worker:
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def test_a_job_records_who_started_it_its_progress_and_its_result(focal_point: Any) -> None:
    job = enqueue_job(job_tasks.count_rows, actor=focal_point, title="Count the rows", rows=7)

    assert job.started_by == focal_point
    assert job.title == "Count the rows"
    assert job.status == Job.Status.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.progress_message) == (7, 7, "Counting rows")
    assert job.percent_done == 100
    assert job.attempts == 1
    assert job.error == ""
    assert job.finished_at is not None
    with job.result_file.open("rb") as result:
        assert result.read() == b"rows: 7\n"


def test_a_job_remembers_the_language_it_was_started_in(focal_point: Any) -> None:
    with translation.override("fr"):
        job = enqueue_job(job_tasks.count_rows, actor=focal_point, title="Compter", rows=1)
    assert job.language == "fr"


def test_a_failed_attempt_is_retried_until_it_succeeds(focal_point: Any) -> None:
    job = enqueue_job(job_tasks.flaky, actor=focal_point, title="Flaky", fail_times=2)

    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 3
    assert job.error == ""
    with job.result_file.open("rb") as result:
        assert result.read() == b"succeeded on attempt 3\n"


def test_a_job_gives_up_after_its_attempts_and_shows_a_safe_error(focal_point: Any) -> None:
    job = enqueue_job(job_tasks.flaky, actor=focal_point, title="Flaky", fail_times=99)

    assert job.status == Job.Status.FAILED
    assert job.attempts == job.max_attempts == 3
    assert "hunter2" not in job.error and "/srv" not in job.error and "Traceback" not in job.error
    assert job.error == (
        "Something went wrong while running this job. The error has been logged for the secretariat."
    )


def test_a_domain_error_is_shown_in_its_own_words(focal_point: Any) -> None:
    job = enqueue_job(job_tasks.refused, actor=focal_point, title="Refused")

    assert job.status == Job.Status.FAILED
    assert job.attempts == 2
    assert job.error == "The call has no recipients."


def test_the_retry_delay_doubles_up_to_an_hour(settings: Any) -> None:
    settings.GCMHUB_JOB_RETRY_SECONDS = 30
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(seconds=s) for s in (30, 60, 120)]
    assert retry_delay(20) == timedelta(hours=1)


def test_only_jobs_defined_the_projects_way_can_be_started(focal_point: Any) -> None:
    with pytest.raises(TypeError, match="not defined with @job_task"):
        enqueue_job(plain_task, actor=focal_point, title="Plain")
    assert not Job.objects.exists()


def test_on_the_queue_a_failed_attempt_waits_for_its_backoff(settings: Any, focal_point: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    settings.GCMHUB_JOB_RETRY_SECONDS = 30
    job = enqueue_job(job_tasks.flaky, actor=focal_point, title="Flaky", fail_times=1)
    assert job.status == Job.Status.QUEUED
    assert DBTaskResult.objects.get().id.hex == job.task_result_id.replace("-", "")

    run_ready_entries()

    job.refresh_from_db()
    assert job.status == Job.Status.RETRYING
    assert job.attempts == 1
    assert job.error.startswith("Something went wrong")
    first, second = DBTaskResult.objects.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED and "hunter2" in first.traceback  # for operators only
    assert second.status == TaskResultStatus.READY
    assert second.run_after == job.next_attempt_at
    assert second.run_after > timezone.now() + timedelta(seconds=20)  # not due yet: the batch left it alone

    # The backoff has passed.
    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    run_ready_entries()

    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 2
    assert job.task_result_id.replace("-", "") == second.id.hex
    assert DBTaskResult.objects.get(pk=second.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_job_held_by_a_dead_worker_is_requeued(settings: Any, focal_point: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    settings.GCMHUB_WORKER_LEASE_SECONDS = 60
    now = timezone.now()
    dead_job = enqueue_job(job_tasks.count_rows, actor=focal_point, title="Dead", rows=1)
    live_job = enqueue_job(job_tasks.count_rows, actor=focal_point, title="Live", rows=1)
    long_ago = now - timedelta(minutes=5)
    for job, worker_id in ((dead_job, "dead-worker"), (live_job, "live-worker")):
        DBTaskResult.objects.filter(pk=job.task_result_id).update(
            status=TaskResultStatus.RUNNING, started_at=long_ago, worker_ids=[worker_id]
        )
        Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1)
        beat(worker_id)
    WorkerHeartbeat.objects.filter(worker_id="dead-worker").update(seen_at=now - timedelta(seconds=61))

    requeued = requeue_abandoned(now)

    assert requeued == [dead_job.task_result_id]
    assert DBTaskResult.objects.get(pk=dead_job.task_result_id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(pk=live_job.task_result_id).status == TaskResultStatus.RUNNING
    assert Job.objects.get(pk=dead_job.pk).status == Job.Status.QUEUED
    assert Job.objects.get(pk=live_job.pk).status == Job.Status.RUNNING
    assert list(live_workers(now).values_list("worker_id", flat=True)) == ["live-worker"]
    assert not WorkerHeartbeat.objects.filter(worker_id="dead-worker").exists()
    assert requeue_abandoned(now) == []  # a second sweep finds nothing more to do

    run_ready_entries()
    dead_job.refresh_from_db()
    assert dead_job.status == Job.Status.SUCCEEDED
    assert dead_job.attempts == 2


def test_a_job_that_keeps_killing_its_worker_stops(settings: Any, focal_point: Any) -> None:
    settings.TASKS = DATABASE_BACKEND
    job = enqueue_job(job_tasks.count_rows, actor=focal_point, title="Crashes", rows=1)
    Job.objects.filter(pk=job.pk).update(attempts=job.max_attempts)  # every attempt died with its worker

    run_ready_entries()

    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.error == "The job was interrupted too many times and has stopped."
    assert not job.result_file


def test_gcmhub_db_worker_is_the_one_with_heartbeats() -> None:
    # The library's command of the same name has no heartbeat; its jobs would be taken for abandoned.
    assert get_commands()["db_worker"] == "gcmhub.core"
