"""Country and M49 region rows from the shipped country table (data/reference/countries.csv, an extract of
OCHA's Countries & Territories Taxonomy; see docs/reference-data.md), reduced to what `load_reference`
stores."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

COUNTRY_TABLE = Path(settings.PACKAGE_DIR).parent.parent / "data" / "reference" / "countries.csv"
# A sorting form such as "هولندا (مملكة _)": the words in brackets go before the name, at the "_".
_SORTING_MARKER = re.compile(r"^(?P<name>.+?)\s*\((?P<before>[^()]*?)\s*_\s*\)$")

# The source's column suffix for each UN language, and the Country.name_<code> it fills.
_LANGUAGE_COLUMNS = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "zh": "Chinese",
    "ar": "Arabic",
}
_REGION_LEVELS = (("region", "Region"), ("sub_region", "Sub-region"), ("intermediate", "Intermediate Region"))

# Rows with no ISO code loaded under the source's user-assigned code ("x Alpha3 codes"): Kosovo (XKX). The
# source's other user-assigned codes (Azores, Canary Islands…) name parts of countries and stay out.
USER_ASSIGNED_ALPHA3 = {"XKX"}


@dataclass(frozen=True)
class RegionRow:
    m49: str
    name: str
    level: str
    parent_m49: str | None


@dataclass(frozen=True)
class CountryRow:
    iso3: str
    iso2: str
    m49: str
    names: dict[str, str]
    region_m49: str | None
    sub_region_m49: str | None
    intermediate_region_m49: str | None
    is_independent: bool


def m49_code(value: Any) -> str:
    """An M49 code as the standard writes it: three digits with leading zeros ("2" -> "002")."""
    text = str(value).strip()
    if not text.isdigit() or len(text) > 3:
        raise ValueError(f"{value!r} is not an M49 code.")
    return text.zfill(3)


def _clean(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def display_name(name: str) -> str:
    """A name as read, not as sorted: "هولندا (مملكة _)" becomes "مملكة هولندا"."""
    match = _SORTING_MARKER.match(name)
    return f"{match['before']} {match['name']}" if match else name


def _country_rows_raw() -> list[dict[str, Any]]:
    with COUNTRY_TABLE.open(encoding="utf-8", newline="") as table:
        return list(csv.DictReader(table))


def _codes(row: dict[str, Any]) -> tuple[str, str]:
    """The row's ISO alpha-3 and alpha-2 codes, or its user-assigned ones where it is one we load."""
    iso3 = _clean(row.get("ISO 3166-1 Alpha 3-Codes")).upper()
    if iso3:
        return iso3, _clean(row.get("ISO 3166-1 Alpha 2-Codes")).upper()
    assigned = _clean(row.get("x Alpha3 codes")).upper()
    if assigned in USER_ASSIGNED_ALPHA3:
        return assigned, _clean(row.get("x Alpha2 codes")).upper()
    return "", ""


def read_countries(raw: list[dict[str, Any]] | None = None) -> tuple[list[RegionRow], list[CountryRow]]:
    """Regions (parents first) and countries; deprecated rows are skipped."""
    rows = _country_rows_raw() if raw is None else raw
    regions: dict[str, RegionRow] = {}
    countries: list[CountryRow] = []
    for row in rows:
        if _clean(row.get("Deprecated")).upper() == "Y":
            continue
        iso3, iso2 = _codes(row)
        if len(iso3) != 3:
            continue
        chain: list[str | None] = []
        parent: str | None = None
        for level, column in _REGION_LEVELS:
            code = _clean(row.get(f"{column} Code"))
            if not code:
                chain.append(None)
                continue
            m49 = m49_code(code)
            regions.setdefault(m49, RegionRow(m49, _clean(row.get(f"{column} Name")), level, parent))
            chain.append(m49)
            parent = m49
        names = {
            code: display_name(_clean(row.get(f"M49 {column}")) or _clean(row.get(f"{column} Short")))
            for code, column in _LANGUAGE_COLUMNS.items()
        }
        if not names["en"]:
            names["en"] = _clean(row.get("Preferred Term")) or iso3
        m49 = _clean(row.get("m49 numerical code"))
        countries.append(
            CountryRow(
                iso3=iso3,
                iso2=iso2,
                m49=m49_code(m49) if m49 else "",
                names=names,
                region_m49=chain[0],
                sub_region_m49=chain[1],
                intermediate_region_m49=chain[2],
                is_independent=_clean(row.get("Independent")).upper() == "Y",
            )
        )
    order = {level: i for i, (level, _) in enumerate(_REGION_LEVELS)}
    return sorted(regions.values(), key=lambda r: (order[r.level], r.m49)), countries
