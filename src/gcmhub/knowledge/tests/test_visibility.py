"""Nothing unpublished leaks: not in list pages, detail pages, the API, the map, the overlap-and-gap view, the
search index or counts — for anonymous visitors and outsiders — while the submitter, its assigned reviewer
and the secretariat see it."""

from typing import Any

import pytest
from conftest import PASSWORD, make_user
from django.urls import reverse

from gcmhub.knowledge.indexing import resource_document
from gcmhub.knowledge.models import ReviewAssignment, Status
from gcmhub.knowledge.queries import (
    national_plan_map_values,
    overlap_and_gaps,
    published_counts_by_kind,
    visible_resources,
)
from gcmhub.knowledge.tests.factories import make_plan, make_platform, make_resource
from gcmhub.reference.models import Organization

HIDDEN_STATUSES = [s for s in Status.values if s != Status.PUBLISHED]


@pytest.fixture
def world(stakeholder: Any) -> dict[str, Any]:
    """One published practice and one hidden in each other status, all by TEST-CSO."""
    published = make_resource(
        "Published practice of the coalition", organization="TEST-CSO", submitted_by=stakeholder
    )
    hidden = {
        status: make_resource(
            f"Secret {status} practice", status=status, organization="TEST-CSO", submitted_by=stakeholder
        )
        for status in HIDDEN_STATUSES
    }
    return {"published": published, "hidden": hidden}


def login(client: Any, user: Any) -> None:
    if user is not None:
        client.login(username=user.username, password=PASSWORD)


@pytest.mark.parametrize("persona", [None, "outsider", "other_focal_point", "member_state"])
def test_others_see_only_the_published_one(
    persona: str | None, request: Any, client: Any, world: dict[str, Any]
) -> None:
    user = request.getfixturevalue(persona) if persona else None
    login(client, user)
    listing = client.get(reverse("knowledge:list", args=["practices"])).content.decode()
    assert "Published practice of the coalition" in listing
    assert "Secret" not in listing
    for resource in world["hidden"].values():
        assert client.get(reverse("knowledge:resource", args=[resource.pk])).status_code == 404
        assert client.get(f"/api/v1/knowledge/resources/{resource.pk}").status_code == 404
    api = client.get("/api/v1/knowledge/resources?kind=practice").json()
    assert [item["title"] for item in api["items"]] == ["Published practice of the coalition"]
    assert api["count"] == 1


def test_counts_on_the_index_count_only_published(client: Any, world: dict[str, Any]) -> None:
    assert published_counts_by_kind() == {"practice": 1}


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_the_submitter_sees_its_own_in_every_status(
    status: str, client: Any, world: dict[str, Any], stakeholder: Any
) -> None:
    login(client, stakeholder)
    resource = world["hidden"][status]
    page = client.get(reverse("knowledge:resource", args=[resource.pk]))
    assert page.status_code == 200
    assert 'id="review-status"' in page.content.decode()
    assert client.get(f"/api/v1/knowledge/resources/{resource.pk}").json()["status"] == status
    assert resource.title in client.get(reverse("knowledge:mine")).content.decode()


def test_a_colleague_of_the_submitter_sees_it_too(client: Any, world: dict[str, Any]) -> None:
    colleague = make_user("colleague", "stakeholder", "TEST-CSO")
    assert visible_resources(colleague).count() == 1 + len(HIDDEN_STATUSES)


def test_the_secretariat_sees_everything(secretariat: Any, world: dict[str, Any]) -> None:
    assert visible_resources(secretariat).count() == 1 + len(HIDDEN_STATUSES)


def test_an_assigned_reviewer_sees_it_until_declaring_a_conflict(
    client: Any, world: dict[str, Any], reviewer: Any
) -> None:
    resource = world["hidden"][Status.UNDER_REVIEW]
    assert not visible_resources(reviewer).filter(pk=resource.pk).exists()
    assignment = ReviewAssignment.objects.create(
        resource=resource,
        reviewer=reviewer,
        organization=Organization.objects.get(acronym="UNHCR"),
        is_un=True,
    )
    login(client, reviewer)
    assert client.get(reverse("knowledge:resource", args=[resource.pk])).status_code == 200
    assignment.state = ReviewAssignment.State.CONFLICT
    assignment.save()
    assert client.get(reverse("knowledge:resource", args=[resource.pk])).status_code == 404


def test_the_review_status_and_decisions_are_not_shown_to_the_public(
    client: Any, world: dict[str, Any]
) -> None:
    page = client.get(reverse("knowledge:resource", args=[world["published"].pk])).content.decode()
    assert 'id="review-status"' not in page


@pytest.mark.parametrize("status", HIDDEN_STATUSES)
def test_only_published_resources_are_indexed(status: str, world: dict[str, Any]) -> None:
    assert resource_document(world["hidden"][status]) is None
    assert resource_document(world["published"]) is not None


def test_the_map_shows_only_published_plans(client: Any, db: None) -> None:
    make_plan("MEX", "adopted")
    make_plan("FRA", "in_preparation", status=Status.SUBMITTED)
    assert national_plan_map_values() == {"484": "adopted"}
    api = client.get("/api/v1/knowledge/national-plans/map").json()
    assert [(row["country"], row["status"]) for row in api] == [("MEX", "adopted")]
    page = client.get(reverse("knowledge:plans_map")).content.decode()
    assert 'class="map-cat-2" data-m49="484"' in page
    assert 'class="map-none" data-m49="250"' in page
    assert "France" not in page.split("<table>")[1]


def test_the_overlap_view_counts_only_published(client: Any, db: None) -> None:
    make_platform("Public platform", (1,), ("002",))
    make_platform("Draft platform", (1, 2), ("002",), status=Status.DRAFT)
    make_resource("Draft practice", status=Status.DRAFT, objectives=(2,), regions=("002",))
    matrix = overlap_and_gaps()
    assert [p.title for p in matrix.platforms] == ["Public platform"]
    assert matrix.cells[(2, "002")].platforms == [] and matrix.cells[(2, "002")].hub_resources == 0
    page = client.get(reverse("knowledge:overlap")).content.decode()
    assert "Draft platform" not in page and "Public platform" in page


def test_archived_resources_leave_the_public_view(client: Any, world: dict[str, Any]) -> None:
    archived = world["hidden"][Status.ARCHIVED]
    assert client.get(reverse("knowledge:resource", args=[archived.pk])).status_code == 404
