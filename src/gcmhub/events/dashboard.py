"""The secretariat's dashboard: what is waiting to be acted on, gathered from each app through its queries.py
(comms: clearances, talking points, situations; reporting: calls closing soon; directory: support requests
unanswered; workplan: activities overdue; events: this month's events and their registrations)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import npgettext

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.comms import queries as comms_queries
from gcmhub.core.exceptions import PermissionDenied
from gcmhub.directory import queries as directory_queries
from gcmhub.events import queries as events_queries
from gcmhub.reporting import queries as reporting_queries
from gcmhub.workplan import queries as workplan_queries

CLOSING_SOON = datetime.timedelta(days=14)
LIMIT = 20  # per section; each section links to its full list


@dataclass
class Item:
    label: str
    url: str
    note: str = ""
    language: str = ""


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more_url: str = ""


def _comms_sections(user: AnyUser) -> list[Section]:
    titles = {
        "clearance_waiting": _("Clearances waiting"),
        "clearance_overdue": _("Clearances overdue"),
        "stale_talking_points": _("Talking points to review"),
        "situation_in_response": _("Situations in response"),
    }
    sections = {key: Section(key, title) for key, title in titles.items()}
    for entry in comms_queries.dashboard_items(user):
        note = _date_note(entry.date)
        sections[entry.kind].items.append(Item(label=entry.label, url=entry.url, note=note))
    return list(sections.values())


def _date_note(moment: datetime.date | datetime.datetime | None) -> str:
    if moment is None:
        return ""
    return str(formats.date_format(moment, "DATE_FORMAT"))


def _calls_section(user: AnyUser, today: datetime.date) -> Section:
    calls = reporting_queries.visible_calls(user).filter(
        published_at__isnull=False, closes_on__gte=today, closes_on__lte=today + CLOSING_SOON
    )
    items = [
        Item(
            call.title,
            call.get_absolute_url(),
            _("closes on %(date)s") % {"date": _date_note(call.closes_on)},
            call.language,
        )
        for call in calls.order_by("closes_on")[:LIMIT]
    ]
    return Section("calls_closing", _("Calls for inputs closing within two weeks"), items)


def _requests_section(user: AnyUser) -> Section:
    # "open" is directory's RequestStatus.OPEN, by value: this join point reads only directory's queries.
    found = directory_queries.visible_requests(user).filter(status="open").order_by("created_at")
    items = [
        Item(
            r.title,
            reverse("directory:request", args=[r.pk]),
            _("asked on %(date)s") % {"date": _date_note(r.created_at)},
            r.language,
        )
        for r in found[:LIMIT]
    ]
    return Section("support_requests", _("Support requests unanswered"), items)


def _activities_section(today: datetime.date) -> Section:
    found = workplan_queries.filter_activities(overdue=True, today=today).order_by("planned_end")
    items = [
        Item(
            a.text[:160],
            a.get_absolute_url(),
            _("planned to end on %(date)s") % {"date": _date_note(a.planned_end)},
            "en",
        )
        for a in found[:LIMIT]
    ]
    return Section("activities_overdue", _("Work plan activities overdue"), items)


def _registrations_note(starts_at: datetime.datetime, confirmed: int, waiting: int) -> str:
    """Each count in its own plural form: "1 registered" and "2 registered" differ in many languages."""
    registered = npgettext(
        "people holding a seat", "%(count)d registered", "%(count)d registered", confirmed
    ) % {"count": confirmed}
    queued = npgettext("people on the waiting list", "%(count)d waiting", "%(count)d waiting", waiting) % {
        "count": waiting
    }
    return _("%(date)s — %(registered)s, %(waiting)s") % {
        "date": _date_note(starts_at),
        "registered": registered,
        "waiting": queued,
    }


def _events_section(user: AnyUser, today: datetime.date) -> Section:
    items = [
        Item(
            row.event.title,
            row.event.get_absolute_url(),
            _registrations_note(row.event.starts_at, row.confirmed, row.waitlisted),
            row.event.language,
        )
        for row in events_queries.events_this_month(user, today)
    ]
    return Section("events_this_month", _("Events this month"), items)


def sections_for(user: AnyUser, today: datetime.date | None = None) -> list[Section]:
    """Every section of the dashboard, in the order the page shows them."""
    if not is_secretariat(user):
        raise PermissionDenied(_("The dashboard is for the secretariat."), code="not_secretariat")
    today = today or timezone.localdate()
    return [
        *_comms_sections(user),
        _events_section(user, today),
        _calls_section(user, today),
        _requests_section(user),
        _activities_section(today),
    ]


def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(request, "events/dashboard.html", {"sections": sections_for(request.user)})
