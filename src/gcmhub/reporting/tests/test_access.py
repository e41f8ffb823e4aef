"""Every write refuses an outsider (page and API) and changes nothing; an organization cannot answer for
another; only the secretariat prepares calls, reopens and publishes responses."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from gcmhub.reporting import actions
from gcmhub.reporting.models import Answer, Call, Question, Response, Section
from gcmhub.reporting.tests.conftest import build_call, days, questions

JSON = "application/json"


def state() -> list[Any]:
    """Row counts (audit events included) and every response's state: a refused write changes none."""
    counts = [m.objects.count() for m in (Call, Section, Question, Response, Answer, LogEntry)]
    return [
        counts,
        list(Response.objects.order_by("pk").values_list("status", "is_public", "review_resource")),
    ]


@pytest.fixture
def submitted(secretariat: Any, member_state: Any) -> Response:
    call = build_call(secretariat)
    ids = questions(call)
    government = member_state.memberships.get().organization
    response = actions.save_answers(
        actor=member_state,
        call_id=call.pk,
        organization_id=government.pk,
        answers={ids["text"]: {"text": "Ours."}},
    )
    return actions.submit_response(actor=member_state, response_id=response.pk)


def api_writes(call: Call, response: Response) -> list[tuple[str, str, dict[str, Any]]]:
    section = call.sections.get()
    text = questions(call)["text"]
    base = "/api/v1/reporting"
    return [
        (
            "post",
            f"{base}/calls",
            {
                "title": "T",
                "purpose": "thematic",
                "audiences": ["stakeholders"],
                "opens_on": str(days(0)),
                "closes_on": str(days(9)),
            },
        ),
        ("patch", f"{base}/calls/{call.pk}", {"title": "Renamed"}),
        ("post", f"{base}/calls/{call.pk}/sections", {"title": "S"}),
        (
            "post",
            f"{base}/calls/{call.pk}/questions",
            {"section": section.pk, "text": "Q?", "answer_type": "text"},
        ),
        ("post", f"{base}/calls/{call.pk}/publish", {}),
        (
            "put",
            f"{base}/calls/{call.pk}/responses/GOV-MEX",
            {"answers": [{"question": text, "text": "Mine"}]},
        ),
        (
            "put",
            f"{base}/calls/{call.pk}/responses/TEST-CSO",
            {"answers": [{"question": text, "text": "Mine"}]},
        ),
        ("post", f"{base}/responses/{response.pk}/submit", {}),
        ("post", f"{base}/responses/{response.pk}/reopen", {"reason": "Because."}),
        ("post", f"{base}/responses/{response.pk}/visibility", {"public": True}),
        ("post", f"{base}/responses/{response.pk}/review", {}),
    ]


def page_writes(call: Call, response: Response) -> list[tuple[str, dict[str, Any]]]:
    section = call.sections.get()
    return [
        (
            reverse("reporting:call_create"),
            {
                "title": "T",
                "purpose": "thematic",
                "audiences": ["stakeholders"],
                "opens_on": str(days(0)),
                "closes_on": str(days(9)),
            },
        ),
        (reverse("reporting:call_edit", args=[call.pk]), {"title": "Renamed"}),
        (reverse("reporting:section_add", args=[call.pk]), {"title": "S"}),
        (
            reverse("reporting:question_add", args=[call.pk]),
            {"section": section.pk, "text": "Q?", "answer_type": "text"},
        ),
        (reverse("reporting:call_publish", args=[call.pk]), {}),
        (reverse("reporting:respond", args=[call.pk, "GOV-MEX"]), {"language": "en", "submit": "1"}),
        (reverse("reporting:reopen", args=[response.pk]), {"reason": "Because."}),
        (reverse("reporting:visibility", args=[response.pk]), {"public": "1"}),
        (reverse("reporting:review", args=[response.pk]), {}),
    ]


def test_it_rejects_an_outsider_on_every_api_write(client: Any, outsider: Any, submitted: Response) -> None:
    client.force_login(outsider)
    before = state()
    for method, path, body in api_writes(submitted.call, submitted):
        answer = getattr(client, method)(path, body, content_type=JSON)
        assert answer.status_code in (403, 404), (path, answer.status_code, answer.content)
        assert answer["Content-Type"].startswith("application/problem+json")
    assert state() == before
    assert Call.objects.get(pk=submitted.call_id).title == "Inputs to the 2026 biennial report"


def test_it_rejects_an_anonymous_caller_on_every_api_write(client: Any, submitted: Response) -> None:
    before = state()
    for method, path, body in api_writes(submitted.call, submitted):
        assert getattr(client, method)(path, body, content_type=JSON).status_code == 401, path
    assert state() == before


def test_it_rejects_an_outsider_on_every_page_write(client: Any, outsider: Any, submitted: Response) -> None:
    client.force_login(outsider)
    before = state()
    for path, body in page_writes(submitted.call, submitted):
        answer = client.post(path, body)
        assert answer.status_code in (403, 404), (path, answer.status_code)
    assert state() == before


def test_an_unpublished_call_cannot_be_answered(secretariat: Any, member_state: Any) -> None:
    from gcmhub.core.exceptions import NotFound

    call = build_call(secretariat, publish=False)
    government = member_state.memberships.get().organization
    with pytest.raises(NotFound):
        actions.save_answers(actor=member_state, call_id=call.pk, organization_id=government.pk, answers={})
    assert not Response.objects.exists()


def test_a_call_not_yet_open_cannot_be_answered(client: Any, secretariat: Any, member_state: Any) -> None:
    call = build_call(secretariat, opens=2, closes=20)
    client.force_login(member_state)
    text = questions(call)["text"]
    answer = client.put(
        f"/api/v1/reporting/calls/{call.pk}/responses/GOV-MEX",
        {"answers": [{"question": text, "text": "Early"}]},
        content_type=JSON,
    )
    assert answer.status_code == 422
    assert not Response.objects.exists()


def test_a_focal_point_cannot_answer_for_another_organization(
    client: Any, secretariat: Any, focal_point: Any, other_focal_point: Any
) -> None:
    call = build_call(secretariat)
    text = questions(call)["text"]
    client.force_login(focal_point)
    path = f"/api/v1/reporting/calls/{call.pk}/responses/IOM"
    assert (
        client.put(path, {"answers": [{"question": text, "text": "IOM"}]}, content_type=JSON).status_code
        == 200
    )
    response = Response.objects.get()
    client.force_login(other_focal_point)  # UNEP
    assert (
        client.put(path, {"answers": [{"question": text, "text": "UNEP"}]}, content_type=JSON).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/reporting/responses/{response.pk}/submit", content_type=JSON).status_code == 404
    )
    assert client.get(reverse("reporting:respond", args=[call.pk, "IOM"])).status_code == 404
    assert Answer.objects.get().text == "IOM"


def test_a_member_state_cannot_answer_as_a_stakeholder(
    client: Any, secretariat: Any, member_state: Any
) -> None:
    call = build_call(secretariat)
    text = questions(call)["text"]
    client.force_login(member_state)
    path = f"/api/v1/reporting/calls/{call.pk}/responses/TEST-CSO"
    assert client.put(
        path, {"answers": [{"question": text, "text": "x"}]}, content_type=JSON
    ).status_code in (403, 404)
    assert not Response.objects.exists()


def test_bad_answers_are_refused_and_change_nothing(client: Any, secretariat: Any, member_state: Any) -> None:
    call = build_call(secretariat)
    ids = questions(call)
    client.force_login(member_state)
    path = f"/api/v1/reporting/calls/{call.pk}/responses/GOV-MEX"
    for answers in (
        [{"question": ids["choice"], "selected": ["Maybe"]}],
        [{"question": ids["choice"], "selected": ["Yes", "No"]}],
        [{"question": 999999, "text": "x"}],
        [{"question": ids["text"], "text": "x", "mood": "happy"}],
        [{"question": ids["file"], "text": "x"}],
    ):
        answer = client.put(path, {"answers": answers}, content_type=JSON)
        assert answer.status_code == 422, answers
    assert not Response.objects.exists()


def test_only_the_secretariat_and_executive_committee_see_the_dashboard(
    client: Any, secretariat: Any, member_state: Any
) -> None:
    call = build_call(secretariat)
    client.force_login(member_state)
    assert client.get(reverse("reporting:dashboard", args=[call.pk])).status_code == 403
    assert client.get(f"/api/v1/reporting/calls/{call.pk}/dashboard").status_code == 403
    client.force_login(secretariat)
    page = client.get(reverse("reporting:dashboard", args=[call.pk]))
    assert page.status_code == 200 and "GOV-MEX" in page.content.decode()
