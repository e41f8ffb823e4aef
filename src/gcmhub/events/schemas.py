"""API schemas of the events app."""

import datetime

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema
from gcmhub.events.actions import EventDetails
from gcmhub.events.models import Audience, Event, Kind, Mode, Registration


class EventIn(InputSchema):
    title: str = Field(..., max_length=250)
    starts_at: datetime.datetime = Field(
        ..., description="With its UTC offset, e.g. 2027-03-03T14:00:00+03:00."
    )
    ends_at: datetime.datetime
    time_zone: str = Field(
        "UTC", max_length=64, description="IANA zone where the event happens, e.g. Africa/Nairobi."
    )
    description: str = Field("", max_length=20000)
    language: str = Field("en", max_length=2)
    kind: Kind = Kind.WORKSHOP
    mode: Mode = Mode.ONLINE
    audience: Audience = Audience.OPEN
    venue: str = Field("", max_length=250)
    online_url: str = Field("", max_length=200)
    languages: list[str] = Field(default_factory=lambda: ["en"], max_length=6)
    interpretation: list[str] = Field(default_factory=list, max_length=6)
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    objectives: list[int] = Field(default_factory=list, max_length=23)
    countries: list[str] = Field(default_factory=list, max_length=250)
    activities: list[int] = Field(default_factory=list, max_length=100)
    practices: list[int] = Field(default_factory=list, max_length=100)

    def to_details(self) -> EventDetails:
        return EventDetails(**self.dict())


class EventOut(Schema):
    id: int
    title: str
    description: str
    language: str
    kind: str
    mode: str
    audience: str
    status: str
    starts_at: datetime.datetime = Field(..., description="In UTC.")
    ends_at: datetime.datetime
    time_zone: str
    venue: str
    languages: list[str]
    interpretation: list[str]
    capacity: int | None
    url: str
    ical_url: str

    @staticmethod
    def of(event: Event) -> "EventOut":
        return EventOut(
            id=event.pk,
            title=event.title,
            description=event.description,
            language=event.language,
            kind=event.kind,
            mode=event.mode,
            audience=event.audience,
            status=event.status,
            starts_at=event.starts_at.astimezone(datetime.UTC),
            ends_at=event.ends_at.astimezone(datetime.UTC),
            time_zone=event.time_zone,
            venue=event.venue,
            languages=event.language_list,
            interpretation=event.interpretation_list,
            capacity=event.capacity,
            url=event.get_absolute_url(),
            ical_url=event.get_absolute_url() + "event.ics",
        )


class RegistrationOut(Schema):
    event_id: int
    status: str = Field(..., description="confirmed, waitlisted or cancelled.")

    @staticmethod
    def of(registration: Registration) -> "RegistrationOut":
        return RegistrationOut(event_id=registration.event_id, status=registration.status)
