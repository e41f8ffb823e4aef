"""Events API: the events a caller may see, creating and publishing them, and one's own registration."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.events import actions, queries
from gcmhub.events.schemas import EventIn, EventOut, RegistrationOut

router = Router(tags=["events"])


@router.get("", response=list[EventOut], auth=optional_auth, summary="Upcoming events the caller may see")
@paginate(Paginator)
def list_events(request: HttpRequest) -> list[EventOut]:
    found = queries.upcoming(queries.visible_events(caller(request)))
    return [EventOut.of(event) for event in found]


@router.get(
    "/{int:event_id}", response={200: EventOut, **PROBLEMS_READ}, auth=optional_auth, summary="One event"
)
def get_event(request: HttpRequest, event_id: DbInt) -> EventOut:
    return EventOut.of(queries.access_event(caller(request), event_id))


@router.post(
    "", response={201: EventOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Create an event (a draft)"
)
def create_event(request: HttpRequest, payload: EventIn) -> Status[EventOut]:
    event = actions.create_event(actor=caller(request), details=payload.to_details())
    return Status(201, EventOut.of(event))


@router.post(
    "/{int:event_id}/publish",
    response={200: EventOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Publish a draft event (the secretariat or its organizer)",
)
def publish_event(request: HttpRequest, event_id: DbInt) -> EventOut:
    return EventOut.of(actions.publish_event(actor=caller(request), event_id=event_id))


@router.post(
    "/{int:event_id}/registration",
    response={201: RegistrationOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Register the caller (a seat, or the waiting list when the event is full)",
)
def register(request: HttpRequest, event_id: DbInt) -> Status[RegistrationOut]:
    registration = actions.register(actor=caller(request), event_id=event_id)
    return Status(201, RegistrationOut.of(registration))


@router.delete(
    "/{int:event_id}/registration",
    response={200: RegistrationOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Cancel the caller's registration (the first person waiting gets the seat)",
)
def unregister(request: HttpRequest, event_id: DbInt) -> RegistrationOut:
    registration = actions.cancel_registration(actor=caller(request), event_id=event_id)
    return RegistrationOut.of(registration)
