"""API and export shapes of the countries app."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema
from gcmhub.countries import catalog, joins
from gcmhub.countries.models import (
    BilateralStock,
    Corridor,
    CorridorTag,
    CountryFacts,
    Indicator,
    IndicatorValue,
)
from gcmhub.countries.profile import Profile


class CountryIndicatorOut(Schema):
    code: str
    name: str
    unit: str
    sdg_code: str
    description: str

    @staticmethod
    def of(item: Indicator) -> "CountryIndicatorOut":
        return CountryIndicatorOut(
            code=item.code,
            name=item.name_display,
            unit=item.unit,
            sdg_code=item.sdg_code,
            description=catalog.translated_description(item),
        )


class ValueOut(Schema):
    indicator: str
    year: int
    value: Decimal
    source: str
    source_date: datetime.date | None = None

    @staticmethod
    def of(value: IndicatorValue) -> "ValueOut":
        return ValueOut(
            indicator=value.indicator.code,
            year=value.year,
            value=value.value,
            source=value.source.citation,
            source_date=value.source_date,
        )


class CountryValueOut(ValueOut):
    country: str

    @staticmethod
    def of(value: IndicatorValue) -> "CountryValueOut":
        base = ValueOut.of(value)
        return CountryValueOut(country=value.country.iso3 if value.country else "", **base.dict())


class FactsOut(Schema):
    cooperation_framework_start: int | None = None
    cooperation_framework_end: int | None = None
    renewal_year: int | None = None
    gcm_integrated: bool | None = None
    significant_migration_component: bool | None = None
    network_exists: bool | None = None
    network_since: int | None = None
    network_co_leads: list[str] = Field(default_factory=list)
    is_champion: bool | None = None
    updated_at: datetime.datetime | None = None

    @staticmethod
    def of(facts: CountryFacts | None) -> "FactsOut":
        if facts is None:
            return FactsOut()
        return FactsOut(
            **{name: getattr(facts, name) for name in FACT_FIELDS},
            network_co_leads=sorted(o.acronym for o in facts.network_co_leads.all()),
            updated_at=facts.updated_at,
        )


FACT_FIELDS = (
    "cooperation_framework_start",
    "cooperation_framework_end",
    "renewal_year",
    "gcm_integrated",
    "significant_migration_component",
    "network_exists",
    "network_since",
    "is_champion",
)


class FactsIn(InputSchema):
    cooperation_framework_start: int | None = Field(None, ge=1900, le=2200)
    cooperation_framework_end: int | None = Field(None, ge=1900, le=2200)
    renewal_year: int | None = Field(None, ge=1900, le=2200)
    gcm_integrated: bool | None = None
    significant_migration_component: bool | None = None
    network_exists: bool | None = None
    network_since: int | None = Field(None, ge=1900, le=2200)
    network_co_leads: list[str] = Field(default_factory=list, max_length=20)
    is_champion: bool | None = None


class LinkedOut(Schema):
    ref: str
    title: str
    url: str
    language: str = ""
    detail: str = ""
    amount: Decimal | None = None
    currency: str = ""

    @staticmethod
    def of(item: joins.Linked) -> "LinkedOut":
        return LinkedOut(**item.__dict__)


class CorridorOut(Schema):
    code: str
    name: str
    origin: str
    destination: str

    @staticmethod
    def of(item: Corridor) -> "CorridorOut":
        from gcmhub.countries.queries import place_code

        return CorridorOut(
            code=item.code,
            name=item.name_display,
            origin=place_code(item.origin),
            destination=place_code(item.destination),
        )


class TagOut(Schema):
    kind: str
    ref: str
    record: LinkedOut | None = None

    @staticmethod
    def of(tag: CorridorTag, record: joins.Linked | None) -> "TagOut":
        return TagOut(kind=tag.kind, ref=tag.ref, record=LinkedOut.of(record) if record else None)


class StockOut(Schema):
    year: int
    migrants: int
    source: str

    @staticmethod
    def of(stock: BilateralStock) -> "StockOut":
        return StockOut(year=stock.year, migrants=stock.value, source=stock.source.citation)


class CorridorDetailOut(CorridorOut):
    bilateral_stock: list[StockOut]
    values: list[ValueOut]
    tags: list[TagOut]


class RegionTotalOut(Schema):
    indicator: str
    total: Decimal
    countries: int


class RegionRollupOut(Schema):
    m49: str
    name: str
    year: int | None
    totals: list[RegionTotalOut]
    countries: list[str]


class CorridorIn(InputSchema):
    origin: str = Field(..., min_length=3, max_length=5, description="ISO3 code, or R + an M49 region code")
    destination: str = Field(..., min_length=3, max_length=5)


class TagIn(InputSchema):
    kind: CorridorTag.Kind
    ref: str = Field(..., min_length=1, max_length=40)


class ProfileOut(Schema):
    iso3: str
    m49: str
    name: str
    name_note: str
    region: str
    sub_region: str
    is_un_member_state: bool
    indicators: list[ValueOut]
    sources: list[str]
    facts: FactsOut
    corridors: list[CorridorOut]
    national_plans: list[LinkedOut]
    reviews: list[LinkedOut]
    practices: list[LinkedOut]
    joint_programmes: list[LinkedOut]
    support_requests: list[LinkedOut]
    call_responses: list[LinkedOut]
    experts: list[LinkedOut]
    pledges: list[LinkedOut]
    work_plan_activities: list[LinkedOut]

    @staticmethod
    def of(profile: Profile) -> "ProfileOut":
        country = profile.country
        return ProfileOut(
            iso3=country.iso3,
            m49=country.m49,
            name=profile.name,
            name_note=profile.name_note,
            region=country.region.name_display if country.region else "",
            sub_region=country.sub_region.name_display if country.sub_region else "",
            is_un_member_state=country.is_un_member_state,
            indicators=[ValueOut.of(v) for v in profile.values],
            sources=profile.sources,
            facts=FactsOut.of(profile.facts),
            corridors=[CorridorOut.of(c) for c in profile.corridors],
            **{name: [LinkedOut.of(item) for item in items] for name, items in profile.sections.items()},
        )
