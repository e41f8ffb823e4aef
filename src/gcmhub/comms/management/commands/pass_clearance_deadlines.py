"""`gcmhub pass_clearance_deadlines`: run every few minutes (cron or a systemd timer) to apply the silence
procedure to clearance rounds past their deadline and tell owners of stale talking points. It queues the jobs
for the worker; `--now` runs them in this process instead."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gcmhub.comms import actions, watch
from gcmhub.comms.tasks import pass_clearance_deadlines, send_stale_talking_point_notices
from gcmhub.core.jobs import enqueue_job


class Command(BaseCommand):
    help = "Count silence as clearance where a statement's deadline has passed under the silence procedure."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", action="store_true", help="Run in this process instead of queueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            report = actions.pass_deadlines(actor=None)
            stale = watch.notify_stale_talking_points(actor=None)
            self.stdout.write(
                f"{report.silent} answer(s) counted as cleared by silence on {len(report.closed)} "
                f"statement(s); {stale} owner(s) told of stale talking points."
            )
            return
        job = enqueue_job(pass_clearance_deadlines, actor=None, title="Clearance deadlines")
        notices = enqueue_job(send_stale_talking_point_notices, actor=None, title="Stale talking points")
        self.stdout.write(f"Jobs {job.pk} ({job.status}) and {notices.pk} ({notices.status}) queued.")
