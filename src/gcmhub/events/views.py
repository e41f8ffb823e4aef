"""Pages of events, registration and the iCalendar files. Views hold no business rules: they call actions and
queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.comms import queries as comms_queries
from gcmhub.core.formpage import form_page
from gcmhub.core.pagination import page_of
from gcmhub.events import actions, ical, queries
from gcmhub.events.forms import EventForm, MaterialForm
from gcmhub.events.models import Event, EventStatus, RegistrationStatus
from gcmhub.events.timezones import common_zones, local_time, reader_zone

ICAL_TYPE = "text/calendar; charset=utf-8"


def events(request: HttpRequest) -> HttpResponse:
    """Upcoming events (and, on request, past ones) that the reader may see, in the reader's time zone."""
    visible = queries.visible_events(request.user).prefetch_related("objectives")
    show_past = request.GET.get("when") == "past"
    found = queries.past(visible) if show_past else queries.upcoming(visible)
    zone = reader_zone(request)
    page = page_of(found, request)
    context = {
        "page": page,
        "rows": [(event, local_time(event.starts_at, zone)) for event in page.object_list],
        "zone": zone,
        "zones": common_zones(),
        "show_past": show_past,
        "can_create": queries.can_create(request.user),
    }
    return render(request, "events/events.html", context)


def event(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_event(request.user, pk)
    zone = reader_zone(request)
    can_edit = queries.can_edit(request.user, found)
    context = {
        "event": found,
        "zone": zone,
        "zones": common_zones(),
        "starts": local_time(found.starts_at, zone),
        "ends": local_time(found.ends_at, zone),
        "starts_there": local_time(found.starts_at, found.time_zone),
        "ends_there": local_time(found.ends_at, found.time_zone),
        "registration": queries.registration_of(request.user, found),
        "may_register": queries.may_register(request.user, found),
        "seats_left": queries.seats_left(found),
        "waiting": queries.waiting_list(found).count(),
        "can_edit": can_edit,
        "registrations": queries.registrations_for_organizer(request.user, found) if can_edit else None,
        "material_form": MaterialForm() if can_edit else None,
        "statements": comms_queries.statements_about_event(request.user, found.pk),
    }
    return render(request, "events/event.html", context)


def _message_for(registration_status: str) -> str:
    if registration_status == RegistrationStatus.WAITLISTED:
        return _(
            "Every seat is taken: you are on the waiting list. We will e-mail you if a seat becomes free."
        )
    return _("You are registered. A confirmation is on its way by e-mail.")


@require_POST
@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a seat, or join the waiting list when the event is full; the page says which."""
    registration = actions.register(actor=request.user, event_id=pk)
    messages.success(request, _message_for(registration.status))
    return HttpResponseRedirect(registration.event.get_absolute_url())


@require_POST
@login_required
def unregister(request: HttpRequest, pk: int) -> HttpResponse:
    registration = actions.cancel_registration(actor=request.user, event_id=pk)
    messages.success(request, _("Your registration is cancelled."))
    return HttpResponseRedirect(registration.event.get_absolute_url())


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    queries.check_may_create(request.user)
    form = EventForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.create_event(actor=request.user, details=form.to_details()),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The event was saved as a draft. Publish it when it is ready."),
        template="events/event_form.html",
    )


def _initial(found: Event) -> dict[str, object]:
    return {
        "title": found.title,
        "description": found.description,
        "language": found.language,
        "kind": found.kind,
        "mode": found.mode,
        "audience": found.audience,
        "starts": local_time(found.starts_at, found.time_zone).moment.replace(tzinfo=None),
        "ends": local_time(found.ends_at, found.time_zone).moment.replace(tzinfo=None),
        "time_zone": found.time_zone,
        "venue": found.venue,
        "online_url": found.online_url,
        "languages": found.language_list,
        "interpretation": found.interpretation_list,
        "capacity": found.capacity,
        "objectives": ", ".join(str(o.number) for o in found.objectives.all()),
        "countries": ", ".join(c.iso3 for c in found.countries.all()),
        "activities": ", ".join(str(pk) for pk in found.activities.values_list("pk", flat=True)),
        "practices": ", ".join(str(pk) for pk in found.practices.values_list("pk", flat=True)),
    }


@login_required
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_event_for_edit(request.user, pk)
    form = EventForm(request.POST or None, initial=_initial(found))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.edit_event(actor=request.user, event_id=pk, details=form.to_details()),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The event was saved."),
        template="events/event_form.html",
        context={"event": found},
    )


@require_POST
@login_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = actions.publish_event(actor=request.user, event_id=pk)
    messages.success(request, _("The event is published."))
    return HttpResponseRedirect(found.get_absolute_url())


@require_POST
@login_required
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = actions.cancel_event(actor=request.user, event_id=pk)
    messages.success(request, _("The event is cancelled and everyone registered will be told."))
    return HttpResponseRedirect(found.get_absolute_url())


@require_POST
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        attended = [int(value) for value in request.POST.getlist("attended")]
    except ValueError:
        attended = [-1]  # not a person: the action refuses it
    count = actions.record_attendance(actor=request.user, event_id=pk, attended_user_ids=attended)
    messages.success(request, _("Attendance saved: %(count)d attended.") % {"count": count})
    return HttpResponseRedirect(queries.access_event(request.user, pk).get_absolute_url())


@require_POST
@login_required
def material(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_event_for_edit(request.user, pk)
    form = MaterialForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the material a title and a link starting with https://."))
        return HttpResponseRedirect(found.get_absolute_url())
    actions.add_material(actor=request.user, event_id=pk, **form.cleaned_data)
    messages.success(request, _("The material was added."))
    return HttpResponseRedirect(found.get_absolute_url())


def feed(request: HttpRequest) -> HttpResponse:
    """Every event the reader may see (a calendar program subscribing anonymously gets the open ones)."""
    found = queries.visible_events(request.user).exclude(status=EventStatus.DRAFT)
    body = ical.calendar_of(found, _("GCM Hub events"))
    return _calendar_response(body, "gcmhub-events.ics")


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_event(request.user, pk)
    return _calendar_response(ical.calendar_of([found], found.title), f"event-{found.pk}.ics")


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICAL_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
