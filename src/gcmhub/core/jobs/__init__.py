"""Background jobs: define one with `@job_task`, start it with `enqueue_job` (docs/jobs.md)."""

from gcmhub.core.jobs.tasks import JobContext, enqueue_job, job_task, retry_delay
from gcmhub.core.jobs.workers import live_workers

__all__ = ["JobContext", "enqueue_job", "job_task", "live_workers", "retry_delay"]
