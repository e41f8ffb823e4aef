"""Reads of the events app and who may do what (`access_*`), used by pages, API, commands and tasks alike.

Who: the secretariat and Network members' focal points create events; the secretariat or the event's creator
edits it. Everyone sees published open events; Member States-only events are seen by Member State focal
points, Network members-only events by the Network's own people; the secretariat and the creator see all.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import (
    AnyUser,
    has_role,
    is_network_member,
    is_secretariat,
    network_organizations_for,
)
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.events.models import Audience, Event, EventStatus, Registration, RegistrationStatus


def can_create(user: AnyUser) -> bool:
    """The secretariat, or a focal point of an organization marked as a Network member."""
    return is_secretariat(user) or network_organizations_for(user, Role.FOCAL_POINT).exists()


def check_may_create(user: AnyUser) -> None:
    if not can_create(user):
        raise PermissionDenied(
            _("Only the secretariat or a Network member's focal point may create an event."),
            code="may_not_create",
        )


def audiences_for(user: AnyUser) -> list[str]:
    """The audiences whose events `user` may see and register for."""
    allowed = [Audience.OPEN.value]
    if is_secretariat(user) or has_role(user, Role.MEMBER_STATE):
        allowed.append(Audience.MEMBER_STATES.value)
    if is_network_member(user):
        allowed.append(Audience.NETWORK_MEMBERS.value)
    return allowed


def public_events() -> "QuerySet[Event]":
    """What an anonymous reader, the public feed and the search index see."""
    return Event.objects.filter(audience=Audience.OPEN).exclude(status=EventStatus.DRAFT)


def visible_events(user: AnyUser) -> "QuerySet[Event]":
    if is_secretariat(user):
        return Event.objects.all()
    shown = Q(audience__in=audiences_for(user)) & ~Q(status=EventStatus.DRAFT)
    if user.is_authenticated:
        shown |= Q(created_by_id=user.pk)
    return Event.objects.filter(shown)


def access_event(user: AnyUser, event_id: int) -> Event:
    """The event, if `user` may see it; otherwise 404, so a members-only event's existence is not told."""
    found = visible_events(user).filter(pk=event_id).first()
    if found is None:
        raise NotFound(_("There is no such event."))
    return found


def can_edit(user: AnyUser, event: Event) -> bool:
    return is_secretariat(user) or (user.is_authenticated and event.created_by_id == user.pk)


def access_event_for_edit(user: AnyUser, event_id: int) -> Event:
    found = access_event(user, event_id)
    if not can_edit(user, found):
        raise PermissionDenied(
            _("Only the secretariat or the event's organizer may change it."), code="not_organizer"
        )
    return found


def may_register(user: AnyUser, event: Event) -> bool:
    return user.is_authenticated and event.audience in audiences_for(user)


def registration_of(user: AnyUser, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(event=event, user_id=user.pk).first()


def confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()


def waiting_list(event: Event) -> "QuerySet[Registration]":
    """First come, first seated."""
    return event.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by("created_at", "pk")


def seats_left(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(0, event.capacity - confirmed_count(event))


def registrations_for_organizer(user: AnyUser, event: Event) -> "QuerySet[Registration]":
    if not can_edit(user, event):
        raise PermissionDenied(_("Only the secretariat or the event's organizer may see who registered."))
    return event.registrations.select_related("user").exclude(status=RegistrationStatus.CANCELLED)


def upcoming(events: "QuerySet[Event]") -> "QuerySet[Event]":
    return events.filter(ends_at__gte=timezone.now())


def past(events: "QuerySet[Event]") -> "QuerySet[Event]":
    return events.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")


def due_for_reminder(now: datetime.datetime, ahead: datetime.timedelta) -> "QuerySet[Event]":
    """Published events starting within `ahead` whose participants have not been reminded yet."""
    return Event.objects.filter(
        status=EventStatus.PUBLISHED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ahead,
    )


@dataclass(frozen=True)
class MonthEvent:
    event: Event
    confirmed: int
    waitlisted: int


def events_this_month(user: AnyUser, today: datetime.date | None = None) -> list[MonthEvent]:
    """The dashboard's events starting this calendar month (UTC), with their registrations."""
    today = today or timezone.now().date()
    first = today.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    found = (
        visible_events(user)
        .exclude(status=EventStatus.CANCELLED)
        .filter(starts_at__date__gte=first, starts_at__date__lt=following)
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
        )
    )
    return [MonthEvent(event=e, confirmed=e.confirmed, waitlisted=e.waitlisted) for e in found]
