"""The secretariat's dashboard gathers what waits to be acted on from each app, each item a link; it is for
the secretariat only."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gcmhub.comms.tests.helpers import with_french
from gcmhub.events import actions
from gcmhub.events.tests.helpers import details, signed_in


def this_month_event(secretariat: Any, capacity: int = 1) -> Any:
    """An event later today (UTC), so it is in this month whatever the date the test runs."""
    now = timezone.now()
    starts = min(now + datetime.timedelta(minutes=30), now.replace(hour=23, minute=30))
    if starts <= now:
        starts = now + datetime.timedelta(minutes=1)
    event = actions.create_event(
        actor=secretariat,
        details=details(
            title="This month's workshop", starts_at=starts, ends_at=starts + datetime.timedelta(hours=1)
        ),
    )
    event.capacity = capacity
    event.save()
    return actions.publish_event(actor=secretariat, event_id=event.pk)


def test_the_dashboard_shows_this_months_events_with_their_registrations(secretariat: Any) -> None:
    from conftest import make_user

    event = this_month_event(secretariat)
    actions.register(actor=make_user("one"), event_id=event.pk)
    actions.register(actor=make_user("two"), event_id=event.pk)
    page = signed_in(secretariat).get("/dashboard/").content.decode()
    assert f'href="/events/{event.pk}/"' in page
    assert "1 registered, 1 waiting" in page
    for section in ("events_this_month", "calls_closing", "support_requests", "activities_overdue"):
        assert f'id="{section}"' in page
    for section in (
        "clearance_waiting",
        "clearance_overdue",
        "stale_talking_points",
        "situation_in_response",
    ):
        assert f'id="{section}"' in page


def test_overdue_activities_link_to_the_activity(secretariat: Any) -> None:
    from gcmhub.workplan.queries import filter_activities

    activity = filter_activities().first()
    assert activity is not None
    activity.planned_end = datetime.date(2000, 1, 31)  # the longest overdue comes first
    activity.status = "in_progress"
    activity.save()
    page = signed_in(secretariat).get("/dashboard/").content.decode()
    assert f'href="{activity.get_absolute_url()}"' in page


def test_the_dashboard_is_for_the_secretariat_only(client: Client, outsider: Any, focal_point: Any) -> None:
    assert signed_in(outsider).get("/dashboard/").status_code == 403
    assert signed_in(focal_point).get("/dashboard/").status_code == 403
    anonymous = client.get("/dashboard/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_header_links_to_the_dashboard_for_the_secretariat_only(secretariat: Any, outsider: Any) -> None:
    assert 'href="/dashboard/"' in signed_in(secretariat).get("/events/").content.decode()
    assert 'href="/dashboard/"' not in signed_in(outsider).get("/events/").content.decode()


def test_each_registration_count_takes_its_own_plural_form(
    secretariat: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import make_user

    event = this_month_event(secretariat, capacity=2)
    for name in ("one", "two"):
        actions.register(actor=make_user(name), event_id=event.pk)
    english = signed_in(secretariat).get("/dashboard/").content.decode()
    assert "2 registered, 0 waiting" in english
    seat, queue = (
        "people holding a seat\x04%(count)d registered",
        "people on the waiting list\x04%(count)d waiting",
    )
    # French: one form for 0 and 1, another from 2 on.
    with_french(
        monkeypatch,
        {
            (seat, 0): "%(count)d inscrit",
            (seat, 1): "%(count)d inscrits",
            (queue, 0): "%(count)d en attente",
            (queue, 1): "%(count)d en attente",
        },
    )
    french = signed_in(secretariat).get("/fr/dashboard/").content.decode()
    assert "2 inscrits, 0 en attente" in french
