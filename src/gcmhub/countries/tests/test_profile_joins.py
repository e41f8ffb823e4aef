"""The profile joins what the other apps publish about the country, and only what the reader may see."""

from django.test import Client

from gcmhub.knowledge.models import NationalPlan, Status
from gcmhub.knowledge.tests.factories import make_plan, make_resource


def test_published_plans_and_practices_naming_the_country_are_listed(client: Client, db: None) -> None:
    make_plan("MEX", NationalPlan.PlanStatus.ADOPTED)
    make_resource("Consular protection network", countries=("MEX",))
    make_resource("Draft practice", countries=("MEX",), status=Status.DRAFT)
    make_resource("A practice elsewhere", countries=("FRA",))
    body = client.get("/api/v1/countries/MEX/profile").json()
    assert [p["title"] for p in body["national_plans"]] == ["National implementation plan of Mexico"]
    assert [p["title"] for p in body["practices"]] == ["Consular protection network"]
    page = client.get("/countries/MEX/").content.decode()
    assert "Consular protection network" in page
    assert "Draft practice" not in page and "A practice elsewhere" not in page
    assert body["pledges"] == [] and body["joint_programmes"] == []
