"""`gcmhub send_event_reminders`: run every hour (cron or a systemd timer) to remind the people holding a seat
at events starting within the next day, once per event. It queues the job for the worker; `--now` runs it in
this process instead."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from gcmhub.core.jobs import enqueue_job
from gcmhub.events import actions
from gcmhub.events.tasks import send_event_reminders


class Command(BaseCommand):
    help = "Remind participants of events starting within the next day (each event once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="How far ahead to look (hours).")
        parser.add_argument("--now", action="store_true", help="Run in this process instead of queueing.")

    def handle(self, *args: Any, **options: Any) -> None:
        hours = max(1, min(int(options["hours"]), 24 * 14))
        if options["now"]:
            count = actions.send_reminders(actor=None, ahead=datetime.timedelta(hours=hours))
            self.stdout.write(_("Participants of %(count)d event(s) reminded.") % {"count": count})
            return
        job = enqueue_job(send_event_reminders, actor=None, title=_("Event reminders"), hours=hours)
        self.stdout.write(_("Job %(id)d (%(status)s) queued.") % {"id": job.pk, "status": job.status})
