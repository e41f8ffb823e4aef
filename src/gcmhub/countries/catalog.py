"""The shipped indicators and their source: UN DESA's International Migrant Stock 2020 country totals, as
copied in the public repository guyabel/stepladderChapter (docs/countries.md says how each column is built).
Names are marked for translation here; the database keeps the English."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import pgettext
from django.utils.translation import pgettext_lazy as _p

from gcmhub.countries.models import Indicator, Unit
from gcmhub.reference.catalog import source_text

DATA_DIR = Path(__file__).resolve().parents[3] / "data"
UNDESA_FILE = DATA_DIR / "undesa_migrant_stock_2020_totals.csv"


@dataclass(frozen=True)
class IndicatorEntry:
    code: str
    name: Promise
    unit: str
    column: str  # the column of the shipped CSV
    description: Promise


@dataclass(frozen=True)
class SourceEntry:
    key: str
    publisher: str
    title: str
    url: str
    copy_url: str
    copy_date: date  # the date of the commit that wrote the copy


UNDESA_2020 = SourceEntry(
    key="undesa-ims-2020",
    publisher="United Nations, Department of Economic and Social Affairs, Population Division",
    title="International Migrant Stock 2020",
    url="https://www.un.org/development/desa/pd/content/international-migrant-stock",
    copy_url=(
        "https://github.com/guyabel/stepladderChapter/blob/9cfc3f98ac0ce5beb441a488a675040237a39147/"
        "data/stock_totals_2020.csv"
    ),
    copy_date=date(2021, 4, 30),
)

UNDESA_2019_BILATERAL = SourceEntry(
    key="undesa-ims-2019-origin-destination",
    publisher="United Nations, Department of Economic and Social Affairs, Population Division",
    title="International Migrant Stock 2019: migrants by destination and origin",
    url="https://www.un.org/development/desa/pd/content/international-migrant-stock",
    copy_url=(
        "https://github.com/guyabel/stepladderChapter/blob/dfa46c6512b0242bd3c82b822ed21a06eb2d7fcf/"
        "archive/UN_MigrantStockByOriginAndDestination_2019_clean.csv"
    ),
    copy_date=date(2021, 2, 22),
)
BILATERAL_FILE = DATA_DIR / "undesa_migrant_stock_2019_origin_destination.csv"
# UN DESA's short names in that table that differ from the reference countries' English names.
BILATERAL_NAMES = {
    "China, Hong Kong SAR": "HKG",
    "China, Macao SAR": "MAC",
    "Côte d'Ivoire": "CIV",
    "Dem. People's Republic of Korea": "PRK",
    "Micronesia (Fed. States of)": "FSM",
    "Netherlands": "NLD",
    "Turkey": "TUR",
    "United Kingdom": "GBR",
}

INDICATORS: tuple[IndicatorEntry, ...] = (
    IndicatorEntry(
        "migrant-stock",
        _p("indicator", "International migrants living in the country"),
        Unit.PERSONS,
        "fb",
        _p("indicator", "International migrants living in the country, as UN DESA estimates them."),
    ),
    IndicatorEntry(
        "migrant-share",
        _p("indicator", "International migrants as a share of the population"),
        Unit.PERCENT,
        "fb_share",
        _p("indicator", "International migrants living in the country, in per cent of its total population."),
    ),
    IndicatorEntry(
        "refugees",
        _p("indicator", "Refugees among the international migrants"),
        Unit.PERSONS,
        "refugee",
        _p("indicator", "Refugees living in the country, as UN DESA counts them within its migrant stock."),
    ),
    IndicatorEntry(
        "emigrants",
        _p("indicator", "Emigrants: people born in the country living abroad"),
        Unit.PERSONS,
        "disp",
        _p(
            "indicator",
            "International migrants anywhere in the world whose country of birth is this country.",
        ),
    ),
    IndicatorEntry(
        "population",
        _p("indicator", "Total population"),
        Unit.PERSONS,
        "pop",
        _p("indicator", "The country's total population, as UN DESA used it for the migrant shares."),
    ),
)

UNHCR_REFUGEES = SourceEntry(
    key="unhcr-refugee-data-finder",
    publisher="United Nations High Commissioner for Refugees (UNHCR)",
    title="Refugee Data Finder: refugees under UNHCR's mandate by country of origin and of asylum",
    url="https://www.unhcr.org/refugee-statistics/",
    copy_url=(
        "https://github.com/guyabel/stepladderChapter/blob/9cfc3f98ac0ce5beb441a488a675040237a39147/"
        "data/unhcr_2020.csv"
    ),
    copy_date=date(2021, 4, 30),
)
UNHCR_FILE = DATA_DIR / "unhcr_refugees_by_origin_and_asylum_1995_2019.csv"
REFUGEES_BY_ORIGIN = IndicatorEntry(
    "refugees-by-origin",
    _p("indicator", "Refugees from the country, by country of origin"),
    Unit.PERSONS,
    "refugees",
    _p(
        "indicator",
        "Refugees under UNHCR's mandate who fled this country, in every country of asylum together: the "
        "number that SDG indicator 10.7.4 relates to the population of the country of origin.",
    ),
)

# The SDG migration indicators the secretariat may import values for, with the unit of each. 10.7.2
# is left out: it counts countries with policies, which is not one number per country and year.
SDG_UNITS: dict[str, str] = {
    "10.7.1": Unit.PERCENT,
    "10.7.3": Unit.PERSONS,
    "10.7.4": Unit.PER_100K,
    "10.c.1": Unit.PERCENT,
}

__all__ = ["source_text"]

_BY_CODE = {entry.code: entry for entry in (*INDICATORS, REFUGEES_BY_ORIGIN)}


def translated_name(indicator: Indicator) -> str:
    """The shipped indicator's name in the active language; others as stored."""
    entry = _BY_CODE.get(indicator.code)
    if indicator.is_shipped and entry is not None:
        return str(entry.name)
    if indicator.is_shipped and indicator.sdg_code:
        # The reference catalogue translates the SDG titles under this context.
        return pgettext("SDG indicator", indicator.name)
    return indicator.name


def translated_description(indicator: Indicator) -> str:
    entry = _BY_CODE.get(indicator.code)
    if indicator.is_shipped and entry is not None:
        return str(entry.description)
    return indicator.description
