"""A joint programme's page and a support request's page list the situations linked to them (registered with
`core.related`, as fund and directory may not import comms): for Network members only, as the watch itself;
anyone else sees neither the situations nor the heading, and a situation not linked is never listed."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.comms import watch
from gcmhub.comms.models import Situation
from gcmhub.comms.tests.test_links import programme, support_request
from gcmhub.comms.tests.test_pages import signed_in
from gcmhub.comms.tests.test_watch import sahel
from gcmhub.fund.models import JointProgramme
from gcmhub.fund.tests.conftest import advance

HEADING = '<h2 id="related-situations">Situations on the watch list</h2>'


def pacific(secretariat: Any) -> Situation:
    """A second situation on the watch, linked to nothing."""
    data = watch.SituationData(
        title="Storm displacement in the Pacific",
        description="Islands evacuated ahead of the cyclone season.",
        monitoring_since=datetime.date(2026, 2, 1),
        countries=["FJI"],
    )
    return watch.record_situation(actor=secretariat, data=data)


def link(secretariat: Any, situation: Situation, *, programmes: list[str], requests: list[int]) -> None:
    watch.link_situation(
        actor=secretariat, situation_id=situation.pk, programmes=programmes, support_requests=requests
    )


def situation_item(situation: Situation) -> str:
    return f'<a href="{situation.get_absolute_url()}" dir="auto" lang="en">{situation.title}</a>'


def programme_page(client: Client, joint: JointProgramme) -> str:
    response = client.get(reverse("fund:programme", args=[joint.code]))
    assert response.status_code == 200
    return response.content.decode()


def request_page(client: Client, request: Any) -> str:
    response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def linked(secretariat: Any, focal_point: Any, member_state: Any) -> dict[str, Any]:
    """The Sahel situation linked to IOM's programme (approved, so public) and to Mexico's support request;
    the Pacific situation linked to neither."""
    joint = advance(programme(focal_point), "approved")
    request = support_request(member_state)
    sahel_situation, pacific_situation = sahel(secretariat), pacific(secretariat)
    link(secretariat, sahel_situation, programmes=[joint.code], requests=[request.pk])
    return {"programme": joint, "request": request, "sahel": sahel_situation, "pacific": pacific_situation}


def test_a_member_sees_the_linked_situation_on_the_programme_page(
    focal_point: Any, linked: dict[str, Any]
) -> None:
    page = programme_page(signed_in(focal_point), linked["programme"])

    assert HEADING in page
    assert "Only members of the Network see this list." in page
    assert situation_item(linked["sahel"]) in page
    # Its status and the day it took it (the Sahel situation is monitored since 1 March 2026).
    assert 'Monitoring · <time datetime="2026-03-01">' in page
    assert linked["pacific"].title not in page


def test_a_member_sees_the_linked_situation_on_the_support_request_page(
    secretariat: Any, linked: dict[str, Any]
) -> None:
    page = request_page(signed_in(secretariat), linked["request"])

    assert HEADING in page
    assert situation_item(linked["sahel"]) in page
    assert linked["pacific"].title not in page


def test_the_list_shows_each_situations_current_status_and_its_date(
    secretariat: Any, focal_point: Any, linked: dict[str, Any]
) -> None:
    watch.set_situation_status(
        actor=secretariat,
        situation_id=linked["sahel"].pk,
        status="response_agreed",
        on=datetime.date(2026, 4, 2),
    )
    page = programme_page(signed_in(focal_point), linked["programme"])

    assert 'Response agreed · <time datetime="2026-04-02">' in page
    assert "Monitoring ·" not in page


@pytest.mark.parametrize("who", ["anonymous", "outsider", "fund_manager", "member_state", "stakeholder"])
def test_anyone_outside_the_network_sees_no_situation_on_the_programme_page(
    who: str, request: pytest.FixtureRequest, linked: dict[str, Any]
) -> None:
    client = Client() if who == "anonymous" else signed_in(request.getfixturevalue(who))
    page = programme_page(client, linked["programme"])

    assert linked["programme"].title in page  # the page itself is theirs to read
    assert linked["sahel"].title not in page
    assert "Situations on the watch list" not in page
    assert "related-situations" not in page


def test_the_requesting_state_sees_no_situation_on_its_support_request_page(
    member_state: Any, linked: dict[str, Any]
) -> None:
    page = request_page(signed_in(member_state), linked["request"])

    assert linked["request"].title in page
    assert linked["sahel"].title not in page
    assert "Situations on the watch list" not in page


def test_a_page_with_no_situation_linked_shows_no_heading_even_to_a_member(
    secretariat: Any, focal_point: Any, linked: dict[str, Any]
) -> None:
    link(secretariat, linked["sahel"], programmes=[], requests=[])

    assert "related-situations" not in programme_page(signed_in(focal_point), linked["programme"])
    assert "related-situations" not in request_page(signed_in(secretariat), linked["request"])


def test_situations_linked_to_another_programme_are_not_listed(
    secretariat: Any, focal_point: Any, linked: dict[str, Any]
) -> None:
    other = programme(focal_point)
    link(secretariat, linked["pacific"], programmes=[other.code], requests=[])

    page = programme_page(signed_in(focal_point), linked["programme"])
    assert situation_item(linked["sahel"]) in page
    assert linked["pacific"].title not in page
    assert situation_item(linked["pacific"]) in programme_page(signed_in(focal_point), other)
