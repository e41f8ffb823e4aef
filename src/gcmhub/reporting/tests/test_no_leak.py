"""Drafts, and submitted responses the secretariat has not made public, never reach anyone outside the
organization: not the search index, not the pages, not the API. Made public, a response is searchable and
faceted; reopened, it leaves the index again."""

from typing import Any

import pytest
from django.urls import reverse

from gcmhub.reporting import actions
from gcmhub.reporting.models import Response
from gcmhub.reporting.tests.conftest import build_call, questions
from gcmhub.search.service import request_for, search

SECRET = "zanzibarian clinics"


@pytest.fixture
def draft(secretariat: Any, member_state: Any, django_capture_on_commit_callbacks: Any) -> Response:
    call = build_call(secretariat)
    government = member_state.memberships.get().organization
    with django_capture_on_commit_callbacks(execute=True):
        return actions.save_answers(
            actor=member_state,
            call_id=call.pk,
            organization_id=government.pk,
            answers={questions(call)["text"]: {"text": f"Our {SECRET} serve everyone."}},
        )


def readers_outside(client: Any, outsider: Any, focal_point: Any) -> list[Any]:
    """Anonymous, a signed-in outsider, and another organization's focal point."""
    return [None, outsider, focal_point]


def assert_hidden(client: Any, response: Response, people: list[Any]) -> None:
    for person in people:
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.get(reverse("reporting:response", args=[response.pk])).status_code == 404
        assert client.get(f"/api/v1/reporting/responses/{response.pk}").status_code == 404
        listed = client.get("/api/v1/reporting/responses").json()
        assert response.pk not in [item["id"] for item in listed["items"]]
        call_page = client.get(reverse("reporting:call", args=[response.call_id])).content.decode()
        assert reverse("reporting:response", args=[response.pk]) not in call_page
        search_page = client.get(reverse("search:index"), {"q": "zanzibarian"}).content.decode()
        assert SECRET not in search_page
    assert search(request_for("zanzibarian")).total == 0


def test_a_draft_never_leaks(client: Any, draft: Response, outsider: Any, focal_point: Any) -> None:
    assert_hidden(client, draft, readers_outside(client, outsider, focal_point))


def test_a_submitted_private_response_never_leaks(
    client: Any,
    draft: Response,
    member_state: Any,
    outsider: Any,
    focal_point: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_response(actor=member_state, response_id=draft.pk)
    assert_hidden(client, draft, readers_outside(client, outsider, focal_point))


def test_the_organization_and_the_secretariat_read_the_draft(
    client: Any, draft: Response, member_state: Any, secretariat: Any
) -> None:
    for person in (member_state, secretariat):
        client.force_login(person)
        assert SECRET in client.get(reverse("reporting:response", args=[draft.pk])).content.decode()
        assert client.get(f"/api/v1/reporting/responses/{draft.pk}").json()["status"] == "draft"


def test_a_public_response_is_searchable_and_leaves_the_index_when_reopened(
    client: Any,
    draft: Response,
    member_state: Any,
    secretariat: Any,
    outsider: Any,
    focal_point: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_response(actor=member_state, response_id=draft.pk)
        actions.set_response_public(actor=secretariat, response_id=draft.pk, public=True)
    page = search(request_for("zanzibarian", filters={"objective": ["15"], "country": ["MEX"]}))
    assert page.total == 1
    assert page.hits[0].kind == "call_response"
    assert ("GOV-MEX", 1) in page.facets["organization"]
    # The search page names the kind of result in words, not by its code.
    html = client.get("/search/", {"q": "zanzibarian"}).content.decode()
    assert '<span class="badge">Response to a call for inputs</span>' in html
    assert client.get(f"/api/v1/reporting/responses/{draft.pk}").status_code == 200
    assert SECRET in client.get(reverse("reporting:response", args=[draft.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reopen_response(actor=secretariat, response_id=draft.pk, reason="Add figures.")
    assert_hidden(client, draft, readers_outside(client, outsider, focal_point))


def test_a_call_in_preparation_is_hidden(client: Any, secretariat: Any, outsider: Any) -> None:
    call = build_call(secretariat, publish=False)
    for person in (None, outsider):
        client.logout()
        if person is not None:
            client.force_login(person)
        assert client.get(reverse("reporting:call", args=[call.pk])).status_code == 404
        assert client.get(f"/api/v1/reporting/calls/{call.pk}").status_code == 404
        assert call.title not in client.get(reverse("reporting:calls")).content.decode()
    client.force_login(secretariat)
    assert client.get(reverse("reporting:call", args=[call.pk])).status_code == 200
