"""Background jobs the project's way: `@job_task` defines one, `enqueue_job` starts one on behalf of a person,
and the task reports progress and leaves a result file through its `JobContext` (docs/jobs.md).

A failed attempt is retried a bounded number of times with a growing delay; every attempt is a new entry in
django-tasks-db's queue for the same `Job` row, which is what the person who started the job sees."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_QUEUE_NAME, TaskContext, task
from django_tasks.base import Task

from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import DomainError
from gcmhub.core.models import Job

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 3
MAX_RETRY_DELAY = timedelta(hours=1)

JobFunction = Callable[..., None]
JobTask = Task[..., None]


@dataclass(frozen=True)
class JobSpec:
    func: JobFunction
    max_attempts: int


# Every task defined with @job_task, by its module path (what the queue stores).
_job_specs: dict[str, JobSpec] = {}


class JobContext:
    """What a job's function gets as its first argument: who started it, which attempt this is, and the
    means to report progress and leave a result file."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self.attempt = job.attempts
        self.started_by_id = job.started_by_id

    @property
    def started_by(self) -> AbstractBaseUser | None:
        """The person who started the job (None if they were deleted): check permissions as them."""
        if self.started_by_id is None:
            return None
        return get_user_model().objects.filter(pk=self.started_by_id).first()

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        """Record how far the job got, e.g. `progress(40, 120, _("Sending reminders"))`. Written at once, so
        call it outside a transaction (between batches) or the page sees it only when the transaction ends."""
        Job.objects.filter(pk=self.job_id).update(
            progress_done=max(0, done), progress_total=total, progress_message=str(message)[:300]
        )

    def save_result(self, filename: str, content: bytes | str) -> None:
        """Keep the job's result file (replacing one an earlier attempt left); only the starter and the
        secretariat can download it."""
        job = Job.objects.get(pk=self.job_id)
        if job.result_file:
            job.result_file.delete(save=False)
        data = content.encode() if isinstance(content, str) else content
        job.result_file.save(filename, ContentFile(data), save=False)
        Job.objects.filter(pk=self.job_id).update(result_file=job.result_file.name)


def job_task(
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    queue_name: str = DEFAULT_TASK_QUEUE_NAME,
    priority: int = 0,
) -> Callable[[JobFunction], JobTask]:
    """Define a background job: a module-level function whose first argument is a `JobContext` and whose other
    arguments are keyword-only and JSON-serializable. Start it with `enqueue_job`."""
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")

    def define(func: JobFunction) -> JobTask:
        def run(context: TaskContext, job_id: int, **kwargs: Any) -> None:
            _run_attempt(func, context, job_id, kwargs)

        # The queue finds a task by its function's module path: the wrapper answers to the function's name.
        run.__module__ = func.__module__
        run.__name__ = func.__name__
        run.__qualname__ = func.__qualname__
        run.__doc__ = func.__doc__
        defined: JobTask = task(run, takes_context=True, queue_name=queue_name, priority=priority)
        _job_specs[defined.module_path] = JobSpec(func=func, max_attempts=max_attempts)
        return defined

    return define


def enqueue_job(job_task: JobTask, *, actor: Actor, title: str, **kwargs: Any) -> Job:
    """Start `job_task(**kwargs)` in the background on behalf of `actor`, who can follow it at /jobs/<id>/.
    `title` says what the job does, in the actor's words (e.g. "Reminders for the 2025 call")."""
    spec = _job_specs.get(job_task.module_path)
    if spec is None:
        raise TypeError(f"{job_task.module_path} is not defined with @job_task")
    job = Job.objects.create(
        task_path=job_task.module_path,
        title=str(title)[:200],
        started_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        max_attempts=spec.max_attempts,
    )
    _enqueue_attempt(job_task, job.pk, kwargs)
    job.refresh_from_db()  # a backend that runs tasks at once (tests) has already run it
    return job


def retry_delay(attempt: int) -> timedelta:
    """The wait after failed attempt number `attempt`: GCMHUB_JOB_RETRY_SECONDS, doubling, at most an hour."""
    delay = timedelta(seconds=settings.GCMHUB_JOB_RETRY_SECONDS * 2 ** max(0, attempt - 1))
    return min(delay, MAX_RETRY_DELAY)


def _enqueue_attempt(
    job_task: JobTask, job_id: int, kwargs: dict[str, Any], run_after: datetime | None = None
) -> None:
    scheduled = job_task
    if run_after is not None and job_task.get_backend().supports_defer:
        scheduled = job_task.using(run_after=run_after)
    result = scheduled.enqueue(job_id, **kwargs)
    # Until a worker claims it, the job points at its waiting queue entry.
    Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RETRYING]).update(
        task_result_id=result.id
    )


def _run_attempt(func: JobFunction, context: TaskContext, job_id: int, kwargs: dict[str, Any]) -> None:
    job = _claim(job_id, context)
    if job is None:
        logger.warning("Job %s is finished or gone; queue entry %s ignored", job_id, context.task_result.id)
        return
    with translation.override(job.language):
        if job.attempts > job.max_attempts:
            # Only a worker that died mid-job gets here: each death counted as an attempt.
            _finish(job, Job.Status.FAILED, _("The job was interrupted too many times and has stopped."))
            return
        try:
            func(JobContext(job), **kwargs)
        except Exception as exc:
            _after_failure(job, exc, context.task_result.task, kwargs)
            raise
        except (KeyboardInterrupt, SystemExit):
            _after_interruption(job, context.task_result.task, kwargs)
            raise
        _finish(job, Job.Status.SUCCEEDED, "")


def _claim(job_id: int, context: TaskContext) -> Job | None:
    """Mark the job running for this attempt, unless it already finished (a stale queue entry)."""
    result = context.task_result
    claimed = (
        Job.objects.filter(pk=job_id)
        .exclude(status__in=Job.FINISHED)
        .update(
            status=Job.Status.RUNNING,
            attempts=F("attempts") + 1,
            started_at=Coalesce(F("started_at"), timezone.now()),
            next_attempt_at=None,
            task_result_id=result.id,
            worker_id=result.worker_ids[-1] if result.worker_ids else "",
        )
    )
    return Job.objects.get(pk=job_id) if claimed else None


def _finish(job: Job, status: str, error: str) -> None:
    changes: dict[str, Any] = {"status": status, "error": error, "finished_at": timezone.now()}
    if status == Job.Status.SUCCEEDED:
        changes["progress_done"] = Coalesce(F("progress_total"), F("progress_done"))
    Job.objects.filter(pk=job.pk).update(**changes)


def _after_failure(job: Job, exc: Exception, job_task: JobTask, kwargs: dict[str, Any]) -> None:
    """Try again later while attempts remain; otherwise stop with the error the starter will see."""
    error = _safe_message(exc)
    if job.attempts >= job.max_attempts:
        logger.error("Job %s (%s) failed for good after %s attempts", job.pk, job.task_path, job.attempts)
        _finish(job, Job.Status.FAILED, error)
        return
    delay = retry_delay(job.attempts)
    logger.warning(
        "Job %s (%s) attempt %s failed; retrying in %s", job.pk, job.task_path, job.attempts, delay
    )
    next_attempt_at = timezone.now() + delay
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.RETRYING, error=error, next_attempt_at=next_attempt_at
    )
    _enqueue_attempt(job_task, job.pk, kwargs, run_after=next_attempt_at)


def _after_interruption(job: Job, job_task: JobTask, kwargs: dict[str, Any]) -> None:
    """The worker is being stopped mid-job: put the job back, and don't count the attempt against it."""
    if not job_task.get_backend().supports_defer:  # nothing would ever run it again
        _finish(job, Job.Status.FAILED, _("The job was interrupted."))
        return
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, attempts=F("attempts") - 1)
    _enqueue_attempt(job_task, job.pk, kwargs)


def _safe_message(exc: Exception) -> str:
    """A domain error's message is written for the user; anything else is a bug, whose details stay in the
    log."""
    if isinstance(exc, DomainError):
        return exc.message
    return _("Something went wrong while running this job. The error has been logged for the secretariat.")
