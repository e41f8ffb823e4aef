"""Objective suggestions on the submission form (a fragment posted as one types) and on the review page."""

from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from conftest import PASSWORD
from django.conf import settings
from django.test import Client
from django.urls import reverse

from gcmhub.knowledge.models import Resource, ReviewAssignment, Status
from gcmhub.knowledge.tests.factories import make_resource

URL = reverse("knowledge:suggest_objectives")
DRAFT = {
    "title": "Zero recruitment fees for seasonal farm workers",
    "summary": "Workers pay nothing to recruitment agencies and sign their contract before they travel.",
    "body": "<p>The ministry <strong>licenses</strong> agencies and inspects them.</p>",
}


def login(client: Client, user: Any) -> None:
    client.login(username=user.username, password=PASSWORD)


def snapshot() -> tuple[int, int]:
    return Resource.objects.count(), LogEntry.objects.count()


def test_the_form_has_a_hidden_suggestion_box_beside_the_objectives(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    page = client.get(reverse("knowledge:create", args=["practices"])).content.decode()

    assert f'data-suggest-url="{URL}"' in page
    assert 'id="objective-suggestions"' in page and "hidden>" in page
    assert "js/objective-suggestions" in page
    assert page.index('id="objective-suggestions"') < page.index('name="objectives"')


def test_the_fragment_ranks_the_drafts_objectives_and_preselects_the_best(
    client: Client, stakeholder: Any
) -> None:
    login(client, stakeholder)

    response = client.post(URL, DRAFT)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<li data-objective=") == 5
    assert '<li data-objective="6" data-preselect>' in page
    assert page.index('data-objective="6"') < page.index("<li ", page.index('data-objective="6"') + 1)
    assert "Fair recruitment and decent work" in page
    assert "Ticked for you" in page
    assert 'dir="auto"' in page


def test_the_description_is_read_without_its_markup(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    page = client.post(
        URL, {"title": "", "summary": "", "body": "<ul><li>Cheaper remittances</li><li>sent home</li></ul>"}
    ).content.decode()

    assert page.index('data-objective="20"') == page.index("data-objective=")


def test_an_empty_draft_gets_a_hint_and_no_suggestions(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    response = client.post(URL, {"title": " ", "summary": "", "body": "<p></p>"})

    assert response.status_code == 200
    assert "data-objective" not in response.content.decode()
    assert "Write a title or a description" in response.content.decode()


def test_an_outsider_gets_suggestions_and_changes_nothing(client: Client, outsider: Any) -> None:
    login(client, outsider)
    before = snapshot()

    response = client.post(URL, DRAFT)

    assert response.status_code == 200
    assert snapshot() == before


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    before = snapshot()

    response = client.post(URL, DRAFT)

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert snapshot() == before


def test_only_post_is_accepted(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    assert client.get(URL, DRAFT).status_code == 405


@pytest.fixture
def in_review(stakeholder: Any, reviewer: Any) -> ReviewAssignment:
    from gcmhub.reference.models import Organization

    resource = make_resource(
        "Open reception instead of immigration detention for families",
        status=Status.UNDER_REVIEW,
        organization="TEST-CSO",
        submitted_by=stakeholder,
        objectives=(13, 7),
        summary="Families wait for their decision in open centres with a case worker, not in detention.",
    )
    return ReviewAssignment.objects.create(
        resource=resource,
        reviewer=reviewer,
        organization=Organization.objects.get(acronym="UNHCR"),
        is_un=True,
    )


def test_the_reviewer_sees_the_suggestions_beside_the_submitters_choice(
    client: Client, reviewer: Any, in_review: ReviewAssignment
) -> None:
    login(client, reviewer)

    page = client.get(reverse("knowledge:review", args=[in_review.pk])).content.decode()

    assert "Suggested GCM objectives" in page
    first = page.index("data-objective=")
    assert page.index('data-objective="13"') == first
    assert "Chosen by the submitter" in page[first : page.index("</li>", first)]
    assert "Ticked for you" not in page


CHILD_DRAFT = {
    "title": "Guardians for unaccompanied children",
    "summary": "The best interests of each unaccompanied child guide every decision about them.",
    "body": "",
}


def test_the_fragment_names_and_preselects_the_principles_the_draft_supports(
    client: Client, stakeholder: Any
) -> None:
    login(client, stakeholder)

    page = client.post(URL, CHILD_DRAFT).content.decode()

    assert "Guiding principles the text supports" in page
    assert '<li data-principle="child-sensitive" data-preselect>' in page
    item = page[page.index('data-principle="child-sensitive"') :]
    assert "Ticked for you" in item[: item.index("</li>")]


def test_a_draft_that_supports_no_principle_names_none(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    page = client.post(URL, {"title": "Cheaper remittances", "summary": "", "body": ""}).content.decode()

    assert "data-objective=" in page
    assert "data-principle" not in page
    assert "Guiding principles the text supports" not in page


def test_the_reviewer_sees_the_supported_principles_marking_the_submitters(
    client: Client, reviewer: Any, in_review: ReviewAssignment
) -> None:
    from gcmhub.reference.models import GuidingPrinciple

    resource = in_review.resource
    resource.title = CHILD_DRAFT["title"]
    resource.summary = CHILD_DRAFT["summary"]
    resource.save()
    resource.principles.set(GuidingPrinciple.objects.filter(slug="child-sensitive"))
    login(client, reviewer)

    page = client.get(reverse("knowledge:review", args=[in_review.pk])).content.decode()

    assert "Guiding principles the text supports" in page
    item = page[page.index('data-principle="child-sensitive"') :]
    assert "Chosen by the submitter" in item[: item.index("</li>")]
    assert "Ticked for you" not in page


def test_the_principles_heading_is_styled_as_the_objectives_heading(client: Client, stakeholder: Any) -> None:
    login(client, stakeholder)

    form = client.get(reverse("knowledge:create", args=["practices"])).content.decode()
    fragment = client.post(URL, CHILD_DRAFT).content.decode()

    assert '<h2 id="objective-suggestions-heading" class="suggestion-heading">' in form
    assert '<h3 class="suggestion-heading">Guiding principles the text supports</h3>' in fragment
    css = (Path(settings.STATICFILES_DIRS[0]) / "css" / "knowledge.css").read_text(encoding="utf-8")
    assert ".suggestion-heading {" in css
