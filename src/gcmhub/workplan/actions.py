"""Every write to the work plan's tracking: keyword-only actor, one transaction, one audit event."""

import datetime
from collections.abc import Collection

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ActivityStatus, LeadSource, ProgressUpdate
from gcmhub.workplan.queries import access_activity_for_update

# Tracking fields that `update_activity(clear=…)` may empty.
CLEARABLE_FIELDS = frozenset({"lead", "planned_start", "planned_end"})


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationFailed(
            gettext("The planned end cannot be before the planned start."), code="dates_reversed"
        )


def _unknown_status(status: str) -> str:
    return gettext("Unknown status %(status)s; use one of: %(statuses)s.") % {
        "status": status,
        "statuses": ", ".join(ActivityStatus.values),
    }


def _check_current(activity: Activity) -> None:
    # Tracking carries over to each new version, so changes to a replaced version would be lost.
    version = activity.result.section.version
    if not version.is_current:
        raise ValidationFailed(
            gettext(
                "This activity belongs to version %(number)s of the work plan, which has been replaced; "
                "update the activity in the current version instead."
            )
            % {"number": version.number},
            code="version_replaced",
        )


@transaction.atomic
def update_activity(
    *,
    actor: AbstractBaseUser,
    activity_id: int,
    status: str | None = None,
    lead: Organization | None = None,
    participants: list[Organization] | None = None,
    planned_start: datetime.date | None = None,
    planned_end: datetime.date | None = None,
    clear: Collection[str] = (),
) -> Activity:
    """Change an activity's tracking fields; fields left as None keep their value, and the fields named in
    `clear` (lead, planned_start, planned_end) are emptied."""
    activity = access_activity_for_update(actor, activity_id)
    _check_current(activity)
    if unknown := set(clear) - CLEARABLE_FIELDS:
        raise ValidationFailed(
            gettext("These fields cannot be cleared: %(fields)s.") % {"fields": ", ".join(sorted(unknown))},
            code="bad_clear",
        )
    if status is not None and status not in ActivityStatus.values:
        raise ValidationFailed(_unknown_status(status), code="bad_status")
    new_start = planned_start if planned_start is not None else activity.planned_start
    new_end = planned_end if planned_end is not None else activity.planned_end
    new_start = None if "planned_start" in clear else new_start
    new_end = None if "planned_end" in clear else new_end
    _check_dates(new_start, new_end)
    with acting_as(actor):
        if status is not None:
            activity.status = status
        if lead is not None and lead.pk != activity.lead_id:
            activity.lead, activity.lead_source = lead, LeadSource.MANUAL
        elif lead is None and "lead" in clear and activity.lead_id is not None:
            # Removing a proposed lead is a choice too: a re-import must not propose it again.
            activity.lead, activity.lead_source = None, LeadSource.MANUAL
        activity.planned_start, activity.planned_end = new_start, new_end
        activity.save()
        if participants is not None:
            activity.participants.set(participants)
    return activity


@transaction.atomic
def add_progress_update(
    *,
    actor: AbstractBaseUser,
    activity_id: int,
    text: str,
    status: str,
    date: datetime.date | None = None,
    evidence_url: str = "",
) -> ProgressUpdate:
    """Record progress on an activity and move it to `status`."""
    activity = access_activity_for_update(actor, activity_id)
    _check_current(activity)
    if not text.strip():
        raise ValidationFailed(gettext("Describe the progress made."), code="empty_text")
    if status not in ActivityStatus.values:
        raise ValidationFailed(_unknown_status(status), code="bad_status")
    with acting_as(actor):
        update = ProgressUpdate(
            activity=activity, text=text.strip(), status=status, evidence_url=evidence_url, author_id=actor.pk
        )
        if date is not None:
            update.date = date
        try:
            update.full_clean(exclude=["author"])
        except ValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages), code="invalid_update") from exc
        update.save()
        if activity.status != status:
            activity.status = status
            activity.save()
    return update
