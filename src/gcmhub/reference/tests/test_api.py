"""The reference API at /api/v1/reference: public, read-only, names in the requested language, problem+json
for unknown codes (404) and bad filters (422)."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.reference.models import Objective

pytestmark = pytest.mark.django_db

BASE = "/api/v1/reference"


def get(client: Client, path: str, **headers: Any) -> Any:
    response = client.get(f"{BASE}{path}", **headers)
    assert response.status_code == 200, response.content
    return response.json()


def problem(client: Client, path: str, status: int) -> Any:
    response = client.get(f"{BASE}{path}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


def test_it_lists_the_objectives(client: Client) -> None:
    body = get(client, "/objectives")
    assert [o["number"] for o in body] == list(range(1, 24))
    assert body[0] == {
        "number": 1,
        "title": "Collect and utilize accurate and disaggregated data as a basis for evidence-based policies",
        "short_label": "Data",
    }


def test_it_shows_one_objective(client: Client) -> None:
    assert get(client, "/objectives/13")["short_label"] == "Alternatives to detention"


def test_an_unknown_objective_is_a_404_problem(client: Client) -> None:
    body = problem(client, "/objectives/24", 404)
    assert body["detail"] == "There is no GCM objective number 24."
    problem(client, "/objectives/first", 422)


def test_it_lists_principles_groups_and_sdg_indicators_in_order(client: Client) -> None:
    principles = get(client, "/principles")
    assert [p["slug"] for p in principles][:3] == [
        "people-centred",
        "international-cooperation",
        "national-sovereignty",
    ]
    assert len(principles) == 10
    groups = {g["slug"]: g for g in get(client, "/groups")}
    assert groups["nhris"]["aliases"] == ["nhris", "national human rights institutions"]
    assert len(groups) == 10
    indicators = get(client, "/sdg-indicators")
    assert [i["code"] for i in indicators][:3] == ["8.8.1", "8.8.2", "10.7.1"]
    assert len(indicators) == 9


def test_it_lists_regions_with_their_parents(client: Client) -> None:
    regions = {r["m49"]: r for r in get(client, "/regions")}
    assert regions["002"] == {"m49": "002", "name": "Africa", "level": "region", "parent": None}
    assert regions["011"]["parent"] == "202"
    assert {r["m49"] for r in get(client, "/regions?level=region")} == {"002", "019", "142", "150", "009"}
    problem(client, "/regions?level=planet", 422)


def test_it_shows_a_country_with_all_six_names(client: Client) -> None:
    body = get(client, "/countries/fra")
    assert body["iso3"] == "FRA" and body["m49"] == "250"
    assert body["names"] == {
        "ar": "فرنسا",
        "zh": "法国",
        "en": "France",
        "fr": "France",
        "ru": "Франция",
        "es": "Francia",
    }
    assert body["region"] == {"m49": "150", "name": "Europe"}
    assert body["sub_region"] == {"m49": "155", "name": "Western Europe"}
    assert body["intermediate_region"] is None
    assert body["is_un_member_state"] is True


def test_country_names_come_in_the_requested_language(client: Client) -> None:
    assert get(client, "/countries/FRA?lang=ar")["name"] == "فرنسا"
    assert get(client, "/countries/FRA?lang=zh")["name"] == "法国"
    assert get(client, "/countries/FRA", HTTP_ACCEPT_LANGUAGE="ru")["name"] == "Франция"
    assert get(client, "/countries/FRA", HTTP_ACCEPT_LANGUAGE="es")["name"] == "Francia"
    assert get(client, "/countries/FRA")["name"] == "France"


def test_an_unknown_language_is_a_422_problem(client: Client) -> None:
    body = problem(client, "/objectives?lang=xx", 422)
    assert "xx" in body["detail"]


def test_an_unknown_country_is_a_404_problem(client: Client) -> None:
    body = problem(client, "/countries/XXX", 404)
    assert body["type"] == "about:blank#not_found"


def test_it_pages_and_filters_countries(client: Client, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(3):
        body = get(client, "/countries?region=150&limit=5")
    assert body["count"] > 40
    assert len(body["items"]) == 5
    assert all(c["region"]["m49"] == "150" for c in body["items"])
    searched = get(client, "/countries?q=франция")
    assert [c["iso3"] for c in searched["items"]] == ["FRA"]
    assert get(client, "/countries?limit=1")["count"] > 240


@pytest.mark.parametrize("query", ["region=999", "region=europe", f"q={'x' * 101}", "limit=-1"])
def test_bad_country_filters_are_422_problems(client: Client, query: str) -> None:
    problem(client, f"/countries?{query}", 422)


def test_it_lists_and_filters_organizations(client: Client, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(3):
        excom = get(client, "/organizations?executive_committee=true")
    assert {o["acronym"] for o in excom["items"]} == {
        "DESA",
        "ILO",
        "IOM",
        "OHCHR",
        "UNDP",
        "UNHCR",
        "UNICEF",
        "UNODC",
        "WHO",
    }
    assert excom["count"] == 9
    who = next(o for o in excom["items"] if o["acronym"] == "WHO")
    assert who["joined_executive_committee"] is None and who["notes"]
    governments = get(client, "/organizations?kind=government&limit=500")
    assert governments["count"] == 197
    assert all(o["country"] for o in governments["items"])
    non_members = get(client, "/organizations?kind=un_entity&network_member=false")
    assert {o["acronym"] for o in non_members["items"]} == {"UNNM", "MPTFO"}


@pytest.mark.parametrize("query", ["kind=club", "network_member=maybe", "executive_committee=2"])
def test_bad_organization_filters_are_422_problems(client: Client, query: str) -> None:
    problem(client, f"/organizations?{query}", 422)


def test_it_shows_one_organization(client: Client) -> None:
    iom = get(client, "/organizations/iom")
    assert iom["name"] == "International Organization for Migration"
    assert iom["kind"] == "un_entity" and iom["kind_label"] == "UN entity"
    assert iom["is_executive_committee"] is True and iom["joined_executive_committee"] == 2018
    mexico = get(client, "/organizations/GOV-MEX")
    assert (mexico["name"], mexico["country"]) == ("Government of Mexico", "MEX")
    problem(client, "/organizations/NOPE", 404)


def test_the_api_is_read_only(client: Client, django_user_model: Any) -> None:
    before = list(Objective.objects.values_list("number", "title"))
    response = client.post(
        f"{BASE}/objectives", {"number": 24, "title": "New"}, content_type="application/json"
    )
    assert response.status_code == 405
    client.force_login(django_user_model.objects.create_user("outsider"))
    response = client.post(
        f"{BASE}/objectives", {"number": 24, "title": "New"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert list(Objective.objects.values_list("number", "title")) == before
