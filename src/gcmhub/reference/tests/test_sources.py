"""Reading the shipped country table: deprecated rows skipped, names falling back, M49 codes padded, sorting
markers turned into the name as read."""

import pytest

from gcmhub.reference.sources import display_name, m49_code, read_countries


def row(iso3: str, **extra: str | None) -> dict[str, str | None]:
    return {
        "ISO 3166-1 Alpha 3-Codes": iso3,
        "ISO 3166-1 Alpha 2-Codes": iso3[:2],
        "m49 numerical code": "4",
        "Deprecated": "N",
        "Independent": "Y",
        "Region Code": "142",
        "Region Name": "Asia",
        "Sub-region Code": "34",
        "Sub-region Name": "Southern Asia",
        "M49 English": f"{iso3} land",
        **extra,
    }


def test_it_skips_deprecated_rows() -> None:
    _, countries = read_countries([row("AAA"), row("BBB", Deprecated="Y")])
    assert [c.iso3 for c in countries] == ["AAA"]


def test_it_pads_m49_codes_and_links_regions_to_their_parents() -> None:
    regions, countries = read_countries([row("AAA")])
    assert [(r.m49, r.level, r.parent_m49) for r in regions] == [
        ("142", "region", None),
        ("034", "sub_region", "142"),
    ]
    assert (countries[0].m49, countries[0].region_m49, countries[0].sub_region_m49) == ("004", "142", "034")
    assert countries[0].intermediate_region_m49 is None


def test_names_fall_back_to_the_short_names() -> None:
    _, countries = read_countries(
        [
            row(
                "AAA",
                **{
                    "M49 English": None,
                    "English Short": "Short A",
                    "M49 French": None,
                    "French Short": "Court A",
                },
            )
        ]
    )
    assert countries[0].names["en"] == "Short A"
    assert countries[0].names["fr"] == "Court A"
    assert countries[0].names["zh"] == ""


def test_a_row_without_region_has_none() -> None:
    _, countries = read_countries(
        [row("ATA", **{"Region Code": None, "Sub-region Code": None, "Independent": "N"})]
    )
    assert countries[0].region_m49 is None
    assert not countries[0].is_independent


@pytest.mark.parametrize(("value", "expected"), [("2", "002"), (19, "019"), (" 150 ", "150")])
def test_m49_codes_have_three_digits(value: object, expected: str) -> None:
    assert m49_code(value) == expected


@pytest.mark.parametrize("value", ["", "abc", "1234", "-1"])
def test_it_rejects_malformed_m49_codes(value: str) -> None:
    with pytest.raises(ValueError, match="is not an M49 code"):
        m49_code(value)


def test_a_sorting_marker_becomes_the_name_as_read() -> None:
    _, countries = read_countries([row("NLD", **{"M49 Arabic": "هولندا (مملكة _)"})])
    assert countries[0].names["ar"] == "مملكة هولندا"


@pytest.mark.parametrize("name", ["Netherlands (Kingdom of the)", "Bolivia (Plurinational State of)", "A_B"])
def test_names_without_a_marker_are_kept_as_written(name: str) -> None:
    assert display_name(name) == name


def test_the_shipped_table_is_read_without_placeholders() -> None:
    regions, countries = read_countries()
    by_iso3 = {c.iso3: c for c in countries}
    assert len(countries) > 240 and len(regions) == 30
    assert by_iso3["NLD"].names["ar"] == "مملكة هولندا"
    assert by_iso3["FRA"].names == {
        "en": "France",
        "fr": "France",
        "es": "Francia",
        "ru": "Франция",
        "zh": "法国",
        "ar": "فرنسا",
    }
    assert not [(c.iso3, n) for c in countries for n in c.names.values() if "_" in n]
