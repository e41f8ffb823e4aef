"""`gcmhub serve`: the production server (gunicorn), static files served by WhiteNoise, and a background
worker (`gcmhub db_worker`) beside it that stops with the server (docs/jobs.md)."""

import os
import signal
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

# How long the worker gets to finish its current job once the server stops; the job is requeued if cut short.
WORKER_STOP_SECONDS = 30


class Command(BaseCommand):
    help = "Serve GCM Hub with gunicorn, with a background worker beside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("GCMHUB_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GCMHUB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GCMHUB_THREADS", "4")))
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="with_worker",
            default=settings.GCMHUB_SERVE_WORKER,
            help="Do not start a background worker (where workers run as their own service).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = [
            "gunicorn",
            "gcmhub.config.wsgi:application",
            f"--bind={options['bind']}",
            f"--workers={options['workers']}",
            f"--threads={options['threads']}",
        ]
        if not settings.GCMHUB_REQUEST_LOG:
            # Our request log (JSON, with request ids and users) replaces gunicorn's access log when on.
            argv.append("--access-logfile=-")
        worker = start_worker() if options["with_worker"] else None
        self.stdout.write(f"GCM Hub is serving on http://{options['bind']}/")
        # gunicorn reads its options from sys.argv.
        sys.argv = argv
        try:
            WSGIApplication("%(prog)s [OPTIONS]", prog="gcmhub serve").run()
        finally:
            # gunicorn leaves by SystemExit (Ctrl-C, SIGTERM, a failed start): the worker goes with it.
            if worker is not None:
                stop_worker(worker)


def start_worker() -> "subprocess.Popen[bytes]":
    """`gcmhub db_worker` as a child process; it also stops by itself if this process disappears."""
    command = [sys.executable, "-m", "gcmhub.cli", "db_worker", "--no-reload", "--stop-with-parent"]
    return subprocess.Popen(command)


def stop_worker(worker: "subprocess.Popen[bytes]") -> None:
    """Ask the worker to stop (it finishes or requeues its job), and kill it if it does not in time."""
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()  # its job is requeued by the next worker (docs/jobs.md)
        worker.wait()
