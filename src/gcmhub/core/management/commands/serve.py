"""`gcmhub serve`: the production server (gunicorn), static files served by WhiteNoise."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve GCM Hub with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("GCMHUB_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GCMHUB_WORKERS", "2")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("GCMHUB_THREADS", "4")))

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = [
            "gunicorn",
            "gcmhub.config.wsgi:application",
            f"--bind={options['bind']}",
            f"--workers={options['workers']}",
            f"--threads={options['threads']}",
            "--access-logfile=-",
        ]
        self.stdout.write(f"GCM Hub is serving on http://{options['bind']}/")
        # gunicorn reads its options from sys.argv.
        sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS]", prog="gcmhub serve").run()
