"""Background jobs of calls for inputs (run by `gcmhub db_worker`)."""

import datetime

from django.utils.translation import gettext as _

from gcmhub.core.jobs import JobContext, job_task
from gcmhub.reporting import actions


@job_task()
def send_call_reminders(context: JobContext, *, today: str | None = None) -> None:
    """Remind the organizations that have not answered, on each call's reminder days (idempotent: a reminder
    already sent is never sent again, so a retry or a second run is harmless)."""
    day = datetime.date.fromisoformat(today) if today else None
    report = actions.send_reminders(actor=context.started_by, today=day)
    context.progress(
        len(report.organizations),
        len(report.organizations),
        _("%(emails)d reminder(s) sent to %(organizations)d organization(s).")
        % {"emails": report.sent, "organizations": len(report.organizations)},
    )
