"""Every write to the work plan's tracking: keyword-only actor, one transaction, one audit event."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ActivityStatus, ProgressUpdate
from gcmhub.workplan.queries import access_activity_for_update


def _check_dates(start: datetime.date | None, end: datetime.date | None) -> None:
    if start and end and end < start:
        raise ValidationFailed("The planned end cannot be before the planned start.", code="dates_reversed")


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
) -> Activity:
    """Change an activity's tracking fields; fields left as None keep their value."""
    activity = access_activity_for_update(actor, activity_id)
    if status is not None and status not in ActivityStatus.values:
        raise ValidationFailed(f"Unknown status {status!r}.", code="bad_status")
    new_start = planned_start if planned_start is not None else activity.planned_start
    new_end = planned_end if planned_end is not None else activity.planned_end
    _check_dates(new_start, new_end)
    with acting_as(actor):
        if status is not None:
            activity.status = status
        if lead is not None:
            activity.lead = lead
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
    if not text.strip():
        raise ValidationFailed("Describe the progress made.", code="empty_text")
    if status not in ActivityStatus.values:
        raise ValidationFailed(f"Unknown status {status!r}.", code="bad_status")
    with acting_as(actor):
        update = ProgressUpdate(
            activity=activity, text=text.strip(), status=status, evidence_url=evidence_url, author=actor
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
