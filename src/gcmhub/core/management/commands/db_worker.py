"""`gcmhub db_worker`: django-tasks-db's worker, plus a heartbeat and the recovery of jobs whose worker died.

It replaces the library's command of the same name (gcmhub.core comes first in INSTALLED_APPS), so every
worker beats; a worker that did not would have its jobs taken for abandoned. See docs/jobs.md."""

import logging
import os
import signal
import threading
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from gcmhub.core.jobs import workers

logger = logging.getLogger(__name__)


class HeartbeatWorker(db_worker.Worker):
    """Beats from a thread (a long job blocks the main loop), and sweeps abandoned jobs back on the queue."""

    def __init__(self, *, stop_with_parent: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parent_pid = os.getppid() if stop_with_parent else None
        self._stopped = threading.Event()

    def run(self) -> None:
        beating = threading.Thread(target=self._keep_beating, name="gcmhub-heartbeat", daemon=True)
        try:
            self._beat_once()
            beating.start()
            super().run()
        finally:
            # Also when a signal stops the worker (SystemExit), even before its first job.
            self._stopped.set()
            if beating.is_alive():
                beating.join(timeout=settings.GCMHUB_WORKER_HEARTBEAT_SECONDS + 5)
            workers.forget(self.worker_id)

    def _keep_beating(self) -> None:
        try:
            while not self._stopped.wait(settings.GCMHUB_WORKER_HEARTBEAT_SECONDS):
                self._beat_once()
        finally:
            connection.close()  # this thread's own connection

    def _beat_once(self) -> None:
        try:
            workers.beat(self.worker_id)
            if requeued := workers.requeue_abandoned():
                logger.warning(
                    "Requeued %s job(s) abandoned by a stopped worker: %s", len(requeued), requeued
                )
        except DatabaseError:
            # A busy database (a long write elsewhere) delays one beat; the next one tries again.
            logger.warning("Worker %s could not record its heartbeat", self.worker_id, exc_info=True)
        if self.parent_pid is not None and os.getppid() != self.parent_pid:
            logger.warning("The process that started worker %s is gone; stopping", self.worker_id)
            os.kill(os.getpid(), signal.SIGTERM)


class Command(db_worker.Command):
    help = "Run the background worker (django-tasks-db) with a heartbeat and recovery of abandoned jobs."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--stop-with-parent",
            action="store_true",
            help="Stop (after the current job) when the process that started this worker exits.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        reload = options["reload"] and not options["batch"]
        worker = HeartbeatWorker(
            stop_with_parent=options["stop_with_parent"],
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            worker.configure_signals()  # only in the reloaded child, which runs the worker
        run_with_reloader(worker.run)
