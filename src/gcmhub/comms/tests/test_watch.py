"""The situations watch and talking points: Network members only; the secretariat's dashboard items; the
deadline pass as a command and a background job."""

import datetime
from io import StringIO
from typing import Any

import pytest
from conftest import make_user
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gcmhub.comms import queries, watch
from gcmhub.comms.models import Decision, Situation, SituationStatus, TalkingPoint, TalkingPointVersion
from gcmhub.comms.tests.conftest import with_email
from gcmhub.comms.tests.helpers import draft, in_clearance
from gcmhub.core.exceptions import DomainError, ValidationFailed

TODAY = datetime.date(2026, 3, 1)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sahel(secretariat: Any) -> Situation:
    data = watch.SituationData(
        title="Displacement in the central Sahel",
        description="Cross-border movements after the floods.",
        monitoring_since=TODAY,
        region="202",
        countries=["MLI", "NER", "BFA"],
        lead_agencies=["IOM", "UNHCR"],
    )
    return watch.record_situation(actor=secretariat, data=data)


def notes_of(user: Any, days: int = 30) -> TalkingPoint:
    return watch.write_talking_points(
        actor=user,
        title="Regional ministerial meeting",
        body="1. The Network supports regular pathways.",
        review_by=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_the_watch_lists_and_maps_situations_for_members(secretariat: Any, focal_point: Any) -> None:
    situation = sahel(secretariat)
    page = signed_in(focal_point).get(reverse("comms:situations"))
    assert page.status_code == 200
    html = page.content.decode()
    assert situation.title in html and "IOM, UNHCR" in html
    mali = situation.countries.get(iso3="MLI")
    assert f'class="map-cat-3" data-m49="{mali.m49}"' in html  # monitoring colour


def test_the_watch_is_not_for_outsiders(
    client: Client, outsider: Any, member_state: Any, secretariat: Any
) -> None:
    situation = sahel(secretariat)
    for person in (outsider, member_state):
        browser = signed_in(person)
        assert browser.get(reverse("comms:situations")).status_code == 403
        assert browser.get(reverse("comms:situation", args=[situation.pk])).status_code == 403
    assert client.get(reverse("comms:situations")).status_code == 302


def test_the_watch_is_not_for_focal_points_of_organizations_outside_the_network(secretariat: Any) -> None:
    situation = sahel(secretariat)
    browser = signed_in(make_user("cso_focal_point", "focal_point", "TEST-CSO"))
    assert browser.get(reverse("comms:situations")).status_code == 403
    assert browser.get(reverse("comms:situation", args=[situation.pk])).status_code == 403


def test_status_moves_with_its_date(secretariat: Any) -> None:
    situation = sahel(secretariat)
    agreed = watch.set_situation_status(
        actor=secretariat, situation_id=situation.pk, status=SituationStatus.RESPONSE_AGREED, on=TODAY
    )
    assert (agreed.status, agreed.response_agreed_on) == ("response_agreed", TODAY)
    items = queries.dashboard_items(secretariat)
    assert [(i.kind, i.url) for i in items] == [("situation_in_response", situation.get_absolute_url())]
    with pytest.raises(ValidationFailed):
        watch.set_situation_status(
            actor=secretariat,
            situation_id=situation.pk,
            status="closed",
            on=TODAY - datetime.timedelta(days=1),
        )


def test_it_rejects_outsider_on_situation_writes(outsider: Any, focal_point: Any, secretariat: Any) -> None:
    situation = sahel(secretariat)
    count = Situation.objects.count()
    for person in (outsider, focal_point):
        browser = signed_in(person)
        new = browser.post(
            reverse("comms:situation_new"),
            {"title": "x", "description": "y", "language": "en", "monitoring_since": "2026-01-01"},
        )
        status = browser.post(
            reverse("comms:situation_status", args=[situation.pk]), {"status": "closed", "on": "2026-04-01"}
        )
        assert (new.status_code, status.status_code) in ((403, 403),)
    situation.refresh_from_db()
    assert situation.status == SituationStatus.MONITORING and Situation.objects.count() == count


def test_bad_situation_input_is_refused(secretariat: Any) -> None:
    response = signed_in(secretariat).post(
        reverse("comms:situation_new"),
        {
            "title": "x",
            "description": "y",
            "language": "en",
            "monitoring_since": "2026-01-01",
            "countries": "ZZZ",
        },
    )
    assert response.status_code == 422 and "Unknown country code." in response.content.decode()
    assert not Situation.objects.exists()


def test_talking_points_keep_every_version(focal_point: Any) -> None:
    note = notes_of(focal_point)
    later = timezone.localdate() + datetime.timedelta(days=60)
    watch.write_talking_points(
        actor=focal_point, talking_point_id=note.pk, body="2. Revised.", review_by=later
    )
    assert list(note.versions.values_list("number", "body")) == [
        (2, "2. Revised."),
        (1, "1. The Network supports regular pathways."),
    ]
    note.refresh_from_db()
    assert note.review_by == later
    page = signed_in(focal_point).get(reverse("comms:talking_point", args=[note.pk]))
    assert page.status_code == 200 and "2. Revised." in page.content.decode()


def test_talking_points_are_for_members_only(
    client: Client, outsider: Any, stakeholder: Any, focal_point: Any
) -> None:
    note = notes_of(focal_point)
    for person in (outsider, stakeholder):
        browser = signed_in(person)
        assert browser.get(reverse("comms:talking_points")).status_code == 403
        assert browser.get(reverse("comms:talking_point", args=[note.pk])).status_code == 403
        posted = browser.post(
            reverse("comms:talking_point", args=[note.pk]), {"body": "Hijacked.", "review_by": "2099-01-01"}
        )
        assert posted.status_code == 403
        created = browser.post(
            reverse("comms:talking_point_new"), {"title": "x", "body": "y", "review_by": "2099-01-01"}
        )
        assert created.status_code == 403
    assert client.get(reverse("comms:talking_points")).status_code == 302
    assert TalkingPointVersion.objects.count() == 1 and TalkingPoint.objects.count() == 1


def test_stale_talking_points_are_flagged_and_their_owner_emailed_once(
    secretariat: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(focal_point)
    note = notes_of(focal_point, days=5)
    later = timezone.localdate() + datetime.timedelta(days=6)
    assert watch.notify_stale_talking_points(actor=None, today=timezone.localdate()) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert watch.notify_stale_talking_points(actor=None, today=later) == 1
        assert watch.notify_stale_talking_points(actor=None, today=later) == 0
    assert [m.to for m in mail.outbox] == [[focal_point.email]]
    assert note.title in mail.outbox[0].subject
    assert list(queries.stale_talking_points(later)) == [note]


def test_dashboard_items_for_the_secretariat_only(secretariat: Any, focal_point: Any, committee: Any) -> None:
    statement = in_clearance(secretariat, draft(secretariat), days=1)
    items = queries.dashboard_items(secretariat)
    assert [(i.kind, i.label, i.url) for i in items] == [
        ("clearance_waiting", statement.title, reverse("comms:clearance", args=[statement.pk]))
    ]
    assert queries.dashboard_items(focal_point) == []


def test_the_command_applies_the_silence_procedure(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat), silence=True)
    statement.deadline = timezone.now() - datetime.timedelta(minutes=1)
    statement.save()
    out = StringIO()
    call_command("pass_clearance_deadlines", stdout=out)  # queued; the test backend runs it at once
    statement.refresh_from_db()
    assert statement.status == "cleared"
    assert set(statement.clearances.values_list("decision", flat=True)) == {Decision.SILENCE}
    assert "queued" in out.getvalue()


def test_a_talking_point_needs_text_and_a_future_review_date(focal_point: Any) -> None:
    for body, days in (("", 10), ("Text", 0)):
        with pytest.raises(DomainError):
            watch.write_talking_points(
                actor=focal_point,
                title="t",
                body=body,
                review_by=timezone.localdate() + datetime.timedelta(days),
            )
    assert not TalkingPoint.objects.exists()


def test_a_statement_drafted_on_the_page_links_a_situation(secretariat: Any, focal_point: Any) -> None:
    situation = sahel(secretariat)
    response = signed_in(focal_point).post(
        reverse("comms:statement_new"),
        {
            "title": "On the Sahel",
            "body": "The Network stands ready.",
            "language": "en",
            "objectives": "2, 23",
            "countries": "MLI",
            "situations": [str(situation.pk)],
        },
    )
    assert response.status_code == 302
    statement = situation.statements.get()
    assert statement.title == "On the Sahel" and statement.organization is not None
    assert sorted(statement.objectives.values_list("number", flat=True)) == [2, 23]
    page = signed_in(focal_point).get(reverse("comms:situation", args=[situation.pk]))
    assert "On the Sahel" in page.content.decode()
