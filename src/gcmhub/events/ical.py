"""iCalendar (RFC 5545) for events, built with the `icalendar` library: one feed of the events a reader may
see, and one file per event. Each event carries its own time zone (TZID with its VTIMEZONE), a stable UID and
a SEQUENCE that rises with each change, so calendar programs update their copy instead of adding another."""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

from gcmhub.events.models import Event, EventStatus
from gcmhub.events.timezones import local_time

PRODID = "-//UN Network on Migration//GCM Hub events//EN"


def uid_for(event: Event) -> str:
    """Stable for the event's life, and unique to this site."""
    host = urlsplit(settings.SITE_URL).hostname or "gcmhub"
    return f"event-{event.pk}@{host}"


def _link(event: Event) -> str:
    return settings.SITE_URL.rstrip("/") + event.get_absolute_url()


def _location(event: Event) -> str:
    return ", ".join(part for part in (event.venue, event.online_url) if part)


def to_vevent(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", uid_for(event))
    vevent.add("dtstamp", stamp)
    vevent.add("dtstart", local_time(event.starts_at, event.time_zone).moment)
    vevent.add("dtend", local_time(event.ends_at, event.time_zone).moment)
    vevent.add("summary", event.title)
    vevent.add("description", f"{event.description}\n\n{_link(event)}".strip())
    vevent.add("url", _link(event))
    vevent.add("sequence", event.sequence)
    vevent.add("last-modified", event.updated_at)
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    if _location(event):
        vevent.add("location", _location(event))
    return vevent


def calendar_of(events: Iterable[Event], name: str) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        calendar.add_component(to_vevent(event, stamp))
    # One VTIMEZONE per zone used, so programs that do not know a TZID can still place the times.
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
