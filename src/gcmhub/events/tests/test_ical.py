"""The iCalendar feed (/events/feed.ics) and each event's file: parsed back with the `icalendar` library, with
RFC 5545's line folding, UID, DTSTAMP, time zone (TZID with its VTIMEZONE) and SEQUENCE checked."""

import datetime
from typing import Any

import icalendar
from django.test import Client

from gcmhub.events import actions
from gcmhub.events.tests.helpers import details, published_event, signed_in

LONG_TITLE = "Regional capacity-building session on fair and ethical recruitment " * 3


def parsed(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def test_the_feed_is_valid_icalendar_with_the_event_in_its_own_zone(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat, title=LONG_TITLE.strip())
    response = client.get("/events/feed.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = parsed(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert str(vevent["SUMMARY"]) == LONG_TITLE.strip()
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None and str(start.tzinfo) == "Africa/Nairobi"
    assert start.astimezone(datetime.UTC) == event.starts_at
    assert vevent.decoded("DTEND").astimezone(datetime.UTC) == event.ends_at
    assert vevent["DTSTART"].params["TZID"] == "Africa/Nairobi"
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Africa/Nairobi"]
    stamp = vevent.decoded("DTSTAMP")
    assert stamp.utcoffset() == datetime.timedelta(0)
    assert b"DTSTAMP:" in response.content and b"Z\r\n" in response.content


def test_lines_are_folded_at_75_octets_and_end_with_crlf(client: Client, secretariat: Any) -> None:
    published_event(
        secretariat, title=LONG_TITLE.strip(), description="أهلا بكم في ورشة العمل الإقليمية " * 5
    )
    body = client.get("/events/feed.ics").content
    lines = body.split(b"\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long title really was folded


def test_the_anonymous_feed_leaves_out_drafts_and_members_only_events(
    client: Client, secretariat: Any
) -> None:
    published_event(secretariat, title="Open webinar")
    published_event(secretariat, title="Member States consultation", audience="member_states")
    actions.create_event(actor=secretariat, details=details(title="Draft idea"))
    titles = [str(v["SUMMARY"]) for v in parsed(client.get("/events/feed.ics").content).walk("VEVENT")]
    assert titles == ["Open webinar"]


def test_a_member_states_feed_includes_their_events(secretariat: Any, member_state: Any) -> None:
    published_event(secretariat, title="Member States consultation", audience="member_states")
    body = signed_in(member_state).get("/events/feed.ics").content
    assert [str(v["SUMMARY"]) for v in parsed(body).walk("VEVENT")] == ["Member States consultation"]


def test_one_events_file_and_its_sequence_rising_with_each_change(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    first = parsed(client.get(f"/events/{event.pk}/event.ics").content).walk("VEVENT")[0]
    actions.edit_event(actor=secretariat, event_id=event.pk, details=details(title="Moved workshop"))
    actions.cancel_event(actor=secretariat, event_id=event.pk)
    last = parsed(client.get(f"/events/{event.pk}/event.ics").content).walk("VEVENT")[0]
    assert last["UID"] == first["UID"]
    assert (first.decoded("SEQUENCE"), last.decoded("SEQUENCE")) == (0, 2)
    assert str(last["STATUS"]) == "CANCELLED"


def test_a_members_only_events_file_is_not_found_for_an_outsider(secretariat: Any, outsider: Any) -> None:
    event = published_event(secretariat, audience="network_members")
    assert signed_in(outsider).get(f"/events/{event.pk}/event.ics").status_code == 404
    assert Client().get(f"/events/{event.pk}/event.ics").status_code == 404
