"""Base models shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Job(models.Model):
    """A background job someone started: what it is, how far it got, how it ended (docs/jobs.md).

    The queue itself is django-tasks-db's table; this row is what the person who started the job sees, and it
    outlives the attempts (each retry is a new queue entry for the same job)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        RETRYING = "retrying", _("Waiting to try again")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    task_path = models.CharField(max_length=255)
    title = models.CharField(max_length=200)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    # The starter's language: progress messages and errors are written in it.
    language = models.CharField(max_length=16, default=settings.LANGUAGE_CODE)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(null=True, blank=True)
    progress_message = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    # Safe to show to the person who started the job; the traceback stays in the queue's table and the log.
    error = models.TextField(blank=True)
    result_file = models.FileField(upload_to="jobs/%Y/%m/", blank=True)
    # The queue entry of the latest attempt, and the worker that ran it.
    task_result_id = models.CharField(max_length=64, blank=True, db_index=True)
    worker_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["started_by", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent_done(self) -> int | None:
        """Progress as a whole percentage, or None while the amount of work is unknown."""
        if not self.progress_total:
            return None
        return min(100, self.progress_done * 100 // self.progress_total)


class WorkerHeartbeat(models.Model):
    """A running `gcmhub db_worker` and when it last said it was alive. A job held by a worker whose heartbeat
    is older than GCMHUB_WORKER_LEASE_SECONDS is requeued (docs/jobs.md)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.hostname} (pid {self.pid})"
