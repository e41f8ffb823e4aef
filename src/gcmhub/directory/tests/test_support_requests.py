"""Support requests: Member States ask, matches are ranked (known data, known order), the secretariat assigns,
the requester follows the status, and response times are measured."""

import datetime
from typing import Any

import pytest
from conftest import PASSWORD
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.core.tests.typed import present
from gcmhub.directory import actions
from gcmhub.directory.matching import jaccard, matches_for
from gcmhub.directory.models import Expert, RequestStatus, SupportRequest
from gcmhub.directory.queries import response_times
from gcmhub.directory.tests.helpers import make_expert
from gcmhub.knowledge.models import Status
from gcmhub.knowledge.tests.conftest import with_email
from gcmhub.knowledge.tests.factories import make_resource

DESCRIPTION = "We need alternatives to detention for migrant children and families, with case management."


@pytest.fixture
def support_request(member_state: Any) -> SupportRequest:
    return actions.create_request(
        actor=member_state,
        title="Alternatives to detention for children",
        description=DESCRIPTION,
        objectives=[13, 7],
        language="es",
        urgency="high",
    )


@pytest.fixture
def known(db: None) -> dict[str, Any]:
    return {
        "best": make_expert(
            "Alma Best",
            objectives=(13, 7),
            regions=("419",),
            languages=("es",),
            bio="Case management as an alternative to detention for children and families.",
        ),
        "partial": make_expert(
            "Bert Partial",
            objectives=(13,),
            regions=("150",),
            languages=("en",),
            bio="Monitoring of immigration detention centres.",
        ),
        "far": make_expert(
            "Cleo Far", objectives=(20,), regions=("019",), languages=("es",), bio="Remittance costs."
        ),
        "hidden": make_expert(
            "Dan Hidden",
            objectives=(13, 7),
            regions=("419",),
            languages=("es",),
            visibility=Expert.Visibility.HIDDEN,
            bio="Alternatives to detention.",
        ),
        "no_consent": make_expert(
            "Eve Refused",
            objectives=(13, 7),
            regions=("419",),
            languages=("es",),
            consent=False,
            bio="Alternatives to detention for children.",
        ),
        "practice": make_resource(
            "Case management for families in Mexico",
            objectives=(13, 7),
            countries=("MEX",),
            language="es",
            implementer="IOM",
            summary="Alternatives to detention with case management for migrant children.",
        ),
        "other_practice": make_resource("Remittance price comparison", objectives=(20,), countries=("PHL",)),
        "draft_practice": make_resource(
            "Secret draft on detention",
            status=Status.DRAFT,
            objectives=(13, 7),
            countries=("MEX",),
            summary="Alternatives to detention for children.",
        ),
    }


def test_jaccard_on_known_values() -> None:
    assert jaccard({13, 7}, {13}) == 0.5
    assert jaccard({1}, {2}) == 0.0


def test_text_closeness_crosses_languages_and_scripts(db: None) -> None:
    from gcmhub.search.similar import text_similarities

    scores = text_similarities(
        "为移民儿童寻找替代拘留的办法",  # alternatives to detaining migrant children, in Chinese
        [
            (None, "Alternativas a la detención de niños migrantes"),
            (None, "Оплата денежных переводов мигрантов"),
            (None, ""),
        ],
    )
    assert scores[0] > scores[1] + 0.1
    assert scores[2] == 0.0
    assert all(0.0 <= score <= 1.0 for score in scores)


def test_matches_are_ranked_by_the_documented_score(
    support_request: SupportRequest, known: dict[str, Any], member_state: Any
) -> None:
    ranked = matches_for(support_request, member_state)
    experts = [m.obj.name for m in ranked["expert"]]
    assert experts[0] == "Alma Best"
    assert set(experts) == {"Alma Best", "Bert Partial", "Cleo Far"}
    best = ranked["expert"][0]
    assert (best.components["objectives"], best.components["region"], best.components["language"]) == (
        1.0,
        1.0,
        1.0,
    )
    far = next(m for m in ranked["expert"] if m.obj.name == "Cleo Far")
    assert {name: far.components[name] for name in ("objectives", "region", "language")} == {
        "objectives": 0.0,
        "region": 1.0,
        "language": 1.0,
    }
    assert 0.0 <= far.components["text"] < best.components["text"]
    assert far.score == pytest.approx(0.3 + 0.3 * far.components["text"], abs=1e-4)
    assert [m.score for m in ranked["expert"]] == sorted((m.score for m in ranked["expert"]), reverse=True)
    assert ranked["practice"][0].obj.title == "Case management for families in Mexico"
    assert "Secret draft on detention" not in [m.obj.title for m in ranked["practice"]]
    assert "IOM" in [m.obj.acronym for m in ranked["organization"]]


def test_hidden_experts_are_matched_for_the_secretariat_only(
    support_request: SupportRequest, known: dict[str, Any], secretariat: Any, member_state: Any
) -> None:
    assert "Dan Hidden" not in [m.obj.name for m in matches_for(support_request, member_state)["expert"]]
    assert "Dan Hidden" in [m.obj.name for m in matches_for(support_request, secretariat)["expert"]]
    for viewer in (secretariat, member_state):
        assert "Eve Refused" not in [m.obj.name for m in matches_for(support_request, viewer)["expert"]]


def test_only_member_states_request_support(stakeholder: Any, outsider: Any, focal_point: Any) -> None:
    for user in (stakeholder, outsider, focal_point):
        with pytest.raises(PermissionDenied):
            actions.create_request(actor=user, title="x", description="y", objectives=[1])
    assert not SupportRequest.objects.exists()


def test_a_request_needs_objectives_and_a_description(member_state: Any) -> None:
    with pytest.raises(ValidationFailed):
        actions.create_request(actor=member_state, title="x", description="", objectives=[])
    assert not SupportRequest.objects.exists()


def test_a_new_request_emails_the_secretariat(
    member_state: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(secretariat)
    with django_capture_on_commit_callbacks(execute=True):
        created = actions.create_request(
            actor=member_state, title="Help", description=DESCRIPTION, objectives=[13]
        )
    assert created.country.iso3 == "MEX" and created.status == RequestStatus.OPEN
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_the_secretariat_assigns_and_the_requester_sees_the_status(
    client: Any,
    support_request: SupportRequest,
    known: dict[str, Any],
    secretariat: Any,
    member_state: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with_email(member_state)
    with django_capture_on_commit_callbacks(execute=True):
        actions.assign_request(
            actor=secretariat,
            request_id=support_request.pk,
            expert_id=known["best"].pk,
            practice_id=known["practice"].pk,
            note="Alma led the pilot.",
        )
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.ASSIGNED and support_request.time_to_assign is not None
    assert [m.to for m in mail.outbox] == [[member_state.email]]
    client.login(username=member_state.username, password=PASSWORD)
    page = client.get(reverse("directory:request", args=[support_request.pk])).content.decode()
    assert "Alma Best" in page and "alma@example.org" in page and "Assigned" in page
    assert client.get(f"/api/v1/directory/requests/{support_request.pk}").json()["status"] == "assigned"


def test_a_draft_practice_or_unconsenting_expert_cannot_be_assigned(
    support_request: SupportRequest, known: dict[str, Any], secretariat: Any
) -> None:
    with pytest.raises(NotFound):
        actions.assign_request(
            actor=secretariat, request_id=support_request.pk, practice_id=known["draft_practice"].pk
        )
    with pytest.raises(NotFound):
        actions.assign_request(
            actor=secretariat, request_id=support_request.pk, expert_id=known["no_consent"].pk
        )
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.OPEN


@pytest.mark.parametrize("persona", ["member_state", "reviewer", "focal_point"])
def test_only_the_secretariat_assigns(
    persona: str, request: Any, support_request: SupportRequest, known: dict[str, Any]
) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises((PermissionDenied, NotFound)):
        actions.assign_request(actor=user, request_id=support_request.pk, expert_id=known["best"].pk)
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.OPEN and support_request.assigned_expert is None


def test_the_requester_closes_and_response_times_are_tracked(
    support_request: SupportRequest, secretariat: Any, member_state: Any, known: dict[str, Any]
) -> None:
    SupportRequest.objects.filter(pk=support_request.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    actions.assign_request(actor=secretariat, request_id=support_request.pk, expert_id=known["best"].pk)
    with pytest.raises(PermissionDenied):
        actions.set_request_status(actor=member_state, request_id=support_request.pk, status="resolved")
    actions.set_request_status(
        actor=member_state, request_id=support_request.pk, status="closed", note="Thanks"
    )
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.CLOSED
    assert [h.status for h in support_request.history.all()] == ["open", "assigned", "closed"]
    times = response_times()
    assert times.requests == 1 and times.assigned == 1 and times.resolved == 1
    assert present(times.median_to_assign) >= datetime.timedelta(days=3)


def test_the_assigned_expert_moves_the_request_along(
    support_request: SupportRequest, secretariat: Any, known: dict[str, Any], reviewer: Any
) -> None:
    expert = known["best"]
    expert.user = reviewer
    expert.save()
    actions.assign_request(actor=secretariat, request_id=support_request.pk, expert_id=expert.pk)
    actions.set_request_status(actor=reviewer, request_id=support_request.pk, status="in_progress")
    actions.set_request_status(actor=reviewer, request_id=support_request.pk, status="resolved")
    support_request.refresh_from_db()
    assert support_request.status == RequestStatus.RESOLVED and support_request.resolved_at is not None


def test_others_do_not_see_requests(
    client: Any, support_request: SupportRequest, outsider: Any, focal_point: Any
) -> None:
    for user in (outsider, focal_point):
        client.login(username=user.username, password=PASSWORD)
        assert client.get(reverse("directory:request", args=[support_request.pk])).status_code == 404
        assert client.get(f"/api/v1/directory/requests/{support_request.pk}").status_code == 404
        assert client.get(f"/api/v1/directory/requests/{support_request.pk}/matches").status_code == 404
        assert client.get("/api/v1/directory/requests").json()["count"] == 0


def _snapshot() -> list[Any]:
    return list(
        SupportRequest.objects.order_by("pk").values_list("pk", "status", "assigned_expert_id", "title")
    )


@pytest.mark.parametrize("persona", ["outsider", "focal_point", None])
def test_it_rejects_request_writes_by_others(
    persona: str | None, request: Any, client: Any, support_request: SupportRequest, known: dict[str, Any]
) -> None:
    if persona:
        user = request.getfixturevalue(persona)
        client.login(username=user.username, password=PASSWORD)
    before = _snapshot()
    pk = support_request.pk
    pages = [
        (
            reverse("directory:request_create"),
            {"title": "x", "description": "y", "objectives": ["1"], "language": "en", "urgency": "low"},
        ),
        (reverse("directory:request_assign", args=[pk]), {"expert": known["best"].pk}),
        (reverse("directory:request_status", args=[pk]), {"status": "closed"}),
    ]
    for url, data in pages:
        response = client.post(url, data)
        if persona:
            assert response.status_code in (403, 404), url
        else:
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    api = [
        ("/api/v1/directory/requests", {"title": "x", "description": "y", "objectives": [1]}),
        (f"/api/v1/directory/requests/{pk}/assign", {"expert": known["best"].pk}),
        (f"/api/v1/directory/requests/{pk}/status", {"status": "closed"}),
    ]
    for url, data in api:
        response = client.post(url, data, content_type="application/json")
        assert response.status_code in ((401,) if persona is None else (403, 404)), url
    assert _snapshot() == before


def test_a_member_state_requests_support_through_the_api(
    client: Any, member_state: Any, known: dict[str, Any]
) -> None:
    client.login(username=member_state.username, password=PASSWORD)
    response = client.post(
        "/api/v1/directory/requests",
        {"title": "Help", "description": DESCRIPTION, "objectives": [13, 7], "language": "es"},
        content_type="application/json",
    )
    assert response.status_code == 201
    matches = client.get(f"/api/v1/directory/requests/{response.json()['id']}/matches").json()
    assert matches[0]["kind"] == "expert" and matches[0]["label"] == "Alma Best"
    assert set(matches[0]["components"]) == {"objectives", "region", "language", "text"}


def test_the_request_page_shows_ranked_matches_to_the_secretariat(
    client: Any, support_request: SupportRequest, known: dict[str, Any], secretariat: Any
) -> None:
    client.login(username=secretariat.username, password=PASSWORD)
    page = client.get(reverse("directory:request", args=[support_request.pk])).content.decode()
    assert page.index("Alma Best") < page.index("Cleo Far")
    assert "Secret draft on detention" not in page
    response = client.post(
        reverse("directory:request_assign", args=[support_request.pk]), {"expert": known["best"].pk}
    )
    assert response.status_code == 302
    support_request.refresh_from_db()
    assert support_request.assigned_expert == known["best"]
