"""E-mails of the events app. Each is a background task queued once the transaction commits, composed in its
recipient's language, with the event's time in the event's own zone and in UTC."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.accounts.emails import send_in_their_languages
from gcmhub.events.models import Event, Registration, RegistrationStatus
from gcmhub.events.timezones import local_time


def _link(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + event.get_absolute_url()


def _when(event: Event) -> str:
    """E.g. "3 March 2027 14:00 (Africa/Nairobi) — 11:00 UTC"."""
    here = local_time(event.starts_at, event.time_zone)
    utc = local_time(event.starts_at, "UTC")
    return _("%(local)s (%(zone)s) — %(utc)s UTC") % {
        "local": here.text,
        "zone": event.time_zone,
        "utc": utc.time,
    }


def compose_registration(registration: Registration) -> tuple[str, str]:
    """The confirmation, or the waiting-list notice, in the active language."""
    event = registration.event
    values = {"title": event.title, "when": _when(event), "link": _link(event)}
    if registration.status == RegistrationStatus.WAITLISTED:
        subject = _("Waiting list: %(title)s") % values
        body = (
            _(
                "Every seat at “%(title)s” (%(when)s) is taken, so you are on the waiting list. We will "
                "write to you if a seat becomes free. %(link)s"
            )
            % values
        )
    else:
        subject = _("Registration confirmed: %(title)s") % values
        body = _("Your seat at “%(title)s” is confirmed: %(when)s. %(link)s") % values
    return subject, body


def compose_promotion(registration: Registration) -> tuple[str, str]:
    values = {
        "title": registration.event.title,
        "when": _when(registration.event),
        "link": _link(registration.event),
    }
    return (
        _("A seat is yours: %(title)s") % values,
        _("A seat became free at “%(title)s” (%(when)s) and it is now yours. %(link)s") % values,
    )


def compose_reminder(event: Event) -> tuple[str, str]:
    values = {"title": event.title, "when": _when(event), "link": _link(event)}
    return (
        _("Reminder: %(title)s") % values,
        _("“%(title)s” starts soon: %(when)s. %(link)s") % values,
    )


def compose_cancelled(event: Event) -> tuple[str, str]:
    values = {"title": event.title, "when": _when(event), "link": _link(event)}
    return (
        _("Cancelled: %(title)s") % values,
        _("“%(title)s”, planned for %(when)s, is cancelled. %(link)s") % values,
    )


def registered(registration: Registration) -> None:
    _queue("registration", registration_id=registration.pk)


def promoted(registration: Registration) -> None:
    _queue("promotion", registration_id=registration.pk)


def reminder(event: Event) -> None:
    _queue("reminder", event_id=event.pk)


def event_cancelled(event: Event) -> None:
    _queue("cancelled", event_id=event.pk)


def _queue(kind: str, **ids: int) -> None:
    from gcmhub.events.tasks import send_event_email

    transaction.on_commit(lambda: send_event_email.enqueue(kind=kind, **ids))


def deliver(kind: str, *, registration_id: int | None = None, event_id: int | None = None) -> None:
    """What the task does: compose and send the e-mail of `kind` (a vanished record sends nothing)."""
    if registration_id is not None:
        registration = Registration.objects.select_related("event", "user").filter(pk=registration_id).first()
        if registration is None:
            return
        compose = compose_promotion if kind == "promotion" else compose_registration
        send_in_their_languages([registration.user], lambda: compose(registration))
        return
    event = Event.objects.filter(pk=event_id).first() if event_id is not None else None
    if event is None:
        return
    people = get_user_model().objects.filter(
        pk__in=event.registrations.filter(status=RegistrationStatus.CONFIRMED).values("user_id")
    )
    if kind == "cancelled":
        people = get_user_model().objects.filter(
            pk__in=event.registrations.exclude(status=RegistrationStatus.CANCELLED).values("user_id")
        )
    send_in_their_languages(
        list(people), lambda: (compose_cancelled if kind == "cancelled" else compose_reminder)(event)
    )
