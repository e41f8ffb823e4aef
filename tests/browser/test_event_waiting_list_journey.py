"""Journey: a person registers, in Arabic on a phone, for an event whose every seat is taken; they land on the
waiting list and the page tells them so in Arabic, right to left and without sideways scrolling. When the
seat holder cancels, the seat is theirs."""

import datetime
from typing import Any

import pytest
from conftest import make_user
from django.utils import timezone
from playwright.sync_api import expect

from gcmhub.events import actions
from gcmhub.events.actions import EventDetails
from gcmhub.events.models import Event, Registration, RegistrationStatus
from tests.browser.conftest import axe_violations
from tests.browser.journeys import PHONE, fits_a_phone, in_language, reads_right_to_left_in_arabic, url_in

pytestmark = pytest.mark.browser

TITLE = "ورشة إقليمية حول التوظيف العادل"


@pytest.fixture
def full_event(secretariat: Any) -> Event:
    """A published workshop with one seat, already taken."""
    starts = timezone.now() + datetime.timedelta(days=7)
    details = EventDetails(
        title=TITLE,
        language="ar",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone="Asia/Amman",
        languages=["ar", "en"],
        capacity=1,
    )
    event = actions.create_event(actor=secretariat, details=details)
    actions.publish_event(actor=secretariat, event_id=event.pk)
    actions.register(actor=make_user("early_bird"), event_id=event.pk)
    return event


def test_registering_for_a_full_event_in_arabic_lands_on_the_waiting_list(
    person_tab: Any, full_event: Event
) -> None:
    make_user("late_comer")
    tab = person_tab("late_comer", "ar", PHONE)
    tab.goto(url_in("ar", "events:events"))
    reads_right_to_left_in_arabic(tab)
    tab.get_by_role("link", name=TITLE).click()
    assert tab.url.endswith(url_in("ar", "events:event", full_event.pk)), tab.url
    fits_a_phone(tab)

    tab.get_by_role("button", name=in_language("ar", "Join the waiting list")).click()

    told = in_language(
        "ar", "Every seat is taken: you are on the waiting list. We will e-mail you if a seat becomes free."
    )
    expect(tab.locator(".messages")).to_contain_text(told)
    expect(tab.locator("#registration-status")).to_have_text(
        in_language("ar", "You are on the waiting list.")
    )
    reads_right_to_left_in_arabic(tab)
    fits_a_phone(tab)
    assert Registration.objects.get(user__username="late_comer").status == RegistrationStatus.WAITLISTED
    assert axe_violations(tab) == []

    # The seat holder cancels: the first person waiting gets the seat.
    holder = Registration.objects.get(user__username="early_bird").user
    actions.cancel_registration(actor=holder, event_id=full_event.pk)
    tab.reload()
    expect(tab.locator("#registration-status")).to_have_text(in_language("ar", "Your seat is confirmed."))


def test_the_secretariats_dashboard_links_to_this_months_event(person_tab: Any, full_event: Event) -> None:
    """The secretariat reaches the dashboard from the header and goes from it to the event."""
    full_event.starts_at = timezone.now() + datetime.timedelta(minutes=5)
    full_event.ends_at = full_event.starts_at + datetime.timedelta(hours=1)
    full_event.save()
    tab = person_tab("secretariat", "en", PHONE)
    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    section = tab.locator("#events_this_month")
    expect(section).to_contain_text("1 registered, 0 waiting")
    fits_a_phone(tab)
    assert axe_violations(tab) == []
    section.get_by_role("link", name=TITLE).click()
    assert tab.url.endswith(f"/events/{full_event.pk}/"), tab.url
