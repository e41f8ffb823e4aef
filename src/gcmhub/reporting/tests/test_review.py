"""A Member State's submitted response becomes its voluntary GCM review on the knowledge platform: a `review`
resource linked to the country, sent to the platform's review; a Network member's response cannot."""

from typing import Any

from gcmhub.core.tests.typed import present
from gcmhub.knowledge.models import Kind, Resource, Status
from gcmhub.reporting import actions
from gcmhub.reporting.models import Response
from gcmhub.reporting.tests.conftest import build_call, questions


def submitted_by(user: Any, call: Any) -> Response:
    organization = user.memberships.get().organization
    response = actions.save_answers(
        actor=user,
        call_id=call.pk,
        organization_id=organization.pk,
        answers={questions(call)["text"]: {"text": "Clinics serve every migrant."}},
    )
    return actions.submit_response(actor=user, response_id=response.pk)


def test_a_member_state_offers_its_response_as_its_review(
    client: Any, secretariat: Any, member_state: Any
) -> None:
    call = build_call(secretariat)
    response = submitted_by(member_state, call)
    client.force_login(member_state)
    answer = client.post(f"/api/v1/reporting/responses/{response.pk}/review", content_type="application/json")
    assert answer.status_code == 201, answer.content
    resource = Resource.objects.get(pk=answer.json()["resource"])
    assert resource.kind == Kind.REVIEW and resource.status == Status.SUBMITTED
    assert list(resource.countries.values_list("iso3", flat=True)) == ["MEX"]
    assert list(resource.objectives.values_list("number", flat=True)) == [15]
    assert present(resource.organization).acronym == "GOV-MEX"
    assert "Clinics serve every migrant." in resource.body
    response.refresh_from_db()
    assert response.review_resource == resource
    again = client.post(f"/api/v1/reporting/responses/{response.pk}/review", content_type="application/json")
    assert again.status_code == 422
    assert Resource.objects.filter(kind=Kind.REVIEW).count() == 1


def test_the_secretariat_may_offer_it_too(secretariat: Any, member_state: Any) -> None:
    call = build_call(secretariat)
    response = submitted_by(member_state, call)
    resource = actions.publish_as_review(actor=secretariat, response_id=response.pk)
    assert resource.kind == Kind.REVIEW
    assert resource.implementer.acronym == "GOV-MEX"


def test_a_network_members_response_is_not_a_review(client: Any, secretariat: Any, focal_point: Any) -> None:
    call = build_call(secretariat)
    response = submitted_by(focal_point, call)
    client.force_login(secretariat)
    answer = client.post(f"/api/v1/reporting/responses/{response.pk}/review", content_type="application/json")
    assert answer.status_code == 422
    assert not Resource.objects.filter(kind=Kind.REVIEW).exists()
