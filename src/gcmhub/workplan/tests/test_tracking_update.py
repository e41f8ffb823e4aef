"""The tracking form: lead, participating organizations and planned dates of an activity."""

import datetime
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ExpectedResult, LeadSource, Section

pytestmark = pytest.mark.django_db


def cc6_activity() -> Activity:
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    activity = result.activities.order_by("position").first()
    assert activity is not None
    return activity


def org(acronym: str) -> Organization:
    return Organization.objects.get(acronym=acronym)


def nhri() -> Organization:
    return Organization.objects.get_or_create(
        acronym="TEST-NHRI", defaults={"name": "Test Human Rights Commission", "kind": Organization.Kind.NHRI}
    )[0]


def cso() -> Organization:
    return Organization.objects.get_or_create(
        acronym="TEST-CSO", defaults={"name": "Migrant Rights Test Coalition", "kind": Organization.Kind.CSO}
    )[0]


def snapshot(activity: Activity) -> tuple[Any, ...]:
    activity.refresh_from_db()
    participants = sorted(activity.participants.values_list("acronym", flat=True))
    return (
        activity.lead_id,
        participants,
        activity.planned_start,
        activity.planned_end,
        LogEntry.objects.count(),
    )


def good_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        # IOM is the lead the import proposed; the form hands the lead to DESA.
        "lead": str(org("DESA").pk),
        "participants": [str(org("DESA").pk), str(org("OHCHR").pk)],
        "planned_start": "2025-01-15",
        "planned_end": "2025-08-31",
    }
    data.update(overrides)
    return data


def update_url(activity: Activity) -> str:
    return reverse("workplan:activity_update", args=[activity.pk])


def test_the_form_shows_the_current_values(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    nhri(), cso()
    client.force_login(focal_point)
    body = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    assert f'action="{update_url(activity)}"' in body
    assert '<label for="id_lead">Lead organization</label>' in body
    assert f'value="{activity.planned_end:%Y-%m-%d}"' in body
    assert '<label for="id_participants">Participating organizations</label>' in body
    assert '<select name="participants" size="10"' in body and "multiple" in body
    # Any organization may lead or take part: governments, civil society and NHRIs too.
    for some in (org("GOV-MEX"), nhri(), cso()):
        assert f'value="{some.pk}"' in body, some.kind


def test_the_participant_picker_is_one_light_list_grouped_by_kind(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    activity.participants.add(org("OHCHR"))
    client.force_login(focal_point)
    body = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    start = body.index('<select name="participants"')
    picker = body[start : body.index("</select>", start)]
    organizations = Organization.objects.count()
    assert organizations > 150  # every government is offered
    # One option per organization, about 60 bytes each; a checkbox and its label took about 170.
    assert picker.count("<option ") == organizations
    assert len(picker.encode()) < 90 * organizations
    assert '<optgroup label="UN entity">' in picker and '<optgroup label="Government">' in picker
    assert picker.index('<optgroup label="UN entity">') < picker.index('<optgroup label="Government">')
    assert f'<option value="{org("OHCHR").pk}" selected>' in picker
    assert f'<option value="{org("GOV-MEX").pk}">' in picker


def test_focal_point_sets_lead_participants_and_dates(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    response = client.post(update_url(activity), good_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("workplan:activity", args=[activity.pk])
    activity.refresh_from_db()
    assert (activity.lead, activity.lead_source) == (org("DESA"), LeadSource.MANUAL)
    assert sorted(activity.participants.values_list("acronym", flat=True)) == ["DESA", "OHCHR"]
    assert (activity.planned_start, activity.planned_end) == (
        datetime.date(2025, 1, 15),
        datetime.date(2025, 8, 31),
    )

    body = client.get(response["Location"]).content.decode()
    assert "The tracking details have been saved." in body
    assert ">DESA</abbr>" in body and ">OHCHR</abbr>" in body


def test_the_history_shows_each_tracking_change(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    old_end = activity.planned_end
    client.force_login(focal_point)
    client.post(update_url(activity), good_post())
    body = client.get(reverse("workplan:activity_history", args=[activity.pk])).content.decode()
    assert '<span class="field">Lead organization</span>:' in body
    assert '<span class="before" dir="auto">IOM</span>' in body
    assert '<span class="after" dir="auto">DESA</span>' in body
    assert f'<span class="before" dir="auto">{old_end:%Y-%m-%d}</span>' in body
    assert '<span class="after" dir="auto">2025-08-31</span>' in body
    assert "added <bdi>DESA, OHCHR</bdi>" in body or "added <bdi>OHCHR, DESA</bdi>" in body


def test_empty_fields_clear_the_values(client: Client, secretariat: Any) -> None:
    activity = cc6_activity()
    Activity.objects.filter(pk=activity.pk).update(lead=org("IOM"))
    activity.participants.add(org("DESA"))
    client.force_login(secretariat)
    response = client.post(update_url(activity), {"lead": "", "planned_start": "", "planned_end": ""})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.lead, activity.planned_start, activity.planned_end) == (None, None, None)
    assert not activity.participants.exists()


def test_secretariat_updates_an_activity_of_any_result(client: Client, secretariat: Any) -> None:
    activity = Activity.objects.filter(
        result__section__version__is_current=True, result__section__kind=Section.Kind.THEMATIC_AREA
    ).first()
    assert activity is not None
    client.force_login(secretariat)
    assert client.post(update_url(activity), good_post(lead=str(org("UNHCR").pk))).status_code == 302
    activity.refresh_from_db()
    assert activity.lead == org("UNHCR")


@pytest.mark.parametrize("persona", ["other_focal_point", "outsider"])
def test_it_rejects_those_who_may_not_update(client: Client, persona: str, request: Any) -> None:
    activity = cc6_activity()
    client.force_login(request.getfixturevalue(persona))
    before = snapshot(activity)
    response = client.post(update_url(activity), good_post())
    assert response.status_code == 403
    assert "may update it" in response.content.decode()
    assert snapshot(activity) == before


def test_it_redirects_anonymous_to_login(client: Client) -> None:
    activity = cc6_activity()
    before = snapshot(activity)
    response = client.post(update_url(activity), good_post())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot(activity) == before


def test_it_requires_a_csrf_token(focal_point: Any) -> None:
    activity = cc6_activity()
    client = Client(enforce_csrf_checks=True)
    client.force_login(focal_point)
    before = snapshot(activity)
    assert client.post(update_url(activity), good_post()).status_code == 403
    assert snapshot(activity) == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"planned_start": "2025-09-01", "planned_end": "2025-08-31"}, "The planned end cannot be before"),
        ({"planned_end": "31/08/2025x"}, "Enter a valid date."),
        ({"lead": "999999"}, "Select a valid choice."),
        ({"participants": ["not-a-number"]}, "is not a valid value"),
    ],
)
def test_it_rejects_bad_input(
    client: Client, focal_point: Any, overrides: dict[str, Any], message: str
) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    before = snapshot(activity)
    response = client.post(update_url(activity), good_post(**overrides))
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body
    assert "Save tracking" in body
    assert snapshot(activity) == before


def test_a_government_can_lead_and_civil_society_take_part(client: Client, focal_point: Any) -> None:
    activity = cc6_activity()
    client.force_login(focal_point)
    post = good_post(lead=str(org("GOV-MEX").pk), participants=[str(nhri().pk), str(cso().pk)])
    response = client.post(update_url(activity), post)
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.lead, activity.lead_source) == (org("GOV-MEX"), LeadSource.MANUAL)
    assert set(activity.participants.all()) == {nhri(), cso()}
