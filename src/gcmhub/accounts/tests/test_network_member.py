"""Who counts as one of the Network's own people (members-only situations, talking points and events)."""

from typing import Any

import pytest
from conftest import make_user
from django.contrib.auth.models import AnonymousUser

from gcmhub.accounts.queries import is_network_member


@pytest.mark.django_db
def test_the_secretariat_and_member_organizations_people_are_network_members(
    secretariat: Any, focal_point: Any
) -> None:
    committee = make_user("exco_who", "executive_committee", "WHO")
    assert is_network_member(secretariat)
    assert is_network_member(focal_point)  # IOM
    assert is_network_member(committee)


@pytest.mark.django_db
def test_a_focal_point_of_an_organization_outside_the_network_is_not(
    stakeholder: Any, member_state: Any, outsider: Any
) -> None:
    cso_focal_point = make_user("cso_focal_point", "focal_point", "TEST-CSO")  # added on the platform
    agent_focal_point = make_user("mptfo_focal_point", "focal_point", "MPTFO")  # the Fund's agent
    for person in (cso_focal_point, agent_focal_point, stakeholder, member_state, outsider):
        assert not is_network_member(person), person.username
    assert not is_network_member(AnonymousUser())


@pytest.mark.django_db
def test_an_organization_marked_a_member_later_brings_its_focal_points_in() -> None:
    from gcmhub.reference.models import Organization

    cso_focal_point = make_user("cso_focal_point", "focal_point", "TEST-CSO")
    Organization.objects.filter(acronym="TEST-CSO").update(is_network_member=True)
    assert is_network_member(cso_focal_point)
