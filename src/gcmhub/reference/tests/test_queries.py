"""Reads of the reference tables, as pages, the API and other apps use them."""

import pytest

from gcmhub.core.exceptions import NotFound, ValidationFailed
from gcmhub.reference import queries
from gcmhub.reference.models import Organization

pytestmark = pytest.mark.django_db


def test_objectives_and_principles_come_in_order() -> None:
    assert [o.number for o in queries.objectives()] == list(range(1, 24))
    assert [p.number for p in queries.principles()] == list(range(1, 11))
    assert queries.objective(9).short_label == "Smuggling"


def test_an_unknown_objective_is_not_found() -> None:
    with pytest.raises(NotFound, match="24"):
        queries.objective(24)


def test_countries_filter_by_region_at_any_level() -> None:
    europe = set(queries.countries(region="150").values_list("iso3", flat=True))
    assert {"FRA", "DEU", "ALB"} <= europe and "MEX" not in europe
    western_africa = set(queries.countries(region="11").values_list("iso3", flat=True))
    assert "SEN" in western_africa and "KEN" not in western_africa
    assert set(queries.countries(region="002").values_list("iso3", flat=True)) >= western_africa


@pytest.mark.parametrize("q", ["france", "FRANCIA", "франция", "فرنسا", "法国", "FRA"])
def test_countries_are_found_by_name_in_any_un_language(q: str) -> None:
    assert "FRA" in set(queries.countries(q=q).values_list("iso3", flat=True))


def test_search_ignores_accents_and_case() -> None:
    assert set(queries.countries(q="cote d").values_list("iso3", flat=True)) == {"CIV"}
    assert "MEX" in set(queries.countries(q="MÉXICO").values_list("iso3", flat=True))


def test_an_empty_search_returns_everything() -> None:
    assert queries.countries(q="  ").count() == queries.countries().count()


@pytest.mark.parametrize("region", ["abc", "1234", "999"])
def test_a_bad_region_filter_is_refused(region: str) -> None:
    with pytest.raises(ValidationFailed):
        list(queries.countries(region=region))


def test_a_huge_search_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="too long"):
        queries.countries(q="x" * 101)


def test_country_and_region_lookups() -> None:
    assert queries.country("fra").name_en == "France"
    assert queries.region("2").name == "Africa"
    with pytest.raises(NotFound):
        queries.country("XXX")
    with pytest.raises(NotFound):
        queries.region("998")


def test_regions_by_level() -> None:
    assert queries.regions("region").count() == 5
    with pytest.raises(ValidationFailed):
        queries.regions("continent")


def test_member_states_are_the_193() -> None:
    states = queries.member_states()
    assert states.count() == 193
    assert not states.filter(iso3__in=["VAT", "PSE", "PRI", "TWN"]).exists()


def test_organizations_filter() -> None:
    excom = set(queries.executive_committee().values_list("acronym", flat=True))
    assert excom == {"DESA", "ILO", "IOM", "OHCHR", "UNDP", "UNHCR", "UNICEF", "UNODC", "WHO"}
    non_members = queries.organizations(kind="un_entity", network_member=False)
    assert set(non_members.values_list("acronym", flat=True)) >= {"UNNM", "MPTFO"}
    assert not non_members.filter(acronym="IOM").exists()
    assert queries.organizations(q="migration").filter(acronym="IOM").exists()
    assert all(o.kind == "government" for o in queries.organizations(kind="government"))
    with pytest.raises(ValidationFailed):
        queries.organizations(kind="club")


def test_organization_lookup_ignores_case() -> None:
    assert queries.organization("un women").acronym == "UN Women"
    with pytest.raises(NotFound):
        queries.organization("NOPE")


def test_government_of_a_country() -> None:
    mexico = queries.country("MEX")
    government = queries.government_of(mexico)
    assert government is not None and government.acronym == "GOV-MEX"
    assert government.kind == Organization.Kind.GOVERNMENT
    assert queries.government_of(queries.country("ATA")) is None
