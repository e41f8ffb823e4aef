"""Kosovo is in the shipped country table under OCHA's user-assigned code XKX, so it has a profile, written as
the UN writes it with the note of Security Council resolution 1244."""

from django.test import Client

from gcmhub.reference import sources
from gcmhub.reference.models import Country

COUNCIL = "References to Kosovo shall be understood to be in the context of Security Council"
NOTE = f"{COUNCIL} resolution 1244 (1999)."


def test_the_table_gives_kosovo_its_user_assigned_codes_and_no_other_row() -> None:
    _, rows = sources.read_countries()
    by_iso3 = {row.iso3: row for row in rows}
    kosovo = by_iso3["XKX"]
    assert (kosovo.iso2, kosovo.names["en"], kosovo.m49, kosovo.is_independent) == ("XK", "Kosovo", "", False)
    assert kosovo.sub_region_m49 == "039"
    # The source's other user-assigned codes name parts of countries.
    assert not {"AZO", "CAI", "CHI", "GLI", "ANT"} & by_iso3.keys()


def test_kosovo_is_loaded_with_its_region(db: None) -> None:
    kosovo = Country.objects.select_related("sub_region").get(iso3="XKX")
    assert kosovo.sub_region is not None and kosovo.sub_region.m49 == "039"
    assert not kosovo.is_un_member_state


def test_the_kosovo_profile_page_shows_the_name_and_the_note(client: Client, db: None) -> None:
    response = client.get("/countries/XKX/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kosovo*" in page
    assert NOTE in page


def test_the_kosovo_profile_in_the_api(client: Client, db: None) -> None:
    body = client.get("/api/v1/countries/xkx/profile").json()
    assert (body["iso3"], body["name"], body["name_note"]) == ("XKX", "Kosovo*", NOTE)
