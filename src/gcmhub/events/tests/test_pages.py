"""Event pages: times in the reader's zone (the browser's value, else UTC, always named), registration from
the page (told in the page's language when one lands on the waiting list), and every page write refused to
an outsider with nothing changed."""

from typing import Any

import pytest
from conftest import make_user
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from gcmhub.events import actions
from gcmhub.events.models import Event, Registration, RegistrationStatus
from gcmhub.events.tests.helpers import details, published_event, signed_in, snapshot
from gcmhub.search.service import request_for, search


def translation_of(text: str, language: str = "ar") -> str:
    with translation.override(language):
        return gettext(text)


def test_times_fall_back_to_utc_and_say_so(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "11 a.m." in page and "(UTC)" in page
    assert "2 p.m." in page and "(Africa/Nairobi)" in page  # the local time at the event, named


def test_the_browsers_zone_is_used_and_remembered(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    page = client.get(f"/events/{event.pk}/?tz=America/Mexico_City").content.decode()
    assert "5 a.m." in page and "(America/Mexico_City)" in page
    again = client.get("/events/").content.decode()
    assert "(America/Mexico_City)" in again


def test_the_zone_cookie_set_by_the_browser_is_read(secretariat: Any) -> None:
    event = published_event(secretariat)
    client = Client()
    client.cookies["tz"] = "Asia%2FTokyo"
    assert "(Asia/Tokyo)" in client.get(f"/events/{event.pk}/").content.decode()


def test_an_unknown_zone_falls_back_to_utc(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    response = client.get(f"/events/{event.pk}/?tz=Not/AZone")
    assert response.status_code == 200
    assert "(UTC)" in response.content.decode()


def test_registering_for_a_full_event_in_arabic_says_waiting_list_in_arabic(secretariat: Any) -> None:
    event = published_event(secretariat, capacity=1)
    actions.register(actor=make_user("early"), event_id=event.pk)
    late = signed_in(make_user("late"))
    response = late.post(f"/ar/events/{event.pk}/register/", follow=True)
    assert response.status_code == 200
    assert Registration.objects.get(user__username="late").status == RegistrationStatus.WAITLISTED
    page = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    told = translation_of(
        "Every seat is taken: you are on the waiting list. We will e-mail you if a seat becomes free."
    )
    assert escape(told) in page
    assert escape(translation_of("You are on the waiting list.")) in page


def test_the_members_only_page_is_not_found_for_an_outsider_and_the_public(
    client: Client, secretariat: Any, outsider: Any
) -> None:
    event = published_event(secretariat, audience="network_members", title="Network retreat")
    assert client.get(f"/events/{event.pk}/").status_code == 404
    assert signed_in(outsider).get(f"/events/{event.pk}/").status_code == 404
    assert "Network retreat" not in signed_in(outsider).get("/events/").content.decode()


def test_the_members_only_page_is_not_found_for_a_focal_point_outside_the_network(secretariat: Any) -> None:
    event = published_event(secretariat, audience="network_members", title="Network retreat")
    browser = signed_in(make_user("cso_focal_point", "focal_point", "TEST-CSO"))
    assert browser.get(f"/events/{event.pk}/").status_code == 404
    assert "Network retreat" not in browser.get("/events/").content.decode()


def test_a_secretariat_creates_an_event_from_the_form_in_the_events_zone(secretariat: Any) -> None:
    response = signed_in(secretariat).post(
        "/events/new/",
        {
            "title": "Peer exchange on return and reintegration",
            "language": "en",
            "kind": "peer_exchange",
            "mode": "online",
            "audience": "open",
            "starts": "2027-03-03T14:00",
            "ends": "2027-03-03T16:00",
            "time_zone": "Africa/Nairobi",
            "languages": ["en", "fr"],
        },
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.starts_at.isoformat() == "2027-03-03T11:00:00+00:00"
    assert event.language_list == ["en", "fr"]


def test_a_bad_form_is_shown_again_with_its_errors_and_nothing_saved(secretariat: Any) -> None:
    response = signed_in(secretariat).post(
        "/events/new/", {"title": "x", "starts": "soon", "time_zone": "Nowhere"}
    )
    assert response.status_code == 422
    assert not Event.objects.exists()


WRITES = ["edit/", "publish/", "cancel/", "attendance/", "materials/"]


@pytest.mark.parametrize("path", WRITES)
def test_an_outsider_cannot_change_an_event_from_the_pages(
    secretariat: Any, outsider: Any, path: str
) -> None:
    event = published_event(secretariat, capacity=3)
    actions.register(actor=make_user("guest"), event_id=event.pk)
    before = snapshot(event)
    response = signed_in(outsider).post(
        f"/events/{event.pk}/{path}",
        {"title": "Hijacked", "url": "https://example.org/", "kind": "material", "language": "en"},
    )
    assert response.status_code == 403
    assert snapshot(event) == before


def test_an_outsider_cannot_create_an_event_from_the_page(outsider: Any) -> None:
    response = signed_in(outsider).post("/events/new/", {"title": "Mine"})
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_an_outsider_cannot_register_for_a_members_only_event_from_the_page(
    secretariat: Any, outsider: Any
) -> None:
    event = published_event(secretariat, audience="member_states")
    before = snapshot(event)
    assert signed_in(outsider).post(f"/events/{event.pk}/register/").status_code == 404
    assert signed_in(outsider).post(f"/events/{event.pk}/unregister/").status_code == 404
    assert snapshot(event) == before


def test_the_public_is_sent_to_sign_in_to_register(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    response = client.post(f"/events/{event.pk}/register/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Registration.objects.exists()


def test_the_organizer_adds_a_recording_shown_on_the_page(client: Client, secretariat: Any) -> None:
    event = published_event(secretariat)
    signed_in(secretariat).post(
        f"/events/{event.pk}/materials/",
        {
            "title": "Recording of the session",
            "url": "https://example.org/rec",
            "kind": "recording",
            "language": "en",
        },
    )
    assert "Recording of the session" in client.get(f"/events/{event.pk}/").content.decode()


def test_only_published_open_events_are_found_by_search(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published_event(secretariat, title="Ocelotlan webinar on climate mobility")
        published_event(secretariat, title="Ocelotlan closed meeting", audience="network_members")
        actions.create_event(actor=secretariat, details=details(title="Ocelotlan draft"))
    page = search(request_for("ocelotlan"))
    assert page.total == 1
    assert page.hits[0].kind == "event" and page.hits[0].title == "Ocelotlan webinar on climate mobility"
