"""History pages: audit events of results and activities rendered as who, when, field, before → after."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gcmhub.core.audit import acting_as, history_for, record_event
from gcmhub.core.tests.typed import present
from gcmhub.reference.models import Organization
from gcmhub.workplan import actions
from gcmhub.workplan.models import Activity, ExpectedResult, Section
from gcmhub.workplan.queries import activity_history
from gcmhub.workplan.views.history import history_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    # A request in another language leaves it active in this thread; later tests expect English URLs.
    yield
    translation.activate("en")


def cc_result(number: int) -> ExpectedResult:
    return ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=number
    )


def first_activity(result: ExpectedResult) -> Activity:
    activity = result.activities.order_by("position").first()
    assert activity is not None
    return activity


def test_status_values_are_shown_as_labels(secretariat: Any) -> None:
    activity = first_activity(cc_result(6))
    actions.update_activity(actor=secretariat, activity_id=activity.pk, status="delayed")
    row = history_rows(activity_history(activity))[0]
    assert row.actor == "secretariat"
    assert row.action == "Changed"
    assert row.subject == "Activity"
    status = next(change for change in row.changes if change.field == "Status")
    assert (status.before, status.after) == ("Not started", "Delayed")


def test_lead_is_shown_by_acronym_and_participants_as_added_and_removed(secretariat: Any) -> None:
    activity = first_activity(cc_result(6))
    iom, desa = Organization.objects.get(acronym="IOM"), Organization.objects.get(acronym="DESA")
    actions.update_activity(actor=secretariat, activity_id=activity.pk, lead=iom, participants=[iom, desa])
    actions.update_activity(actor=secretariat, activity_id=activity.pk, participants=[desa])
    changes = [change for row in history_rows(activity_history(activity)) for change in row.changes]
    lead = next(change for change in changes if change.field == "Lead organization")
    assert (lead.before, lead.after) == (None, "IOM")
    operations = {(c.operation, c.after) for c in changes if c.field == "Participating organizations"}
    assert ("removed", "IOM") in operations
    assert any(
        op == "added" and set(present(names).split(", ")) == {"DESA", "IOM"} for op, names in operations
    )


def test_progress_updates_appear_in_the_activity_history(client: Client, focal_point: Any) -> None:
    activity = first_activity(cc_result(6))
    actions.add_progress_update(
        actor=focal_point, activity_id=activity.pk, text="Draft resolution inputs sent.", status="in_progress"
    )
    rows = history_rows(activity_history(activity))
    created = next(row for row in rows if row.subject == "Progress update")
    assert created.is_create
    assert created.actor == "focal_point"
    after = {change.field: change.after for change in created.changes}
    assert after["Text"] == "Draft resolution inputs sent."
    assert after["Status"] == "In progress"
    assert after["Author"] == "focal_point"

    body = client.get(reverse("workplan:activity_history", args=[activity.pk])).content.decode()
    assert "Created: Progress update" in body
    assert "Draft resolution inputs sent." in body


def test_result_history_page_shows_changes(client: Client, secretariat: Any) -> None:
    result = cc_result(6)
    old_title = result.title
    with acting_as(secretariat):
        result.title = "Support to the International Migration Review Forum"
        result.membership_tbd = True
        result.save()
    response = client.get(reverse("workplan:result_history", args=[result.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "History of an expected result" in body
    assert "<td>secretariat</td>" in body
    assert '<span class="field">Title</span>:' in body
    assert f'<span class="before" dir="auto">{old_title}</span>' in body
    assert '<span class="after" dir="auto">Support to the International Migration Review Forum</span>' in body
    assert '<span class="field">Membership to be determined</span>:' in body
    assert '<span class="after" dir="auto">yes</span>' in body
    assert len(history_rows(history_for(result))) == history_for(result).count()


def test_explicit_events_show_their_note(client: Client, secretariat: Any) -> None:
    result = cc_result(1)
    record_event(result, actor=secretariat, note="Checked against the signed plan.")
    body = client.get(reverse("workplan:result_history", args=[result.pk])).content.decode()
    assert "Checked against the signed plan." in body


def test_history_pages_of_unknown_records_are_404(client: Client) -> None:
    assert client.get(reverse("workplan:activity_history", args=[999999])).status_code == 404
    assert client.get(reverse("workplan:result_history", args=[999999])).status_code == 404


def test_history_arrow_points_the_reading_way_in_arabic(client: Client, secretariat: Any) -> None:
    activity = first_activity(cc_result(6))
    actions.update_activity(actor=secretariat, activity_id=activity.pk, status="delayed")
    url = reverse("workplan:activity_history", args=[activity.pk])
    body = client.get("/ar" + url).content.decode()
    assert '<span aria-hidden="true">←</span>' in body
    body = client.get(url).content.decode()
    assert '<span aria-hidden="true">→</span>' in body


def test_activity_page_shows_the_latest_history_and_links_the_full_page(
    client: Client, secretariat: Any
) -> None:
    activity = first_activity(cc_result(6))
    for status in ["in_progress", "delayed"] * 6:
        actions.update_activity(actor=secretariat, activity_id=activity.pk, status=status)
    body = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    history = body.split('<section id="history"')[1]
    assert history.count("<tr>") == 1 + 10  # header row + the ten latest events
    assert "See the full history" in history
    assert f'href="{reverse("workplan:activity_history", args=[activity.pk])}"' in history
