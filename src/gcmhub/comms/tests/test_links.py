"""Links a statement makes to situations and events, and a situation to joint programmes and support requests:
set and cleared by page and API by those who may edit, refused to anyone else and for unknown or unseen ids
(changing nothing); shown on each side to those who may see it, situations to Network members only."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.comms import actions, watch
from gcmhub.comms.models import Situation, Statement, StatementStatus
from gcmhub.comms.tests.helpers import draft, in_clearance
from gcmhub.comms.tests.test_clearance import answer_all
from gcmhub.comms.tests.test_pages import published, signed_in
from gcmhub.comms.tests.test_watch import sahel
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.events.models import Event
from gcmhub.events.tests.helpers import published_event


def statement_links(statement: Statement) -> tuple[list[int], list[int]]:
    return (
        sorted(statement.situations.values_list("pk", flat=True)),
        sorted(statement.events.values_list("pk", flat=True)),
    )


def situation_links(situation: Situation) -> tuple[list[str], list[int]]:
    return (
        sorted(situation.programmes.values_list("code", flat=True)),
        sorted(situation.support_requests.values_list("pk", flat=True)),
    )


def programme(code_owner: Any) -> Any:
    """A concept note of IOM's: seen by fund managers, the secretariat and IOM's focal points only."""
    from gcmhub.fund import actions as fund_actions
    from gcmhub.fund.models import Fund

    fund = Fund.objects.filter(code="MPTF").first() or fund_actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )
    return fund_actions.create_programme(
        actor=code_owner,
        fund_code=fund.code,
        title="Safe pathways in the Sahel",
        summary="A joint programme.",
        level="national",
        countries=["MLI"],
        thematic_area=2,
        objectives=[7],
        participants=[{"organization": "IOM", "budget_usd": Decimal("600000.00")}],
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )


def support_request(member_state: Any) -> Any:
    from gcmhub.directory import actions as directory_actions

    return directory_actions.create_request(
        actor=member_state,
        title="Help with a return and reintegration plan",
        description="Details.",
        objectives=[21],
    )


def members_only_event(secretariat: Any) -> Event:
    return published_event(secretariat, title="Network retreat", audience="network_members")


# ---- A statement's links ----------------------------------------------------------------------------------


def test_the_drafter_links_and_unlinks_situations_and_events_on_the_edit_page(
    focal_point: Any, secretariat: Any
) -> None:
    situation, event = sahel(secretariat), published_event(secretariat)
    statement = draft(focal_point)
    url = reverse("comms:statement_edit", args=[statement.pk])
    form = signed_in(focal_point).get(url).content.decode()
    assert f'type="checkbox" name="situations" value="{situation.pk}"' in form
    assert f'type="checkbox" name="events" value="{event.pk}"' in form
    text = {"title": statement.title, "body": statement.body, "language": "en"}
    response = signed_in(focal_point).post(url, {**text, "situations": [situation.pk], "events": [event.pk]})
    assert response.status_code == 302
    assert statement_links(statement) == ([situation.pk], [event.pk])
    assert signed_in(focal_point).post(url, text).status_code == 302
    assert statement_links(statement) == ([], [])


def test_linking_a_cleared_statement_keeps_it_cleared_and_changing_its_text_does_not(
    secretariat: Any, committee: dict[str, Any]
) -> None:
    situation, event = sahel(secretariat), published_event(secretariat)
    statement = in_clearance(secretariat, draft(secretariat, objectives=[7], countries=["MEX"]))
    answer_all(committee, statement.pk)
    text = actions.StatementText(
        title=statement.title,
        body=statement.body,
        objectives=[7],
        countries=["mex"],
        situations=[situation.pk],
    )
    edited = actions.edit_statement(actor=secretariat, statement_id=statement.pk, text=text)
    assert edited.status == StatementStatus.CLEARED
    linked = actions.link_statement(
        actor=secretariat, statement_id=statement.pk, situations=[], events=[event.pk]
    )
    assert linked.status == StatementStatus.CLEARED and statement_links(linked) == ([], [event.pk])
    text.objectives = [7, 8]
    assert actions.edit_statement(actor=secretariat, statement_id=statement.pk, text=text).status == "draft"


def test_the_api_sets_and_clears_a_statements_links(focal_point: Any, secretariat: Any) -> None:
    situation, event = sahel(secretariat), published_event(secretariat)
    statement = draft(focal_point)
    url = f"/api/v1/comms/statements/{statement.pk}/links"
    browser = signed_in(focal_point)
    response = browser.put(
        url, {"situations": [situation.pk], "events": [event.pk]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert (response.json()["situations"], response.json()["events"]) == ([situation.pk], [event.pk])
    assert statement_links(statement) == ([situation.pk], [event.pk])
    cleared = browser.put(url, {"situations": [], "events": []}, content_type="application/json")
    assert cleared.status_code == 200 and statement_links(statement) == ([], [])


@pytest.mark.parametrize("kind", ["missing situation", "missing event", "members-only event", "draft event"])
def test_an_unknown_or_unseen_link_is_refused_and_changes_nothing(
    kind: str, focal_point: Any, secretariat: Any
) -> None:
    from gcmhub.events import actions as event_actions
    from gcmhub.events.tests.helpers import details

    situation, event = sahel(secretariat), published_event(secretariat)
    statement = draft(focal_point, situations=[situation.pk], events=[event.pk])
    bad = {
        "missing situation": {"situations": [situation.pk + 1000], "events": []},
        "missing event": {"situations": [], "events": [event.pk + 1000]},
        "members-only event": {"situations": [], "events": [members_only_event(secretariat).pk]},
        "draft event": {
            "situations": [],
            "events": [event_actions.create_event(actor=secretariat, details=details(title="Draft")).pk],
        },
    }[kind]
    api = signed_in(focal_point).put(
        f"/api/v1/comms/statements/{statement.pk}/links", bad, content_type="application/json"
    )
    assert api.status_code == 422 and api["Content-Type"].startswith("application/problem+json")
    page = signed_in(focal_point).post(
        reverse("comms:statement_edit", args=[statement.pk]),
        {"title": statement.title, "body": statement.body, "language": "en", **bad},
    )
    assert page.status_code == 422
    assert statement_links(statement) == ([situation.pk], [event.pk])


def test_a_huge_id_is_a_422_not_a_server_error(focal_point: Any) -> None:
    statement = draft(focal_point)
    response = signed_in(focal_point).put(
        f"/api/v1/comms/statements/{statement.pk}/links",
        {"situations": [2**63], "events": []},
        content_type="application/json",
    )
    assert response.status_code == 422


def test_it_rejects_outsider_linking_a_statement(
    client: Client, outsider: Any, other_focal_point: Any, member_state: Any, secretariat: Any
) -> None:
    situation, event = sahel(secretariat), published_event(secretariat)
    statement = draft(secretariat)
    body = {"situations": [situation.pk], "events": [event.pk]}
    api_url = f"/api/v1/comms/statements/{statement.pk}/links"
    page_url = reverse("comms:statement_edit", args=[statement.pk])
    text = {"title": statement.title, "body": statement.body, "language": "en", **body}
    for person in (outsider, other_focal_point, member_state):
        browser = signed_in(person)
        assert browser.put(api_url, body, content_type="application/json").status_code in (403, 404), person
        assert browser.post(page_url, text).status_code in (403, 404), person
    assert client.put(api_url, body, content_type="application/json").status_code == 401
    assert statement_links(statement) == ([], [])


def test_a_published_statement_keeps_its_links(
    focal_point: Any, secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = published(secretariat, committee)
    response = signed_in(secretariat).put(
        f"/api/v1/comms/statements/{statement.pk}/links",
        {"situations": [sahel(secretariat).pk], "events": []},
        content_type="application/json",
    )
    assert response.status_code == 403 and statement_links(statement) == ([], [])


# ---- Who sees a statement's situations, and an event's statements ----------------------------------------


def test_a_statements_situations_are_shown_to_network_members_only(
    client: Client,
    outsider: Any,
    member_state: Any,
    focal_point: Any,
    secretariat: Any,
    committee: dict[str, Any],
) -> None:
    situation, event = sahel(secretariat), published_event(secretariat)
    statement = published(secretariat, committee, situations=[situation.pk], events=[event.pk])
    page_url, api_url = (
        reverse("comms:statement", args=[statement.pk]),
        f"/api/v1/comms/statements/{statement.pk}",
    )
    member_page = signed_in(focal_point).get(page_url).content.decode()
    assert situation.title in member_page and situation.get_absolute_url() in member_page
    assert signed_in(focal_point).get(api_url).json()["situations"] == [situation.pk]
    for visitor in (client, signed_in(outsider), signed_in(member_state)):
        page = visitor.get(page_url).content.decode()
        assert (
            event.title in page and situation.title not in page and situation.get_absolute_url() not in page
        )
        one = visitor.get(api_url).json()
        assert (one["situations"], one["events"]) == ([], [event.pk])
        listed = visitor.get("/api/v1/comms/statements").json()["items"]
        assert [(item["id"], item["situations"]) for item in listed] == [(statement.pk, [])]


def test_an_event_page_lists_the_statements_about_it_that_the_reader_may_read(
    client: Client, focal_point: Any, secretariat: Any, committee: dict[str, Any]
) -> None:
    event = published_event(secretariat)
    shown = published(secretariat, committee, title="Statement on the regional review", events=[event.pk])
    hidden = draft(focal_point, title="Draft about the regional review", events=[event.pk])
    public_page = client.get(event.get_absolute_url()).content.decode()
    assert shown.get_absolute_url() in public_page and shown.title in public_page
    assert hidden.title not in public_page
    drafter_page = signed_in(focal_point).get(event.get_absolute_url()).content.decode()
    assert hidden.get_absolute_url() in drafter_page


# ---- A situation's links ----------------------------------------------------------------------------------


def test_the_secretariat_links_and_unlinks_programmes_and_requests_on_the_page(
    secretariat: Any, focal_point: Any, member_state: Any
) -> None:
    situation, joint, request = sahel(secretariat), programme(focal_point), support_request(member_state)
    url = reverse("comms:situation_links", args=[situation.pk])
    browser = signed_in(secretariat)
    form = browser.get(url).content.decode()
    assert f'type="checkbox" name="programmes" value="{joint.code}"' in form
    assert f'type="checkbox" name="support_requests" value="{request.pk}"' in form
    response = browser.post(url, {"programmes": [joint.code], "support_requests": [request.pk]})
    assert response.status_code == 302
    assert situation_links(situation) == ([joint.code], [request.pk])
    page = browser.get(situation.get_absolute_url()).content.decode()
    assert reverse("fund:programme", args=[joint.code]) in page and request.get_absolute_url() in page
    assert browser.post(url, {}).status_code == 302
    assert situation_links(situation) == ([], [])


def test_the_api_sets_and_clears_a_situations_links(
    secretariat: Any, focal_point: Any, member_state: Any
) -> None:
    situation, joint, request = sahel(secretariat), programme(focal_point), support_request(member_state)
    url = f"/api/v1/comms/situations/{situation.pk}/links"
    browser = signed_in(secretariat)
    response = browser.put(
        url, {"programmes": [joint.code], "support_requests": [request.pk]}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["programmes"], answer["support_requests"]) == ([joint.code], [request.pk])
    assert situation_links(situation) == ([joint.code], [request.pk])
    cleared = browser.put(url, {"programmes": [], "support_requests": []}, content_type="application/json")
    assert cleared.status_code == 200 and situation_links(situation) == ([], [])


def test_unknown_programmes_and_requests_are_refused_and_change_nothing(
    secretariat: Any, focal_point: Any, member_state: Any
) -> None:
    situation, joint, request = sahel(secretariat), programme(focal_point), support_request(member_state)
    watch.link_situation(
        actor=secretariat, situation_id=situation.pk, programmes=[joint.code], support_requests=[request.pk]
    )
    for bad in (
        {"programmes": ["NO-SUCH-CODE"], "support_requests": []},
        {"programmes": [], "support_requests": [request.pk + 1000]},
    ):
        api = signed_in(secretariat).put(
            f"/api/v1/comms/situations/{situation.pk}/links", bad, content_type="application/json"
        )
        assert api.status_code == 422 and api["Content-Type"].startswith("application/problem+json")
        page = signed_in(secretariat).post(reverse("comms:situation_links", args=[situation.pk]), bad)
        assert page.status_code == 422
        assert situation_links(situation) == ([joint.code], [request.pk])
    with pytest.raises(ValidationFailed) as caught:
        watch.link_situation(
            actor=secretariat, situation_id=situation.pk, programmes=["NO-SUCH-CODE"], support_requests=[]
        )
    assert caught.value.code == "unknown_programme"


def test_it_rejects_outsider_linking_a_situation(
    client: Client, outsider: Any, focal_point: Any, member_state: Any, secretariat: Any
) -> None:
    situation, joint, request = sahel(secretariat), programme(focal_point), support_request(member_state)
    body = {"programmes": [joint.code], "support_requests": [request.pk]}
    api_url = f"/api/v1/comms/situations/{situation.pk}/links"
    page_url = reverse("comms:situation_links", args=[situation.pk])
    # A Network focal point sees the watch but does not keep it; the others do not even see it.
    for person in (outsider, focal_point, member_state):
        browser = signed_in(person)
        assert browser.put(api_url, body, content_type="application/json").status_code == 403, person
        assert browser.get(page_url).status_code == 403, person
        assert browser.post(page_url, body).status_code == 403, person
    assert client.put(api_url, body, content_type="application/json").status_code == 401
    assert client.post(page_url, body).status_code == 302  # to the sign-in page
    assert situation_links(situation) == ([], [])


def test_a_situation_shows_each_member_only_the_links_they_may_see(
    secretariat: Any, focal_point: Any, other_focal_point: Any, member_state: Any
) -> None:
    situation, joint, request = sahel(secretariat), programme(focal_point), support_request(member_state)
    mine = draft(focal_point, title="IOM draft on the Sahel", situations=[situation.pk])
    watch.link_situation(
        actor=secretariat, situation_id=situation.pk, programmes=[joint.code], support_requests=[request.pk]
    )
    everything = signed_in(secretariat).get(situation.get_absolute_url()).content.decode()
    assert joint.title in everything and request.title in everything and mine.title in everything
    other = signed_in(other_focal_point)
    page = other.get(situation.get_absolute_url()).content.decode()
    assert joint.title not in page and request.title not in page and mine.title not in page
    listed = other.get("/api/v1/comms/situations").json()["items"]
    assert [(i["statements"], i["programmes"], i["support_requests"]) for i in listed] == [([], [], [])]
    iom = signed_in(focal_point).get("/api/v1/comms/situations").json()["items"]
    assert [(i["statements"], i["programmes"]) for i in iom] == [([mine.pk], [joint.code])]
