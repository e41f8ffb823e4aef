"""Worker heartbeats and the recovery of jobs whose worker died (docs/jobs.md).

Every `gcmhub db_worker` records a heartbeat every GCMHUB_WORKER_HEARTBEAT_SECONDS. A queue entry still marked
running by a worker whose heartbeat is older than GCMHUB_WORKER_LEASE_SECONDS (killed, machine lost) goes back
on the queue, and the next worker runs it again; tasks are written to be idempotent for that reason."""

import os
import socket
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from gcmhub.core.models import Job, WorkerHeartbeat


def lease() -> timedelta:
    return timedelta(seconds=settings.GCMHUB_WORKER_LEASE_SECONDS)


def beat(worker_id: str) -> None:
    """Record that this worker is alive (creating its row on the first beat)."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"seen_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        create_defaults={
            "seen_at": now,
            "started_at": now,
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
        },
    )


def forget(worker_id: str) -> None:
    """A worker that stops cleanly removes its heartbeat: it holds no job any more."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def live_workers(now: datetime | None = None) -> "QuerySet[WorkerHeartbeat]":
    """The workers that gave a sign of life within the lease (for /healthz and the recovery below)."""
    return WorkerHeartbeat.objects.filter(seen_at__gte=(now or timezone.now()) - lease())


def requeue_abandoned(now: datetime | None = None) -> list[str]:
    """Put back on the queue every entry held by a worker that stopped beating; returns their ids."""
    now = now or timezone.now()
    cutoff = now - lease()
    alive = set(live_workers(now).values_list("worker_id", flat=True))
    requeued = []
    running = (
        DBTaskResult.objects.running().filter(started_at__lt=cutoff).only("id", "worker_ids", "started_at")
    )
    for entry in running:
        holder = entry.worker_ids[-1] if entry.worker_ids else ""
        if holder in alive:
            continue
        # Conditional, so two workers sweeping at once requeue an entry only once.
        back = DBTaskResult.objects.filter(
            pk=entry.pk, status=TaskResultStatus.RUNNING, started_at=entry.started_at
        ).update(status=TaskResultStatus.READY)
        if back:
            requeued.append(str(entry.pk))
    if requeued:
        Job.objects.filter(task_result_id__in=requeued, status=Job.Status.RUNNING).update(
            status=Job.Status.QUEUED
        )
    WorkerHeartbeat.objects.filter(seen_at__lt=cutoff).delete()
    return requeued
