"""Calls for practices: a theme and a deadline that group submissions."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.knowledge.models import CallForPractices
from gcmhub.reference.models import Objective


@transaction.atomic
def create_call(
    *,
    actor: AnyUser,
    title: str,
    theme: str,
    deadline: datetime.date,
    description: str = "",
    objectives: list[int] | None = None,
) -> CallForPractices:
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may open a call for practices."))
    if not title.strip() or not theme.strip():
        raise ValidationFailed(_("A call needs a title and a theme."), code="invalid_call")
    if deadline < timezone.localdate():
        raise ValidationFailed(_("The deadline cannot be in the past."), code="past_deadline")
    found = list(Objective.objects.filter(number__in=objectives or []))
    if len(found) != len(set(objectives or [])):
        raise ValidationFailed(_("Unknown GCM objective."), code="unknown_objective")
    with acting_as(actor):
        call = CallForPractices.objects.create(
            title=title.strip()[:250],
            theme=theme.strip()[:250],
            description=description.strip(),
            deadline=deadline,
            created_by_id=actor.pk,
        )
        call.objectives.set(found)
    return call
