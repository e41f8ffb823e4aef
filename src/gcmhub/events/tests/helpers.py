"""Builders for events tests."""

import datetime
import zoneinfo
from typing import Any

from django.test import Client
from django.utils import timezone

from gcmhub.events import actions
from gcmhub.events.actions import EventDetails
from gcmhub.events.models import Event, Material, Registration

NAIROBI = zoneinfo.ZoneInfo("Africa/Nairobi")


def details(**fields: Any) -> EventDetails:
    """A webinar in ten days, 14:00 to 16:00 Nairobi time (11:00 to 13:00 UTC)."""
    day = (timezone.now() + datetime.timedelta(days=10)).astimezone(NAIROBI).date()
    starts = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=NAIROBI)
    values: dict[str, Any] = {
        "title": "Regional workshop on labour mobility",
        "starts_at": starts,
        "ends_at": starts + datetime.timedelta(hours=2),
        "time_zone": "Africa/Nairobi",
        "description": "Peer exchange on bilateral labour migration agreements.",
        "kind": "workshop",
        "mode": "online",
        "languages": ["en", "ar"],
        "interpretation": ["fr"],
        **fields,
    }
    return EventDetails(**values)


def published_event(actor: Any, **fields: Any) -> Event:
    event = actions.create_event(actor=actor, details=details(**fields))
    return actions.publish_event(actor=actor, event_id=event.pk)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def snapshot(event: Event) -> tuple[Any, ...]:
    """Everything a refused write must leave unchanged."""
    event.refresh_from_db()
    return (
        event.title,
        event.status,
        event.starts_at,
        event.capacity,
        event.sequence,
        list(Registration.objects.filter(event=event).values_list("user_id", "status", "attended")),
        list(Material.objects.filter(event=event).values_list("title", "url")),
    )
