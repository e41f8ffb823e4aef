"""Registration with capacity and a waiting list: first come, first seated; a cancelled seat goes to the first
person waiting, who is e-mailed; e-mails go in each person's language."""

from typing import Any

import pytest
from conftest import make_user
from django.core import mail

from gcmhub.accounts.models import Preference
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.events import actions, queries
from gcmhub.events.models import Registration, RegistrationStatus
from gcmhub.events.tests.conftest import with_email
from gcmhub.events.tests.helpers import details, published_event, snapshot


def people(count: int) -> list[Any]:
    return [with_email(make_user(f"participant{i}")) for i in range(count)]


def status_of(event_id: int, user: Any) -> str:
    return str(Registration.objects.get(event_id=event_id, user=user).status)


def test_the_last_seat_goes_to_the_first_of_two_and_the_second_waits(secretariat: Any) -> None:
    event = published_event(secretariat, capacity=2)
    first, second, third = people(3)
    actions.register(actor=first, event_id=event.pk)
    actions.register(actor=second, event_id=event.pk)  # the last seat
    late = actions.register(actor=third, event_id=event.pk)
    assert late.status == RegistrationStatus.WAITLISTED
    assert queries.confirmed_count(event) == 2
    assert queries.seats_left(event) == 0
    assert [r.user for r in queries.waiting_list(event)] == [third]


def test_cancelling_a_seat_promotes_the_first_waiting_and_emails_them(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = published_event(secretariat, capacity=1)
    holder, waiting_first, waiting_second = people(3)
    Preference.objects.create(user=waiting_first, language="fr")
    for person in (holder, waiting_first, waiting_second):
        actions.register(actor=person, event_id=event.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.cancel_registration(actor=holder, event_id=event.pk)
    assert status_of(event.pk, holder) == RegistrationStatus.CANCELLED
    assert status_of(event.pk, waiting_first) == RegistrationStatus.CONFIRMED
    assert status_of(event.pk, waiting_second) == RegistrationStatus.WAITLISTED
    assert [m.to for m in mail.outbox] == [[waiting_first.email]]
    assert event.title in mail.outbox[0].subject


def test_registering_sends_a_confirmation_or_a_waiting_list_notice(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = published_event(secretariat, capacity=1)
    seated, waiting = people(2)
    with django_capture_on_commit_callbacks(execute=True):
        actions.register(actor=seated, event_id=event.pk)
        actions.register(actor=waiting, event_id=event.pk)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[seated.email].startswith("Registration confirmed")
    assert subjects[waiting.email].startswith("Waiting list")
    # The time is given in the event's own zone and in UTC.
    confirmation = next(m.body for m in mail.outbox if m.to == [seated.email])
    assert "2 p.m. (Africa/Nairobi) — 11 a.m. UTC" in confirmation


def test_raising_the_capacity_seats_people_from_the_waiting_list(secretariat: Any) -> None:
    event = published_event(secretariat, capacity=1)
    first, second = people(2)
    actions.register(actor=first, event_id=event.pk)
    actions.register(actor=second, event_id=event.pk)
    actions.edit_event(actor=secretariat, event_id=event.pk, details=details(capacity=2))
    assert status_of(event.pk, second) == RegistrationStatus.CONFIRMED


def test_registering_twice_is_refused_and_changes_nothing(secretariat: Any) -> None:
    event = published_event(secretariat, capacity=5)
    (person,) = people(1)
    actions.register(actor=person, event_id=event.pk)
    before = snapshot(event)
    with pytest.raises(ValidationFailed) as refused:
        actions.register(actor=person, event_id=event.pk)
    assert refused.value.code == "already_registered"
    assert snapshot(event) == before


def test_a_draft_takes_no_registration(secretariat: Any) -> None:
    event = actions.create_event(actor=secretariat, details=details())
    (person,) = people(1)
    with pytest.raises(NotFound):  # a draft is not shown to others at all
        actions.register(actor=person, event_id=event.pk)
    assert not Registration.objects.filter(event=event).exists()


def test_an_outsider_cannot_see_or_register_for_a_members_only_event(secretariat: Any, outsider: Any) -> None:
    event = published_event(secretariat, audience="member_states", capacity=3)
    before = snapshot(event)
    with pytest.raises(NotFound):
        actions.register(actor=outsider, event_id=event.pk)
    assert not queries.visible_events(outsider).filter(pk=event.pk).exists()
    assert snapshot(event) == before


def test_a_member_state_registers_for_a_member_states_event_but_not_a_network_one(
    secretariat: Any, member_state: Any
) -> None:
    for_states = published_event(secretariat, audience="member_states")
    for_network = published_event(secretariat, audience="network_members")
    assert actions.register(actor=member_state, event_id=for_states.pk).status == RegistrationStatus.CONFIRMED
    with pytest.raises(NotFound):
        actions.register(actor=member_state, event_id=for_network.pk)


def test_an_outsider_cannot_create_edit_publish_or_cancel_events(secretariat: Any, outsider: Any) -> None:
    event = published_event(secretariat)
    before = snapshot(event)
    with pytest.raises(PermissionDenied):
        actions.create_event(actor=outsider, details=details())
    with pytest.raises(PermissionDenied):
        actions.edit_event(actor=outsider, event_id=event.pk, details=details(title="Hijacked"))
    with pytest.raises(PermissionDenied):
        actions.cancel_event(actor=outsider, event_id=event.pk)
    with pytest.raises(PermissionDenied):
        actions.add_material(
            actor=outsider,
            event_id=event.pk,
            title="x",
            url="https://example.org/",
            kind="material",
            language="en",
        )
    assert snapshot(event) == before


def test_a_focal_point_creates_and_publishes_its_own_event(focal_point: Any, other_focal_point: Any) -> None:
    event = published_event(focal_point)
    assert event.created_by == focal_point
    with pytest.raises(PermissionDenied):
        actions.cancel_event(actor=other_focal_point, event_id=event.pk)


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": " "}, "invalid_event"),
        ({"time_zone": "Mars/Olympus"}, "invalid_event"),
        ({"languages": ["de"]}, "invalid_event"),
        ({"capacity": 0}, "invalid_event"),
        ({"mode": "in_person", "venue": ""}, "invalid_event"),
        ({"objectives": [99]}, "unknown_objective"),
        ({"countries": ["XXX"]}, "unknown_country"),
    ],
)
def test_bad_event_details_are_refused_with_a_reason(
    secretariat: Any, fields: dict[str, Any], code: str
) -> None:
    from gcmhub.events.models import Event

    with pytest.raises(ValidationFailed) as refused:
        actions.create_event(actor=secretariat, details=details(**fields))
    assert refused.value.code == code
    assert not Event.objects.exists()


def test_an_event_must_end_after_it_starts(secretariat: Any) -> None:
    good = details()
    with pytest.raises(ValidationFailed):
        actions.create_event(actor=secretariat, details=details(ends_at=good.starts_at))


def test_attendance_is_recorded_for_seated_people_only(secretariat: Any, outsider: Any) -> None:
    event = published_event(secretariat, capacity=1)
    seated, waiting = people(2)
    actions.register(actor=seated, event_id=event.pk)
    actions.register(actor=waiting, event_id=event.pk)
    with pytest.raises(ValidationFailed):
        actions.record_attendance(actor=secretariat, event_id=event.pk, attended_user_ids=[waiting.pk])
    with pytest.raises(PermissionDenied):
        actions.record_attendance(actor=outsider, event_id=event.pk, attended_user_ids=[seated.pk])
    assert actions.record_attendance(actor=secretariat, event_id=event.pk, attended_user_ids=[seated.pk]) == 1
    assert Registration.objects.get(user=seated).attended is True


def test_reminders_go_once_to_seated_people(
    secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    import datetime

    event = published_event(secretariat, capacity=1)
    seated, waiting = people(2)
    actions.register(actor=seated, event_id=event.pk)
    actions.register(actor=waiting, event_id=event.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(actor=None, ahead=datetime.timedelta(days=11)) == 1
        assert actions.send_reminders(actor=None, ahead=datetime.timedelta(days=11)) == 0
    assert [m.to for m in mail.outbox] == [[seated.email]]
    assert mail.outbox[0].subject.startswith("Reminder")


def test_the_reminder_command_reminds_once(secretariat: Any, django_capture_on_commit_callbacks: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    event = published_event(secretariat)
    (person,) = people(1)
    actions.register(actor=person, event_id=event.pk)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders", "--hours", "300", stdout=out)
        call_command("send_event_reminders", "--hours", "300", stdout=out)
    assert [m.to for m in mail.outbox if m.subject.startswith("Reminder")] == [[person.email]]
    event.refresh_from_db()
    assert event.reminder_sent_at is not None


def test_an_event_links_to_work_plan_activities_and_its_page_shows_them(secretariat: Any) -> None:
    from gcmhub.events.tests.helpers import signed_in
    from gcmhub.workplan.queries import filter_activities

    activity = filter_activities().first()
    assert activity is not None
    event = published_event(secretariat, activities=[activity.pk])
    assert list(event.activities.all()) == [activity]
    page = signed_in(secretariat).get(event.get_absolute_url()).content.decode()
    assert f'href="{activity.get_absolute_url()}"' in page


@pytest.mark.parametrize(
    ("fields", "code"),
    [({"activities": [10**9]}, "unknown_activity"), ({"practices": [10**9]}, "unknown_practice")],
)
def test_links_to_unknown_activities_or_practices_are_refused(
    secretariat: Any, fields: dict[str, Any], code: str
) -> None:
    from gcmhub.events.models import Event

    with pytest.raises(ValidationFailed) as refused:
        actions.create_event(actor=secretariat, details=details(**fields))
    assert refused.value.code == code
    assert not Event.objects.exists()
