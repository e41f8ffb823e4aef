"""The knowledge API: public reads, and every write refused for outsiders (403/404) and anonymous callers
(401) with nothing changed; the workflow driven end to end with an API token."""

from typing import Any

import pytest

from gcmhub.accounts.models import ApiToken, hash_token
from gcmhub.knowledge.models import CallForPractices, Decision, Resource, ReviewAssignment, Status
from gcmhub.knowledge.tests.factories import make_resource, pdf_bytes
from gcmhub.reference.models import Organization

SCORES = {"relevance": 5, "coherence": 4, "innovation": 3, "replicability": 4, "sustainability": 5}


def token_for(user: Any) -> dict[str, str]:
    raw = ApiToken.new_raw_token()
    ApiToken.objects.create(user=user, name="test", token_hash=hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def in_review(stakeholder: Any, reviewer: Any) -> tuple[Resource, ReviewAssignment]:
    resource = make_resource(
        "Under review", status=Status.UNDER_REVIEW, organization="TEST-CSO", submitted_by=stakeholder
    )
    assignment = ReviewAssignment.objects.create(
        resource=resource,
        reviewer=reviewer,
        organization=Organization.objects.get(acronym="UNHCR"),
        is_un=True,
    )
    return resource, assignment


def _writes(resource: Resource, assignment: ReviewAssignment) -> list[tuple[str, str, dict[str, Any]]]:
    r, a = resource.pk, assignment.pk
    return [
        ("post", "/api/v1/knowledge/resources", {"kind": "practice", "title": "Intruder"}),
        ("patch", f"/api/v1/knowledge/resources/{r}", {"title": "Defaced"}),
        ("put", f"/api/v1/knowledge/resources/{r}/translations/fr", {"title": "Défiguré"}),
        ("post", f"/api/v1/knowledge/resources/{r}/submit", {}),
        ("post", f"/api/v1/knowledge/resources/{r}/reviewers", {}),
        ("post", f"/api/v1/knowledge/assignments/{a}/review", {**SCORES, "recommendation": "approve"}),
        ("post", f"/api/v1/knowledge/assignments/{a}/conflict", {"note": "x"}),
        ("post", f"/api/v1/knowledge/resources/{r}/decision", {"outcome": "approve", "rationale": "x"}),
        ("post", f"/api/v1/knowledge/resources/{r}/publish", {}),
        ("post", f"/api/v1/knowledge/resources/{r}/archive", {"rationale": "x"}),
        ("post", "/api/v1/knowledge/calls", {"title": "x", "theme": "y", "deadline": "2099-01-01"}),
    ]


def _snapshot() -> list[Any]:
    return [
        list(Resource.objects.order_by("pk").values_list("pk", "title", "status")),
        list(ReviewAssignment.objects.values_list("pk", "state")),
        Decision.objects.count(),
        CallForPractices.objects.count(),
    ]


def test_anonymous_api_writes_are_401_and_change_nothing(client: Any, in_review: Any) -> None:
    before = _snapshot()
    for method, url, body in _writes(*in_review):
        response = getattr(client, method)(url, body, content_type="application/json")
        assert response.status_code == 401, (url, response.status_code)
        assert response["Content-Type"] == "application/problem+json"
    upload = client.post(f"/api/v1/knowledge/resources/{in_review[0].pk}/attachments", {"file": pdf_bytes()})
    assert upload.status_code == 401
    assert _snapshot() == before


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_others_api_writes_are_refused_and_change_nothing(
    persona: str, request: Any, client: Any, in_review: Any
) -> None:
    headers = token_for(request.getfixturevalue(persona))
    before = _snapshot()
    writes = _writes(*in_review)
    # Another organization's focal point may create its own drafts; everything else is refused.
    for method, url, body in writes[1:] if persona == "other_focal_point" else writes:
        response = getattr(client, method)(url, body, content_type="application/json", **headers)
        assert response.status_code in (403, 404), (url, response.status_code)
    assert _snapshot() == before


def test_the_workflow_through_the_api(client: Any, stakeholder: Any, secretariat: Any, panel: Any) -> None:
    submitter, secretary = token_for(stakeholder), token_for(secretariat)
    created = client.post(
        "/api/v1/knowledge/resources",
        {
            "kind": "practice",
            "title": "Firewalls for health care",
            "summary": "Clinics do not report status.",
            "objectives": [15],
            "countries": ["ESP"],
            "body": "<p>ok</p><script>x</script>",
        },
        content_type="application/json",
        **submitter,
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "draft" and "<script" not in created.json()["body"]
    assert client.get(f"/api/v1/knowledge/resources/{pk}").status_code == 404  # not public yet
    assert client.get(f"/api/v1/knowledge/resources/{pk}", **submitter).status_code == 200
    attached = client.post(f"/api/v1/knowledge/resources/{pk}/attachments", {"file": _upload()}, **submitter)
    assert attached.status_code == 201 and attached.json()["file_type"] == "pdf"
    assert (
        client.post(f"/api/v1/knowledge/resources/{pk}/submit", **submitter).json()["status"] == "submitted"
    )
    assigned = client.post(
        f"/api/v1/knowledge/resources/{pk}/reviewers", {}, content_type="application/json", **secretary
    )
    assert assigned.status_code == 200 and len(assigned.json()) == 3
    first = assigned.json()[0]
    reviewer = next(user for user in panel.values() if user.username == first["reviewer"])
    reviewed = client.post(
        f"/api/v1/knowledge/assignments/{first['id']}/review",
        {**SCORES, "recommendation": "approve"},
        content_type="application/json",
        **token_for(reviewer),
    )
    assert reviewed.status_code == 200 and reviewed.json()["state"] == "completed"
    decided = client.post(
        f"/api/v1/knowledge/resources/{pk}/decision",
        {"outcome": "approve", "rationale": "Good."},
        content_type="application/json",
        **secretary,
    )
    assert decided.json()["outcome"] == "approve"
    published = client.post(
        f"/api/v1/knowledge/resources/{pk}/publish", {}, content_type="application/json", **secretary
    )
    assert published.json()["status"] == "published"
    assert client.get(f"/api/v1/knowledge/resources/{pk}").json()["title"] == "Firewalls for health care"
    assert [i["id"] for i in client.get("/api/v1/knowledge/resources?objective=15").json()["items"]] == [pk]


def _upload() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("evidence.pdf", pdf_bytes(), content_type="application/pdf")


def test_bad_input_is_a_clear_422(client: Any, stakeholder: Any) -> None:
    headers = token_for(stakeholder)
    response = client.post(
        "/api/v1/knowledge/resources",
        {"kind": "practice", "title": "x", "objectives": [99], "countries": ["XXX"]},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert "objectives" in response.json()["detail"] and "countries" in response.json()["detail"]
    response = client.post(
        "/api/v1/knowledge/resources", {"kind": "practice"}, content_type="application/json", **headers
    )
    assert response.status_code == 422
    assert not Resource.objects.exists()


def test_an_exe_upload_is_refused_through_the_api(client: Any, stakeholder: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    resource = make_resource("Draft", status=Status.DRAFT, organization="TEST-CSO", submitted_by=stakeholder)
    response = client.post(
        f"/api/v1/knowledge/resources/{resource.pk}/attachments",
        {"file": SimpleUploadedFile("a.pdf", b"MZ\x90\x00program")},
        **token_for(stakeholder),
    )
    assert response.status_code == 422
    assert not resource.attachments.exists()


def test_the_overlap_api_lists_cells(client: Any, db: None) -> None:
    from gcmhub.knowledge.tests.factories import make_platform

    platform = make_platform("Migration data portal", (1,), scope="global")
    data = client.get("/api/v1/knowledge/platforms/overlap").json()
    assert data["platforms"] == [platform.pk]
    cell = next(c for c in data["cells"] if c["objective"] == 1 and c["region"] == "002")
    assert cell["platforms"] == [platform.pk] and cell["gap"] is False


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("publish", {"rationale": "Ready."}),
        ("archive", {"rationale": "Outdated."}),
        ("reviewers", {"reviewer_ids": []}),
        ("decision", {"outcome": "approve", "rationale": "Good."}),
    ],
)
def test_a_workflow_step_on_an_unknown_resource_is_404(
    client: Any, secretariat: Any, path: str, body: Any
) -> None:
    # It used to reach the locked re-read and fail there with a 500.
    response = client.post(
        f"/api/v1/knowledge/resources/999999/{path}",
        body,
        content_type="application/json",
        **token_for(secretariat),
    )
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "There is no such resource."
