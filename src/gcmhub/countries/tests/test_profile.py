"""Country profiles: the page, the API object and `gcmhub country_profile`, and who edits the team's facts."""

import io
import json

from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from gcmhub.core.audit import history_for
from gcmhub.countries.models import CountryFacts
from gcmhub.countries.queries import display_name, name_note
from gcmhub.reference.models import Country

CITATION = "International Migrant Stock 2020"


def test_the_profile_page_shows_the_data_with_its_source(client: Client, db: None) -> None:
    response = client.get("/countries/MEX/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mexico" in page
    assert "International migrants living in the country" in page
    assert "1,197,624" in page or "1197624" in page  # Mexico's migrant stock in 2020
    assert CITATION in page
    assert '<svg class="country-chart"' in page


def test_the_api_profile_lists_values_as_agreed(client: Client, db: None) -> None:
    response = client.get("/api/v1/countries/MEX/profile")
    assert response.status_code == 200
    body = response.json()
    assert body["iso3"] == "MEX"
    first = body["indicators"][0]
    assert set(first) >= {"indicator", "year", "value", "source"}
    stock = [v for v in body["indicators"] if v["indicator"] == "migrant-stock" and v["year"] == 2020]
    assert stock and float(stock[0]["value"]) == 1197624
    assert any(CITATION in source for source in body["sources"])
    assert body["facts"]["is_champion"] is None


def test_the_command_prints_the_same_profile(db: None) -> None:
    out = io.StringIO()
    call_command("country_profile", "mex", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert body["iso3"] == "MEX"
    assert {"indicator": "population", "year": 1990} in [
        {"indicator": v["indicator"], "year": v["year"]} for v in body["indicators"]
    ]


def test_an_unknown_country_is_a_404(client: Client, db: None) -> None:
    assert client.get("/countries/ZZZ/").status_code == 404
    response = client.get("/api/v1/countries/ZZZ/profile")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")


def test_kosovo_is_written_as_the_un_writes_it(db: None) -> None:
    kosovo = Country(iso3="XKX", iso2="XK", name_en="Kosovo")
    assert display_name(kosovo) == "Kosovo*"
    assert "Security Council resolution 1244 (1999)" in name_note(kosovo)
    assert name_note(Country(iso3="MEX", name_en="Mexico")) == ""


FACTS = {
    "cooperation_framework_start": 2020,
    "cooperation_framework_end": 2025,
    "renewal_year": 2026,
    "gcm_integrated": True,
    "significant_migration_component": True,
    "network_exists": True,
    "network_since": 2019,
    "network_co_leads": ["IOM", "UNHCR"],
    "is_champion": True,
}


def test_the_member_states_focal_point_records_the_facts(client: Client, member_state: User) -> None:
    client.force_login(member_state)
    response = client.put("/api/v1/countries/MEX/facts", FACTS, content_type="application/json")
    assert response.status_code == 200, response.content
    facts = CountryFacts.objects.get(country__iso3="MEX")
    assert facts.renewal_year == 2026 and facts.is_champion is True
    assert sorted(o.acronym for o in facts.network_co_leads.all()) == ["IOM", "UNHCR"]
    assert facts.updated_by == member_state
    listed = client.get("/countries/renewal/?year=2026").content.decode()
    assert "/countries/MEX/" in listed


def test_it_rejects_another_countrys_focal_point(client: Client, member_state: User) -> None:
    client.force_login(member_state)
    response = client.put("/api/v1/countries/FRA/facts", FACTS, content_type="application/json")
    assert response.status_code == 403
    assert not CountryFacts.objects.exists()


def test_it_rejects_outsider(client: Client, outsider: User) -> None:
    client.force_login(outsider)
    assert (
        client.put("/api/v1/countries/MEX/facts", FACTS, content_type="application/json").status_code == 403
    )
    assert client.get("/countries/MEX/facts/").status_code == 403
    assert client.post("/countries/MEX/facts/", {"is_champion": "true"}).status_code == 403
    assert not CountryFacts.objects.exists()


def test_anonymous_is_refused(client: Client, db: None) -> None:
    assert (
        client.put("/api/v1/countries/MEX/facts", FACTS, content_type="application/json").status_code == 401
    )
    assert not CountryFacts.objects.exists()


def test_bad_facts_are_a_422_and_change_nothing(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    backwards = {**FACTS, "cooperation_framework_start": 2025, "cooperation_framework_end": 2020}
    response = client.put("/api/v1/countries/MEX/facts", backwards, content_type="application/json")
    assert response.status_code == 422
    unknown_lead = {**FACTS, "network_co_leads": ["NOPE"]}
    assert (
        client.put("/api/v1/countries/MEX/facts", unknown_lead, content_type="application/json").status_code
        == 422
    )
    assert (
        client.put(
            "/api/v1/countries/MEX/facts", {"renewal_year": 99}, content_type="application/json"
        ).status_code
        == 422
    )
    assert not CountryFacts.objects.exists()


def test_the_secretariat_edits_the_facts_on_the_page(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    assert client.get("/countries/MEX/facts/").status_code == 200
    response = client.post(
        "/countries/MEX/facts/", {"renewal_year": "2027", "is_champion": "false", "network_exists": ""}
    )
    assert response.status_code == 302
    facts = CountryFacts.objects.get(country__iso3="MEX")
    assert facts.renewal_year == 2027 and facts.is_champion is False and facts.network_exists is None
    page = client.get("/countries/MEX/").content.decode()
    assert "renewal in 2027" in page


def test_a_change_to_the_facts_is_audited(client: Client, member_state: User) -> None:
    client.force_login(member_state)
    client.put("/api/v1/countries/MEX/facts", FACTS, content_type="application/json")
    client.put(
        "/api/v1/countries/MEX/facts", {**FACTS, "renewal_year": 2027}, content_type="application/json"
    )
    events = list(history_for(CountryFacts.objects.get(country__iso3="MEX")))
    assert events[0].actor == member_state
    assert events[0].changes_dict["renewal_year"] == ["2026", "2027"]
