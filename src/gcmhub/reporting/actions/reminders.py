"""Reminders before a call closes, to the expected organizations that have not submitted."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gcmhub.accounts.queries import AnyUser
from gcmhub.core.audit import acting_as
from gcmhub.reporting import notifications
from gcmhub.reporting.models import Call, ReminderLog, Response, ResponseStatus
from gcmhub.reporting.queries import expected_organizations


@dataclass
class ReminderReport:
    sent: int = 0  # e-mails
    organizations: list[str] = field(default_factory=list)


def due_reminders(today: datetime.date) -> list[tuple[Call, int]]:
    """(call, days before closing) for every published call with a reminder due today."""
    due = []
    for call in Call.objects.filter(published_at__isnull=False, opens_on__lte=today, closes_on__gte=today):
        days = (call.closes_on - today).days
        if days in call.reminder_days:
            due.append((call, days))
    return due


@transaction.atomic
def send_reminders(*, actor: AnyUser | None = None, today: datetime.date | None = None) -> ReminderReport:
    """Remind, in their own language, the people of every expected organization that has not submitted.
    Each (call, organization, day) is reminded once, however often this runs."""
    today = today or timezone.localdate()
    report = ReminderReport()
    with acting_as(actor):
        for call, days in due_reminders(today):
            submitted = set(
                Response.objects.filter(call=call, status=ResponseStatus.SUBMITTED).values_list(
                    "organization_id", flat=True
                )
            )
            reminded = set(
                ReminderLog.objects.filter(call=call, days_before=days).values_list(
                    "organization_id", flat=True
                )
            )
            for audience in call.audiences:
                for organization in expected_organizations(call, audience):
                    if organization.pk in submitted | reminded:
                        continue
                    count = notifications.remind(call, organization, audience, days)
                    ReminderLog.objects.create(
                        call=call, organization=organization, days_before=days, recipients=count
                    )
                    reminded.add(organization.pk)
                    if count:
                        report.sent += count
                        report.organizations.append(organization.acronym)
    return report
