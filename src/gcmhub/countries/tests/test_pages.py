"""Indicator maps, rankings and downloads; regional roll-ups. Public pages, readable without JavaScript."""

import csv
import io

from django.test import Client

from gcmhub.countries.models import IndicatorValue

CITATION = "International Migrant Stock 2020"


def test_the_indicator_page_maps_and_ranks_the_latest_year(client: Client, db: None) -> None:
    response = client.get("/countries/indicators/migrant-share/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ranking, 2020" in page
    assert '<figure class="gcm-map">' in page
    assert 'data-m49="484"' in page  # Mexico is drawn
    assert CITATION in page
    # Highest first, ties by name: Bonaire, Sint Eustatius and Saba and the Holy See both have 100 per cent.
    rows = page.split("<tbody>")[1].split("</tr>")
    assert "/countries/BES/" in rows[0] and "<td>100</td>" in rows[0]
    assert "/countries/VAT/" in rows[1] and "<td>100</td>" in rows[1]


def test_an_earlier_year_is_chosen_with_the_form(client: Client, db: None) -> None:
    page = client.get("/countries/indicators/migrant-stock/?year=1990").content.decode()
    assert "Ranking, 1990" in page
    assert '<option value="1990" selected>' in page


def test_a_year_without_values_is_a_404_and_a_bad_year_a_4xx(client: Client, db: None) -> None:
    assert client.get("/countries/indicators/migrant-stock/?year=1991").status_code == 404
    assert client.get("/countries/indicators/migrant-stock/?year=abc").status_code == 422
    assert client.get("/countries/indicators/no-such-indicator/").status_code == 404


def test_the_indicator_download_cites_the_source_on_every_row(client: Client, db: None) -> None:
    response = client.get("/countries/indicators/refugees/values.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == IndicatorValue.objects.filter(indicator__code="refugees").count()
    assert all(CITATION in row["source"] for row in rows)
    burundi = [r for r in rows if r["iso3"] == "BDI" and r["year"] == "1990"]
    assert burundi[0]["value"] == "267929"


def test_the_country_download_has_its_values(client: Client, db: None) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/countries/FRA/values.csv").content.decode())))
    assert {r["indicator"] for r in rows} == {
        "migrant-stock",
        "migrant-share",
        "refugees",
        "emigrants",
        "population",
        "refugees-by-origin",
    }
    assert all(r["iso3"] == "FRA" for r in rows)


def test_the_regional_roll_up_adds_the_countries(client: Client, db: None) -> None:
    total = sum(
        v.value
        for v in IndicatorValue.objects.filter(
            indicator__code="migrant-stock", year=2020, country__sub_region__m49="419"
        )
    )
    page = client.get("/countries/regions/419/").content.decode()
    assert "Totals, 2020" in page
    assert f"{int(total):,}" in page
    assert client.get("/countries/regions/999/").status_code == 404


def test_the_index_and_indicator_list_are_public(client: Client, db: None) -> None:
    assert "/countries/MEX/" in client.get("/countries/").content.decode()
    page = client.get("/countries/indicators/").content.decode()
    assert "SDG indicator 10.7.4" in page


def test_pages_work_in_arabic(client: Client, db: None) -> None:
    response = client.get("/ar/countries/EGY/")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_the_api_rolls_up_a_region(client: Client, db: None) -> None:
    body = client.get("/api/v1/countries/regions/002").json()
    assert body["year"] == 2020 and "NGA" in body["countries"]
    stock = next(t for t in body["totals"] if t["indicator"] == "migrant-stock")
    expected = sum(
        v.value
        for v in IndicatorValue.objects.filter(
            indicator__code="migrant-stock", year=2020, country__region__m49="002"
        )
    )
    assert float(stock["total"]) == float(expected)
    assert client.get("/api/v1/countries/regions/999").status_code == 404
