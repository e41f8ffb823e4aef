"""The overlap-and-gap matrix and the national plans map, computed on known data."""

from typing import Any

from gcmhub.knowledge.queries import national_plan_map_values, national_plans_by_country, overlap_and_gaps
from gcmhub.knowledge.tests.factories import make_plan, make_platform, make_resource


def test_overlaps_and_gaps_on_known_data(db: None) -> None:
    africa_data = make_platform("Africa data hub", (1, 2), ("002",))
    global_portal = make_platform("Global portal", (1,), scope="global")
    americas = make_platform("Americas observatory", (3,))
    americas.countries.set([])
    from gcmhub.reference.models import Country

    americas.countries.add(Country.objects.get(iso3="MEX"))
    make_resource("A European practice", objectives=(2,), countries=("FRA",))

    matrix = overlap_and_gaps()
    cells = matrix.cells
    assert [r.m49 for r in matrix.regions] == ["002", "019", "142", "150", "009"]
    assert cells[(1, "002")].platforms == [africa_data, global_portal] and cells[(1, "002")].is_overlap
    assert cells[(1, "150")].platforms == [global_portal] and not cells[(1, "150")].is_overlap
    assert cells[(2, "002")].platforms == [africa_data]
    assert cells[(2, "150")].is_gap and cells[(2, "150")].hub_resources == 1
    assert cells[(3, "019")].platforms == [americas]
    assert cells[(3, "002")].is_gap and cells[(3, "002")].hub_resources == 0
    # Objective 1 everywhere, 2 in Africa, 3 in the Americas: 7 of the 115 cells are covered.
    assert len(matrix.gaps) == 23 * 5 - 7
    assert len(matrix.overlaps) == 1
    assert (2, "150") not in {(c.objective, c.region) for c in matrix.uncovered}
    assert (3, "002") in {(c.objective, c.region) for c in matrix.uncovered}


def test_a_countrys_most_advanced_plan_colours_the_map(db: None) -> None:
    make_plan("MEX", "in_preparation")
    make_plan("MEX", "adopted")
    make_plan("SEN", "under_review")
    assert national_plan_map_values() == {"484": "adopted", "686": "under_review"}
    mexico = next(entry for entry in national_plans_by_country() if entry.country.iso3 == "MEX")
    assert len(mexico.resources) == 2 and mexico.status_label == "Adopted"


def test_the_map_page_lists_the_countries_in_the_readers_language(client: Any, db: None) -> None:
    make_plan("DEU", "adopted")
    page = client.get("/fr/knowledge/national-plans/map/").content.decode()
    assert "Allemagne" in page
