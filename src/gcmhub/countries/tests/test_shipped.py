"""The shipped UN DESA International Migrant Stock 2020 totals, loaded by `gcmhub load_reference`."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command

from gcmhub.countries import bilateral, shipped, unhcr
from gcmhub.countries.models import BilateralStock, Indicator, IndicatorValue


def _value(code: str, iso3: str, year: int) -> Decimal:
    return IndicatorValue.objects.get(indicator__code=code, country__iso3=iso3, year=year).value


def test_it_loads_the_source_figures_per_country_and_year(db: None) -> None:
    # Burundi 1990 and Mexico 2020, as in data/undesa_migrant_stock_2020_totals.csv.
    assert _value("migrant-stock", "BDI", 1990) == Decimal("333110")
    assert _value("migrant-share", "BDI", 1990) == Decimal("6.124518")
    assert _value("refugees", "BDI", 1990) == Decimal("267929")
    assert _value("emigrants", "BDI", 1990) == Decimal("337100")
    assert _value("population", "BDI", 1990) == Decimal("5438959")
    value = IndicatorValue.objects.select_related("source").get(
        indicator__code="migrant-stock", country__iso3="MEX", year=2020
    )
    assert value.source.title == "International Migrant Stock 2020"
    assert value.source.publisher.startswith("United Nations, Department of Economic and Social Affairs")
    assert value.source_date is not None and value.source_date.isoformat() == "2021-04-30"


def test_not_reported_values_are_left_out(db: None) -> None:
    # "~": no refugees reported (Comoros 1990); "NA": no estimate (South Sudan 1990); 0 emigrants (Taiwan).
    assert not IndicatorValue.objects.filter(
        indicator__code="refugees", country__iso3="COM", year=1990
    ).exists()
    assert not IndicatorValue.objects.filter(
        indicator__code="migrant-stock", country__iso3="SSD", year=1990
    ).exists()
    assert not IndicatorValue.objects.filter(indicator__code="emigrants", country__iso3="TWN").exists()
    assert IndicatorValue.objects.filter(
        indicator__code="population", country__iso3="SSD", year=1990
    ).exists()


def test_every_row_that_does_not_map_is_reported(db: None) -> None:
    report = shipped.load_shipped()
    # Only the Channel Islands (M49 830) has no reference country: one line per year.
    assert len(report.unmapped) == 7
    assert all("Channel Islands" in line and "830" in line for line in report.unmapped)


def test_a_second_load_changes_nothing(db: None) -> None:
    before = IndicatorValue.objects.count()
    out = StringIO()
    call_command("load_reference", stdout=out, stderr=StringIO())
    assert IndicatorValue.objects.count() == before
    assert (
        "indicator values (UN DESA International Migrant Stock 2020): 0 created, 0 updated" in out.getvalue()
    )


def test_the_sdg_migration_indicators_exist_without_invented_values(db: None) -> None:
    codes = set(Indicator.objects.exclude(sdg_code="").values_list("sdg_code", flat=True))
    assert codes == {"10.7.1", "10.7.3", "10.7.4", "10.c.1"}
    assert not IndicatorValue.objects.exclude(indicator__sdg_code="").exists()


def test_the_origin_destination_table_is_loaded_with_its_unmapped_names_reported(db: None) -> None:
    report = bilateral.load_bilateral()
    assert report.created == 0 and report.updated == 0 and report.unchanged > 11_000
    # Aggregate rows and the Channel Islands are reported, not guessed; renamed countries map.
    assert report.unmapped == {
        "Caribbean",
        "Channel Islands",
        "Melanesia",
        "Micronesia",
        "Polynesia",
        "South America",
    }
    stock = BilateralStock.objects.get(origin__iso3="TUR", destination__iso3="DEU", year=2019)
    assert stock.value > 0
    assert not BilateralStock.objects.filter(value=0).exists()
    assert set(BilateralStock.objects.values_list("year", flat=True)) == {2019}


def test_unhcr_refugees_are_added_up_by_country_of_origin(db: None) -> None:
    # The copy labels UNHCR's 2019 figures "2020"; they are stored as 2019 and nothing as 2020.
    syria = IndicatorValue.objects.get(indicator__code="refugees-by-origin", country__iso3="SYR", year=2019)
    assert syria.value == Decimal("6616983")
    assert not IndicatorValue.objects.filter(indicator__code="refugees-by-origin", year=2020).exists()
    assert "UNHCR" in syria.source.publisher
    report = unhcr.load_refugees()
    assert report.unmapped == {"(blank)", "TIB", "XXA"}
    assert not report.values.changed
