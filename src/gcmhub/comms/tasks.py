"""Background jobs of the comms app (run by `gcmhub db_worker`)."""

from django.utils.translation import gettext as _

from gcmhub.comms import actions, watch
from gcmhub.core.jobs import JobContext, job_task


@job_task()
def pass_clearance_deadlines(context: JobContext) -> None:
    """Apply the silence procedure to every clearance round whose deadline has passed (idempotent)."""
    report = actions.pass_deadlines(actor=context.started_by)
    context.progress(
        len(report.closed),
        len(report.closed),
        _("%(answers)d answer(s) counted as cleared by silence on %(statements)d statement(s).")
        % {"answers": report.silent, "statements": len(report.closed)},
    )


@job_task()
def send_stale_talking_point_notices(context: JobContext) -> None:
    """E-mail each owner whose talking points are past their review-by date, once per date."""
    sent = watch.notify_stale_talking_points(actor=context.started_by)
    context.progress(sent, sent, _("%(count)d owner(s) told of stale talking points.") % {"count": sent})
