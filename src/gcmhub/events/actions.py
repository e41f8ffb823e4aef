"""Every write of the events app: keyword-only `actor`, one transaction, audited (django-auditlog records each
row's change under one correlation id).

Registration is safe under concurrency: the event row is locked (SELECT … FOR UPDATE on PostgreSQL; SQLite
runs write transactions one at a time, IMMEDIATE) before seats are counted, so two people can never both take
the last seat."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.core.actors import acting_user
from gcmhub.core.audit import acting_as, record_event
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.events import notifications, queries
from gcmhub.events.models import (
    LANGUAGE_CODES,
    TIME_ZONES,
    Audience,
    Event,
    EventStatus,
    Kind,
    Material,
    MaterialKind,
    Mode,
    Registration,
    RegistrationStatus,
)
from gcmhub.knowledge import queries as knowledge_queries
from gcmhub.reference.models import Country, Objective
from gcmhub.workplan import queries as workplan_queries


@dataclass
class EventDetails:
    """What an organizer says about an event. Times are aware datetimes (any zone; stored in UTC)."""

    title: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str = "UTC"
    description: str = ""
    language: str = "en"
    kind: str = Kind.WORKSHOP
    mode: str = Mode.ONLINE
    audience: str = Audience.OPEN
    venue: str = ""
    online_url: str = ""
    languages: list[str] = field(default_factory=lambda: ["en"])
    interpretation: list[str] = field(default_factory=list)
    capacity: int | None = None
    objectives: list[int] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)  # ISO 3166 alpha-3
    activities: list[int] = field(default_factory=list)  # work plan activities (current version)
    practices: list[int] = field(default_factory=list)  # published knowledge resources


def _choice_problems(details: EventDetails) -> list[str]:
    problems = []
    if details.kind not in Kind.values:
        problems.append(_("Choose the kind of event."))
    if details.mode not in Mode.values:
        problems.append(_("Choose whether the event is online, hybrid or in person."))
    if details.audience not in Audience.values:
        problems.append(_("Choose who the event is for."))
    if details.time_zone not in TIME_ZONES:
        problems.append(_("The time zone must be a zone name such as Africa/Nairobi or UTC."))
    codes = {details.language, *details.languages, *details.interpretation}
    if not details.languages or not codes <= LANGUAGE_CODES:
        problems.append(_("The languages must be among the six UN languages."))
    return problems


def _time_problems(details: EventDetails) -> list[str]:
    if timezone.is_naive(details.starts_at) or timezone.is_naive(details.ends_at):
        return [_("Give the start and end with their time zone.")]
    if details.ends_at <= details.starts_at:
        return [_("The event must end after it starts.")]
    return []


def _checked(details: EventDetails) -> EventDetails:
    problems = []
    if not details.title.strip():
        problems.append(_("Give the event a title."))
    if len(details.title) > 250:
        problems.append(_("The title is too long (250 characters at most)."))
    if details.capacity is not None and details.capacity < 1:
        problems.append(_("The number of seats must be at least 1, or left empty for no limit."))
    if details.mode != Mode.ONLINE and not details.venue.strip():
        problems.append(_("Say where an in-person or hybrid event takes place."))
    problems += _choice_problems(details) + _time_problems(details)
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_event")
    return details


def _links(details: EventDetails) -> tuple[list[Objective], list[Country]]:
    objectives = list(Objective.objects.filter(number__in=set(details.objectives)))
    codes = {code.upper() for code in details.countries}
    countries = list(Country.objects.filter(iso3__in=codes))
    if len(objectives) != len(set(details.objectives)):
        raise ValidationFailed(_("Unknown GCM objective."), code="unknown_objective")
    if len(countries) != len(codes):
        raise ValidationFailed(_("Unknown country code."), code="unknown_country")
    return objectives, countries


def _other_apps_links(details: EventDetails) -> tuple[list[int], list[int]]:
    """Work plan activities and published practices, read through their apps' queries."""
    activities = list(
        workplan_queries.filter_activities()
        .filter(pk__in=set(details.activities))
        .values_list("pk", flat=True)
    )
    practices = list(
        knowledge_queries.published_resources()
        .filter(pk__in=set(details.practices))
        .values_list("pk", flat=True)
    )
    if len(activities) != len(set(details.activities)):
        raise ValidationFailed(_("Unknown work plan activity."), code="unknown_activity")
    if len(practices) != len(set(details.practices)):
        raise ValidationFailed(_("Unknown or unpublished practice."), code="unknown_practice")
    return activities, practices


def _save_details(event: Event, details: EventDetails) -> None:
    objectives, countries = _links(details)
    activities, practices = _other_apps_links(details)
    for name in ("kind", "mode", "audience", "language", "time_zone", "capacity", "starts_at", "ends_at"):
        setattr(event, name, getattr(details, name))
    event.title = details.title.strip()
    event.description = details.description.strip()
    event.venue = details.venue.strip()
    event.online_url = details.online_url.strip()
    event.languages = ",".join(dict.fromkeys(details.languages))
    event.interpretation = ",".join(dict.fromkeys(details.interpretation))
    event.save()
    event.objectives.set(objectives)
    event.countries.set(countries)
    event.activities.set(activities)
    event.practices.set(practices)


@transaction.atomic
def create_event(*, actor: AnyUser, details: EventDetails) -> Event:
    """The secretariat or a Network member's focal point creates an event, as a draft."""
    queries.check_may_create(actor)
    _checked(details)
    with acting_as(actor):
        event = Event(created_by_id=actor.pk)
        _save_details(event, details)
    return event


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def edit_event(*, actor: AnyUser, event_id: int, details: EventDetails) -> Event:
    """Change an event; calendars that subscribed get the new version (its SEQUENCE goes up)."""
    event = _locked(queries.access_event_for_edit(actor, event_id))
    _checked(details)
    if details.capacity is not None and details.capacity < queries.confirmed_count(event):
        raise ValidationFailed(
            _("%(count)d people already hold a seat: there cannot be fewer seats than that.")
            % {"count": queries.confirmed_count(event)},
            code="capacity_below_confirmed",
        )
    with acting_as(actor):
        if event.status != EventStatus.DRAFT:
            event.sequence += 1
        _save_details(event, details)
        _fill_free_seats(event)
    return event


@transaction.atomic
def publish_event(*, actor: AnyUser, event_id: int) -> Event:
    event = _locked(queries.access_event_for_edit(actor, event_id))
    if event.status != EventStatus.DRAFT:
        raise ValidationFailed(_("Only a draft can be published."), code="not_draft")
    with acting_as(actor):
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
    return event


@transaction.atomic
def cancel_event(*, actor: AnyUser, event_id: int) -> Event:
    """Call the event off; calendars show it cancelled and everyone registered is told."""
    event = _locked(queries.access_event_for_edit(actor, event_id))
    if event.status == EventStatus.CANCELLED:
        raise ValidationFailed(_("The event is already cancelled."), code="already_cancelled")
    with acting_as(actor):
        event.status = EventStatus.CANCELLED
        event.sequence += 1
        event.save(update_fields=["status", "sequence", "updated_at"])
    notifications.event_cancelled(event)
    return event


def _check_open_for_registration(actor: AnyUser, event: Event) -> User:
    """The person registering, once the event is found open to them."""
    person = acting_user(actor)
    if person is None or not queries.may_register(actor, event):
        raise PermissionDenied(_("This event is not open to you."), code="not_in_audience")
    if event.status != EventStatus.PUBLISHED:
        raise ValidationFailed(_("This event does not take registrations."), code="not_open")
    if event.ends_at <= timezone.now():
        raise ValidationFailed(_("This event is over."), code="event_over")
    return person


@transaction.atomic
def register(*, actor: AnyUser, event_id: int) -> Registration:
    """Take a seat, or a place on the waiting list when every seat is taken."""
    event = _locked(queries.access_event(actor, event_id))
    person = _check_open_for_registration(actor, event)
    existing = queries.registration_of(actor, event)
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationFailed(_("You are already registered for this event."), code="already_registered")
    left = queries.seats_left(event)
    status = RegistrationStatus.WAITLISTED if left == 0 else RegistrationStatus.CONFIRMED
    with acting_as(actor):
        registration = existing or Registration(event=event, user=person)
        registration.status = status
        registration.created_at = timezone.now()  # a returning person joins the end of the queue
        registration.save()
    notifications.registered(registration)
    return registration


@transaction.atomic
def cancel_registration(*, actor: AnyUser, event_id: int) -> Registration:
    """Give up one's seat (or waiting-list place); a freed seat goes to the first person waiting."""
    event = _locked(queries.access_event(actor, event_id))
    registration = queries.registration_of(actor, event)
    if registration is None or registration.status == RegistrationStatus.CANCELLED:
        raise ValidationFailed(_("You are not registered for this event."), code="not_registered")
    with acting_as(actor):
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        _fill_free_seats(event)
    return registration


def _fill_free_seats(event: Event) -> None:
    """Seat people from the waiting list, first come first seated, while seats are free (event row locked)."""
    left = queries.seats_left(event)
    waiting = list(queries.waiting_list(event))
    promoted = waiting if left is None else waiting[:left]
    for registration in promoted:
        registration.status = RegistrationStatus.CONFIRMED
        registration.save(update_fields=["status", "updated_at"])
        notifications.promoted(registration)


@transaction.atomic
def record_attendance(*, actor: AnyUser, event_id: int, attended_user_ids: list[int]) -> int:
    """The organizer marks who came (everyone else confirmed is marked absent); the number who attended."""
    event = _locked(queries.access_event_for_edit(actor, event_id))
    confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    unknown = set(attended_user_ids) - set(confirmed.values_list("user_id", flat=True))
    if unknown:
        raise ValidationFailed(
            _("Only people holding a seat can be marked as attending."), code="not_confirmed"
        )
    with acting_as(actor):
        for registration in confirmed:
            registration.attended = registration.user_id in attended_user_ids
            registration.save(update_fields=["attended", "updated_at"])
    return len(set(attended_user_ids))


@transaction.atomic
def add_material(
    *, actor: AnyUser, event_id: int, title: str, url: str, kind: str, language: str
) -> Material:
    """Share a material or a recording (a link) on the event's page."""
    event = queries.access_event_for_edit(actor, event_id)
    problems = []
    if not title.strip() or len(title) > 250:
        problems.append(_("Give the material a title (250 characters at most)."))
    if not url.startswith(("https://", "http://")) or len(url) > 200:
        problems.append(_("The link must be a web address starting with https://."))
    if kind not in MaterialKind.values or language not in LANGUAGE_CODES:
        problems.append(_("Choose the kind and language of the material."))
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_material")
    with acting_as(actor):
        return Material.objects.create(
            event=event, title=title.strip(), url=url, kind=kind, language=language
        )


def send_reminders(*, actor: AnyUser | None, ahead: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Remind everyone holding a seat at events starting within `ahead`; each event once. Events reminded."""
    reminded = 0
    for event in queries.due_for_reminder(timezone.now(), ahead):
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            if locked.reminder_sent_at is not None:
                continue  # another worker got there first
            locked.reminder_sent_at = timezone.now()
            locked.save(update_fields=["reminder_sent_at"])
            record_event(locked, actor=actor, note="reminders sent")
            notifications.reminder(locked)
            reminded += 1
    return reminded
