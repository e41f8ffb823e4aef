"""A signed-in person who may not update an activity is told why: which organizations' focal points may."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ExpectedResult, Section

pytestmark = pytest.mark.django_db


def cc6_activity() -> Activity:
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    activity = result.activities.order_by("position").first()
    assert activity is not None
    return activity


def named_organizations(activity: Activity) -> list[str]:
    return sorted(activity.result.organizations.values_list("acronym", flat=True))


def test_the_page_names_the_organizations_whose_focal_points_may_update(
    client: Client, other_focal_point: Any
) -> None:
    activity = cc6_activity()
    activity.lead = Organization.objects.get(acronym="ILO")
    activity.save()
    client.force_login(other_focal_point)
    page = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    expected = sorted({"ILO", *named_organizations(activity)})
    assert 'id="why-not-allowed"' in page
    assert f"({', '.join(expected)})" in page
    assert "Update this activity" not in page


def test_a_refused_update_says_the_same(client: Client, outsider: Any) -> None:
    activity = cc6_activity()
    client.force_login(outsider)
    response = client.post(reverse("workplan:activity_progress", args=[activity.pk]), {"text": "x"})
    assert response.status_code == 403
    assert f"({', '.join(named_organizations(activity))})" in response.content.decode()


def test_with_no_organization_named_only_the_secretariat_may(client: Client, outsider: Any) -> None:
    activity = cc6_activity()
    activity.result.organizations.clear()
    activity.participants.clear()
    activity.lead = None
    activity.save()
    client.force_login(outsider)
    page = client.get(reverse("workplan:activity", args=[activity.pk])).content.decode()
    assert "only the secretariat may update it" in page


def test_those_who_may_update_see_the_forms_not_the_message(client: Client, focal_point: Any) -> None:
    client.force_login(focal_point)
    page = client.get(reverse("workplan:activity", args=[cc6_activity().pk])).content.decode()
    assert "Update this activity" in page
    assert 'id="why-not-allowed"' not in page


def test_anonymous_readers_are_asked_to_sign_in_instead(client: Client) -> None:
    page = client.get(reverse("workplan:activity", args=[cc6_activity().pk])).content.decode()
    assert 'id="why-not-allowed"' not in page
    assert "to report progress if your organization works on this activity" in page
