"""`gcmhub send_call_reminders`: run once a day (cron or a systemd timer) to remind, before each call's
closing date, the organizations that have not answered. It queues the job for the worker; `--now` sends
in this process instead."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.jobs import enqueue_job
from gcmhub.reporting import actions
from gcmhub.reporting.tasks import send_call_reminders


class Command(BaseCommand):
    help = "Remind organizations that have not answered a call for inputs before it closes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"]
        if today:
            try:
                datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError("--date must be a date like 2026-05-31.") from None
        if options["now"]:
            report = actions.send_reminders(today=datetime.date.fromisoformat(today) if today else None)
            self.stdout.write(
                f"{report.sent} reminder(s) sent to {len(report.organizations)} organization(s)"
                + (f": {', '.join(report.organizations)}" if report.organizations else "")
            )
            return
        job = enqueue_job(
            send_call_reminders, actor=None, title="Reminders for calls for inputs", today=today
        )
        self.stdout.write(f"Job {job.pk} queued ({job.status}).")
