"""The expert directory: only experts who consented are listed, as visible as they chose; contact details only
for signed-in Member State focal points and the secretariat — on pages, in the API and in the index."""

from typing import Any

import pytest
from conftest import PASSWORD
from django.urls import reverse

from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.directory import actions
from gcmhub.directory.indexing import expert_document
from gcmhub.directory.models import Expert
from gcmhub.directory.queries import listed_experts
from gcmhub.directory.tests.helpers import make_expert


@pytest.fixture
def experts(db: None) -> dict[str, Expert]:
    return {
        "public": make_expert("Ana Public", objectives=(13,)),
        "signed_in": make_expert("Bo Members", visibility=Expert.Visibility.SIGNED_IN),
        "hidden": make_expert("Cy Hidden", visibility=Expert.Visibility.HIDDEN),
        "no_consent": make_expert("Di Unconsenting", consent=False),
    }


def login(client: Any, user: Any) -> None:
    if user is not None:
        client.login(username=user.username, password=PASSWORD)


def names(queryset: Any) -> set[str]:
    return {e.name for e in queryset}


def test_anonymous_visitors_see_only_public_consenting_experts(experts: dict[str, Expert]) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert names(listed_experts(AnonymousUser())) == {"Ana Public"}


def test_signed_in_users_also_see_those_listed_for_them(experts: dict[str, Expert], outsider: Any) -> None:
    assert names(listed_experts(outsider)) == {"Ana Public", "Bo Members"}


def test_the_secretariat_sees_every_expert(experts: dict[str, Expert], secretariat: Any) -> None:
    assert names(listed_experts(secretariat)) == {"Ana Public", "Bo Members", "Cy Hidden", "Di Unconsenting"}


def test_only_public_consenting_experts_are_indexed_without_contacts(experts: dict[str, Expert]) -> None:
    document = expert_document(experts["public"])
    assert document is not None and "ana@example.org" not in (
        document.body + document.summary + document.title
    )
    for key in ("signed_in", "hidden", "no_consent"):
        assert expert_document(experts[key]) is None


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        (None, False),
        ("outsider", False),
        ("focal_point", False),
        ("stakeholder", False),
        ("member_state", True),
        ("secretariat", True),
    ],
)
def test_contact_details_only_for_member_states_and_the_secretariat(
    persona: str | None, sees: bool, request: Any, client: Any, experts: dict[str, Expert]
) -> None:
    login(client, request.getfixturevalue(persona) if persona else None)
    expert = experts["public"]
    page = client.get(reverse("directory:expert", args=[expert.pk])).content.decode()
    listing = client.get(reverse("directory:index")).content.decode()
    api = client.get(f"/api/v1/directory/experts/{expert.pk}").json()
    api_list = client.get("/api/v1/directory/experts").json()["items"]
    assert ("ana@example.org" in page) is sees
    assert ("ana@example.org" in listing) is sees
    assert ("+41 22" in page) is sees
    assert (api["email"] == "ana@example.org") is sees
    assert any(item["email"] == "ana@example.org" for item in api_list) is sees


def test_unlisted_experts_are_404(client: Any, experts: dict[str, Expert], outsider: Any) -> None:
    assert client.get(reverse("directory:expert", args=[experts["signed_in"].pk])).status_code == 404
    login(client, outsider)
    assert client.get(reverse("directory:expert", args=[experts["hidden"].pk])).status_code == 404
    assert client.get(f"/api/v1/directory/experts/{experts['no_consent'].pk}").status_code == 404


def test_the_directory_filters_by_objective(client: Any, experts: dict[str, Expert]) -> None:
    page = client.get(reverse("directory:index"), {"objective": "13"}).content.decode()
    assert "Ana Public" in page
    assert "Ana Public" not in client.get(reverse("directory:index"), {"objective": "2"}).content.decode()


def test_a_focal_point_lists_themselves_once(focal_point: Any) -> None:
    expert = actions.create_expert(
        actor=focal_point, data={"name": "Focal Expert", "consent": True, "objectives": [7]}
    )
    assert expert.user == focal_point and expert.consent_at is not None
    with pytest.raises(ValidationFailed):
        actions.create_expert(actor=focal_point, data={"name": "Again"})
    assert Expert.objects.filter(user=focal_point).count() == 1


def test_outsiders_cannot_add_or_change_experts(
    outsider: Any, client: Any, experts: dict[str, Expert]
) -> None:
    with pytest.raises(PermissionDenied):
        actions.create_expert(actor=outsider, data={"name": "Nobody"})
    login(client, outsider)
    before = list(Expert.objects.order_by("pk").values_list("name", "bio"))
    assert (
        client.post(
            reverse("directory:expert_create"), {"name": "Nobody", "visibility": "public"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("directory:expert_edit", args=[experts["public"].pk]), {"name": "X"}).status_code
        == 403
    )
    assert (
        client.post("/api/v1/directory/experts", {"name": "X"}, content_type="application/json").status_code
        == 403
    )
    response = client.patch(
        f"/api/v1/directory/experts/{experts['public'].pk}", {"name": "X"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert list(Expert.objects.order_by("pk").values_list("name", "bio")) == before


def test_anonymous_cannot_add_experts(client: Any, experts: dict[str, Expert]) -> None:
    count = Expert.objects.count()
    response = client.post(reverse("directory:expert_create"), {"name": "Nobody"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert (
        client.post("/api/v1/directory/experts", {"name": "X"}, content_type="application/json").status_code
        == 401
    )
    assert Expert.objects.count() == count


def test_the_secretariat_adds_an_expert_through_the_form(client: Any, secretariat: Any) -> None:
    login(client, secretariat)
    response = client.post(
        reverse("directory:expert_create"),
        {
            "name": "New Expert",
            "visibility": "public",
            "consent": "on",
            "objectives": ["13"],
            "languages": ["es"],
        },
    )
    expert = Expert.objects.get(name="New Expert")
    assert response.status_code == 302 and expert.consent and expert.languages == ["es"]
