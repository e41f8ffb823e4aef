"""Background work of the events app (run by `gcmhub db_worker`): its e-mails and the reminders."""

import datetime

from django.utils.translation import gettext as _
from django_tasks import task

from gcmhub.core.jobs import JobContext, job_task
from gcmhub.events import actions, notifications


@task()
def send_event_email(kind: str, registration_id: int | None = None, event_id: int | None = None) -> None:
    """One e-mail about a registration (confirmation, waiting list, promotion) or to an event's
    participants."""
    notifications.deliver(kind, registration_id=registration_id, event_id=event_id)


@job_task()
def send_event_reminders(context: JobContext, *, hours: int = 24) -> None:
    """Remind participants of events starting within `hours` (idempotent: each event is reminded once)."""
    count = actions.send_reminders(actor=context.started_by, ahead=datetime.timedelta(hours=hours))
    context.progress(count, count, _("Participants of %(count)d event(s) reminded.") % {"count": count})
