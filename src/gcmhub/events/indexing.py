"""What the search index holds for an event: published events open to everyone (never members-only ones)."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from gcmhub.events.models import Audience, Event, EventStatus
from gcmhub.search.registry import SearchDocument


def indexed_events() -> "QuerySet[Event]":
    return Event.objects.prefetch_related("objectives", "countries")


def public_count() -> int:
    return Event.objects.filter(status=EventStatus.PUBLISHED, audience=Audience.OPEN).count()


def event_document(event: Event) -> SearchDocument | None:
    if event.status != EventStatus.PUBLISHED or event.audience != Audience.OPEN:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("events:event", args=[event.pk])
    return SearchDocument(
        doc_id=f"events.event:{event.pk}",
        kind="event",
        title=event.title,
        summary=event.venue,
        body=event.description,
        language=event.language,
        url=url,
        date=event.starts_at.date(),
        facets={
            "objective": sorted((str(o.number) for o in event.objectives.all()), key=int),
            "country": sorted(c.iso3 for c in event.countries.all()),
            "language": sorted({event.language, *event.language_list}),
        },
    )
