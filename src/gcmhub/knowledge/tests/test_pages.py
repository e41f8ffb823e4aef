"""The knowledge pages: lists with filters, details in the reader's language with a visible fallback notice,
the submission form, and every write page refusing outsiders and anonymous visitors without changing
anything."""

from typing import Any

import pytest
from conftest import PASSWORD
from django.urls import reverse
from django.utils import translation

from gcmhub.knowledge.models import Resource, ResourceTranslation, ReviewAssignment, Status
from gcmhub.knowledge.queries import localize
from gcmhub.knowledge.tests.factories import make_resource


def login(client: Any, user: Any) -> None:
    client.login(username=user.username, password=PASSWORD)


@pytest.fixture
def practice(db: None) -> Resource:
    return make_resource(
        "Community case management for families",
        countries=("MEX",),
        translations={
            "fr": {
                "title": "Gestion communautaire des cas pour les familles",
                "summary": "Résumé en français.",
            }
        },
        body="<p>Original body in English.</p>",
    )


def test_the_index_lists_kinds_with_published_counts(client: Any, practice: Resource) -> None:
    response = client.get(reverse("knowledge:index"))
    assert response.status_code == 200
    assert "Practice" in response.content.decode()


def test_the_list_filters_by_objective_and_country(client: Any, practice: Resource) -> None:
    make_resource("Data on remittances", objectives=(20,), countries=("PHL",))
    url = reverse("knowledge:list", args=["practices"])
    assert "Data on remittances" not in client.get(url, {"objective": "13"}).content.decode()
    page = client.get(url, {"country": "PHL"}).content.decode()
    assert "Data on remittances" in page and "Community case management" not in page
    page = client.get(url, {"region": "019"}).content.decode()  # the Americas, through Mexico
    assert "Community case management" in page and "Data on remittances" not in page


def test_an_unknown_kind_is_404(client: Any, db: None) -> None:
    assert client.get("/knowledge/wizardry/").status_code == 404


def test_the_readers_language_is_shown_when_translated(client: Any, practice: Resource) -> None:
    page = client.get(f"/fr{reverse('knowledge:resource', args=[practice.pk])}").content.decode()
    assert "Gestion communautaire des cas pour les familles" in page
    # The body was not translated: it is shown in English with the notice.
    assert "Original body in English." in page
    assert 'class="notice"' in page


def test_without_a_translation_the_original_is_shown_with_a_notice(client: Any, practice: Resource) -> None:
    page = client.get(f"/es{reverse('knowledge:resource', args=[practice.pk])}").content.decode()
    assert "Community case management for families" in page
    assert 'class="notice"' in page and 'lang="en"' in page


def test_localize_falls_back_field_by_field(practice: Resource) -> None:
    french = localize(practice, "fr")
    assert (french.title, french.summary, french.body) == (
        "Gestion communautaire des cas pour les familles",
        "Résumé en français.",
        "<p>Original body in English.</p>",
    )
    assert french.fallback_fields == ["body"]
    assert localize(practice, "en").is_fallback is False
    with translation.override("zh-hans"):
        chinese = localize(practice)
    assert chinese.language == "en" and chinese.is_fallback


def test_a_stakeholder_submits_through_the_form(client: Any, stakeholder: Any) -> None:
    login(client, stakeholder)
    form = client.get(reverse("knowledge:create", args=["practices"]))
    assert form.status_code == 200
    response = client.post(
        reverse("knowledge:create", args=["practices"]),
        {
            "title": "Legal aid at the border",
            "summary": "Lawyers at crossings.",
            "language": "en",
            "objectives": ["12"],
            "body": "<p>Help</p><script>alert(1)</script>",
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(resource.get_absolute_url())
    assert "<script" not in resource.body
    response = client.post(reverse("knowledge:submit_resource", args=[resource.pk]))
    resource.refresh_from_db()
    assert resource.status == Status.SUBMITTED


def test_an_invalid_form_is_422_and_saves_nothing(client: Any, stakeholder: Any) -> None:
    login(client, stakeholder)
    response = client.post(reverse("knowledge:create", args=["practices"]), {"title": "", "language": "en"})
    assert response.status_code == 422
    assert not Resource.objects.exists()


def test_a_stakeholder_cannot_open_the_national_plan_form(client: Any, stakeholder: Any) -> None:
    login(client, stakeholder)
    assert client.get(reverse("knowledge:create", args=["national-plans"])).status_code == 403


def test_a_translation_is_saved_from_its_page(client: Any, stakeholder: Any) -> None:
    resource = make_resource("Draft", status=Status.DRAFT, organization="TEST-CSO", submitted_by=stakeholder)
    login(client, stakeholder)
    response = client.post(
        reverse("knowledge:translation", args=[resource.pk, "ar"]),
        {"title": "بدائل الاحتجاز", "summary": "", "body": ""},
    )
    assert response.status_code == 302
    assert ResourceTranslation.objects.get(resource=resource, language="ar").title == "بدائل الاحتجاز"


def _write_pages(resource: Resource, assignment: ReviewAssignment) -> list[tuple[str, dict[str, Any]]]:
    pk = resource.pk
    return [
        (reverse("knowledge:create", args=["practices"]), {"title": "Intruder", "language": "en"}),
        (reverse("knowledge:edit", args=[pk]), {"title": "Defaced", "language": "en"}),
        (reverse("knowledge:translation", args=[pk, "fr"]), {"title": "Défiguré"}),
        (reverse("knowledge:submit_resource", args=[pk]), {}),
        (reverse("knowledge:assign", args=[pk]), {}),
        (reverse("knowledge:decide", args=[pk]), {"outcome": "approve", "rationale": "x"}),
        (reverse("knowledge:publish", args=[pk]), {}),
        (reverse("knowledge:archive", args=[pk]), {"rationale": "x"}),
        (
            reverse("knowledge:review", args=[assignment.pk]),
            {
                "relevance": 5,
                "coherence": 5,
                "innovation": 5,
                "replicability": 5,
                "sustainability": 5,
                "recommendation": "approve",
            },
        ),
        (reverse("knowledge:conflict", args=[assignment.pk]), {"note": "x"}),
        (reverse("knowledge:call_create"), {"title": "x", "theme": "y", "deadline": "2099-01-01"}),
    ]


def _snapshot() -> list[Any]:
    from gcmhub.knowledge.models import CallForPractices, Decision

    return [
        list(Resource.objects.order_by("pk").values_list("pk", "title", "status")),
        list(ReviewAssignment.objects.values_list("pk", "state")),
        Decision.objects.count(),
        ResourceTranslation.objects.count(),
        CallForPractices.objects.count(),
    ]


@pytest.fixture
def in_review(stakeholder: Any, reviewer: Any) -> tuple[Resource, ReviewAssignment]:
    from gcmhub.reference.models import Organization

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


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_it_rejects_every_write_page_for_others(
    persona: str, request: Any, client: Any, in_review: Any
) -> None:
    login(client, request.getfixturevalue(persona))
    before = _snapshot()
    pages = _write_pages(*in_review)
    # A focal point of another organization may submit its own resources, just not touch this one.
    for url, data in pages[1:] if persona == "other_focal_point" else pages:
        response = client.post(url, data)
        assert response.status_code in (403, 404), (url, response.status_code)
    assert _snapshot() == before


def test_anonymous_writes_go_to_sign_in(client: Any, in_review: Any) -> None:
    before = _snapshot()
    for url, data in _write_pages(*in_review):
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert _snapshot() == before


def test_the_review_queue_shows_the_secretariat_time_to_publish(
    client: Any, secretariat: Any, in_review: Any
) -> None:
    login(client, secretariat)
    page = client.get(reverse("knowledge:review_queue")).content.decode()
    assert "Under review" in page and 'id="median-time-to-publish"' in page


def test_the_review_queue_lists_a_reviewers_assignments(client: Any, reviewer: Any, in_review: Any) -> None:
    login(client, reviewer)
    page = client.get(reverse("knowledge:review_queue")).content.decode()
    assert reverse("knowledge:review", args=[in_review[1].pk]) in page
    assert "median-time-to-publish" not in page


def test_the_review_queue_refuses_others(client: Any, outsider: Any) -> None:
    login(client, outsider)
    assert client.get(reverse("knowledge:review_queue")).status_code == 403


def test_a_reviewer_reviews_through_the_form(client: Any, reviewer: Any, in_review: Any) -> None:
    resource, assignment = in_review
    login(client, reviewer)
    response = client.post(
        reverse("knowledge:review", args=[assignment.pk]),
        {
            "relevance": 4,
            "coherence": 4,
            "innovation": 3,
            "replicability": 5,
            "sustainability": 4,
            "recommendation": "changes",
            "comments": "Add evidence.",
        },
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.status == Status.CHANGES_REQUESTED


def _queries_for(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_pages_and_the_api_use_a_fixed_number_of_queries(client: Any, db: None) -> None:
    make_resource("First", countries=("MEX",), translations={"fr": {"title": "Premier"}})
    page_url, api_url = reverse("knowledge:list", args=["practices"]), "/api/v1/knowledge/resources"
    few = (_queries_for(client, page_url), _queries_for(client, api_url))
    for number in range(8):
        make_resource(
            f"Practice {number}",
            countries=("FRA", "ESP"),
            implementer="IOM",
            translations={"es": {"title": f"Práctica {number}"}},
        )
    assert (_queries_for(client, page_url), _queries_for(client, api_url)) == few
