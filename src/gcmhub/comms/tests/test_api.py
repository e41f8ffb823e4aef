"""The comms API: the public reads published statements only; an Executive Committee member answers a
clearance; outsiders change nothing; the situations watch is for Network members."""

from typing import Any

from django.test import Client

from gcmhub.comms.models import Decision
from gcmhub.comms.tests.helpers import draft, in_clearance, snapshot
from gcmhub.comms.tests.test_pages import published, signed_in
from gcmhub.comms.tests.test_watch import sahel


def test_the_public_lists_published_statements_only(
    client: Client, secretariat: Any, committee: dict[str, Any]
) -> None:
    shown = published(secretariat, committee, title="Published one")
    hidden = draft(secretariat, title="Hidden draft")
    items = client.get("/api/v1/comms/statements").json()["items"]
    assert [item["title"] for item in items] == [shown.title]
    assert client.get(f"/api/v1/comms/statements/{hidden.pk}").status_code == 404
    one = client.get(f"/api/v1/comms/statements/{shown.pk}").json()
    assert (one["status"], one["url"]) == ("published", f"/comms/statements/{shown.pk}/")


def test_a_committee_member_answers_by_api(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    response = signed_in(committee["ILO"]).post(
        f"/api/v1/comms/statements/{statement.pk}/clearance",
        {"decision": "comments", "comment": "Mention decent work."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "statement": statement.pk,
        "round": 1,
        "organization": "ILO",
        "decision": "comments",
        "comment": "Mention decent work.",
    }
    assert statement.clearances.get(organization__acronym="ILO").decision == Decision.COMMENTS


def test_it_rejects_outsider_by_api(outsider: Any, secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    before = snapshot(statement)
    response = signed_in(outsider).post(
        f"/api/v1/comms/statements/{statement.pk}/clearance",
        {"decision": "cleared"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
    assert snapshot(statement) == before


def test_an_objection_without_a_reason_is_a_422_problem(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    before = snapshot(statement)
    response = signed_in(committee["WHO"]).post(
        f"/api/v1/comms/statements/{statement.pk}/clearance",
        {"decision": "objected"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["type"] == "about:blank#no_reason"
    assert snapshot(statement) == before


def test_situations_are_for_members_by_api(
    client: Client, outsider: Any, focal_point: Any, secretariat: Any
) -> None:
    situation = sahel(secretariat)
    assert client.get("/api/v1/comms/situations").status_code == 401
    assert signed_in(outsider).get("/api/v1/comms/situations").status_code == 403
    items = signed_in(focal_point).get("/api/v1/comms/situations").json()["items"]
    assert [(i["id"], i["countries"]) for i in items] == [(situation.pk, ["BFA", "MLI", "NER"])]
