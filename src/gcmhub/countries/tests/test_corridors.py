"""Migration corridors: created and tagged by the secretariat, public to read, values by corridor."""

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from gcmhub.countries.actions import import_values
from gcmhub.countries.models import Corridor, CorridorTag
from gcmhub.knowledge.models import Kind, Resource, Status


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def _practice() -> Resource:
    return Resource.objects.create(
        kind=Kind.PRACTICE, title="Seasonal workers scheme", summary="A practice.", status=Status.PUBLISHED
    )


def test_the_secretariat_creates_and_tags_a_corridor(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    response = _post(client, "/api/v1/countries/corridors", {"origin": "mex", "destination": "USA"})
    assert response.status_code == 201, response.content
    assert response.json()["code"] == "MEX-USA"
    practice = _practice()
    response = _post(
        client, "/api/v1/countries/corridors/MEX-USA/tags", {"kind": "resource", "ref": str(practice.pk)}
    )
    assert response.status_code == 201, response.content
    assert response.json()["tags"][0]["record"]["title"] == "Seasonal workers scheme"
    page = client.get("/countries/corridors/MEX-USA/").content.decode()
    assert "Seasonal workers scheme" in page
    assert "/countries/corridors/MEX-USA/" in client.get("/countries/MEX/").content.decode()


def test_a_region_to_region_corridor(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    response = _post(client, "/api/v1/countries/corridors", {"origin": "R419", "destination": "R021"})
    assert response.status_code == 201
    assert Corridor.objects.get(code="R419-R021").origin_region is not None


def test_bad_corridors_are_a_422_and_change_nothing(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    assert (
        _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "ZZZ"}).status_code
        == 422
    )
    assert (
        _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "MEX"}).status_code
        == 422
    )
    assert (
        _post(client, "/api/v1/countries/corridors", {"origin": "R999", "destination": "MEX"}).status_code
        == 422
    )
    assert not Corridor.objects.exists()
    _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "USA"})
    assert (
        _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "USA"}).status_code
        == 422
    )
    unknown = _post(client, "/api/v1/countries/corridors/MEX-USA/tags", {"kind": "resource", "ref": "999999"})
    assert unknown.status_code == 422
    draft = Resource.objects.create(kind=Kind.PRACTICE, title="Draft", summary="x", status=Status.DRAFT)
    hidden = _post(
        client, "/api/v1/countries/corridors/MEX-USA/tags", {"kind": "resource", "ref": str(draft.pk)}
    )
    assert hidden.status_code == 422
    assert (
        _post(client, "/api/v1/countries/corridors/MEX-USA/tags", {"kind": "nope", "ref": "1"}).status_code
        == 422
    )
    assert not CorridorTag.objects.exists()


def test_it_rejects_outsider(client: Client, outsider: User, secretariat: User) -> None:
    client.force_login(secretariat)
    _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "USA"})
    practice = _practice()
    client.force_login(outsider)
    assert (
        _post(client, "/api/v1/countries/corridors", {"origin": "FRA", "destination": "DEU"}).status_code
        == 403
    )
    tag = _post(
        client, "/api/v1/countries/corridors/MEX-USA/tags", {"kind": "resource", "ref": str(practice.pk)}
    )
    assert tag.status_code == 403
    assert list(Corridor.objects.values_list("code", flat=True)) == ["MEX-USA"]
    assert not CorridorTag.objects.exists()


def test_values_by_corridor_show_on_its_page(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    _post(client, "/api/v1/countries/corridors", {"origin": "MEX", "destination": "USA"})
    content = (
        b"indicator,corridor,year,value,source\nmigrant-stock,MEX-USA,2020,1000,Test bilateral figures\n"
    )
    assert import_values(content, "corridor.csv", actor=None).created == 1
    body = client.get("/api/v1/countries/corridors/MEX-USA").json()
    assert body["values"][0]["indicator"] == "migrant-stock" and float(body["values"][0]["value"]) == 1000
    page = client.get("/countries/corridors/MEX-USA/").content.decode()
    assert "Test bilateral figures" in page


def test_a_country_corridor_shows_the_shipped_bilateral_stock(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    _post(client, "/api/v1/countries/corridors", {"origin": "RWA", "destination": "BDI"})
    body = client.get("/api/v1/countries/corridors/RWA-BDI").json()
    # UN DESA International Migrant Stock 2019: people born in Rwanda living in Burundi in 2019.
    assert {"year": 2019, "migrants": 71294} in [
        {"year": s["year"], "migrants": s["migrants"]} for s in body["bilateral_stock"]
    ]
    assert "International Migrant Stock 2019" in body["bilateral_stock"][0]["source"]
    page = client.get("/countries/corridors/RWA-BDI/").content.decode()
    assert "71,294" in page and "International Migrant Stock 2019" in page


def test_the_secretariat_manages_corridors_on_the_pages(client: Client, secretariat: User) -> None:
    client.force_login(secretariat)
    assert "/countries/corridors/new/" in client.get("/countries/corridors/").content.decode()
    response = client.post("/countries/corridors/new/", {"origin": "SYR", "destination": "TUR"})
    assert response.status_code == 302 and response["Location"] == "/countries/corridors/SYR-TUR/"
    bad = client.post("/countries/corridors/new/", {"origin": "SYR", "destination": "ZZZ"})
    assert bad.status_code == 422 and "ZZZ" in bad.content.decode()
    practice = _practice()
    response = client.post("/countries/corridors/SYR-TUR/tag/", {"kind": "resource", "ref": str(practice.pk)})
    assert response.status_code == 302
    assert "Seasonal workers scheme" in client.get("/countries/corridors/SYR-TUR/").content.decode()
    assert list(Corridor.objects.values_list("code", flat=True)) == ["SYR-TUR"]


def test_the_corridor_pages_refuse_outsider(client: Client, outsider: User, secretariat: User) -> None:
    client.force_login(secretariat)
    client.post("/countries/corridors/new/", {"origin": "SYR", "destination": "TUR"})
    practice = _practice()
    client.force_login(outsider)
    assert "/countries/corridors/new/" not in client.get("/countries/corridors/").content.decode()
    assert client.get("/countries/corridors/new/").status_code == 403
    assert (
        client.post("/countries/corridors/new/", {"origin": "FRA", "destination": "DEU"}).status_code == 403
    )
    tag = client.post("/countries/corridors/SYR-TUR/tag/", {"kind": "resource", "ref": str(practice.pk)})
    assert tag.status_code == 403
    assert Corridor.objects.count() == 1 and not CorridorTag.objects.exists()
