"""Reference API schemas. Names and titles come in the requested language (`?lang=` or Accept-Language)
where a translation exists, else in English; countries also carry their names in all six UN languages."""

from collections.abc import Callable
from typing import Any

from django.utils.translation import override
from ninja import Field, Schema

from gcmhub.reference.models import (
    Country,
    GuidingPrinciple,
    MembershipGroup,
    Objective,
    Organization,
    Region,
    SDGIndicator,
    ThematicArea,
)

# The request attribute where the API keeps the language asked for with ?lang= (None: Accept-Language).
LANGUAGE_ATTRIBUTE = "reference_language"


def in_requested_language(context: dict[str, Any] | None, value: Callable[[], str]) -> str:
    request = (context or {}).get("request")
    language = getattr(request, LANGUAGE_ATTRIBUTE, None)
    if language is None:
        return value()
    with override(language):
        return value()


class ObjectiveOut(Schema):
    number: int = Field(..., examples=[1])
    title: str = Field(..., description="The official title, in the requested language.")
    short_label: str = Field(..., examples=["Data"])

    @staticmethod
    def resolve_title(obj: Objective, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.title_display)

    @staticmethod
    def resolve_short_label(obj: Objective, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.label_display)


class PrincipleOut(Schema):
    number: int = Field(..., description="Its place in GCM paragraph 15.", examples=[1])
    slug: str = Field(..., examples=["people-centred"])
    title: str = Field(..., examples=["People-centred"])

    @staticmethod
    def resolve_title(obj: GuidingPrinciple, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.title_display)


class RegionRefOut(Schema):
    m49: str = Field(..., description="The M49 code, three digits.", examples=["150"])
    name: str = Field(..., examples=["Europe"])

    @staticmethod
    def resolve_name(obj: Region, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.name_display)


class RegionOut(RegionRefOut):
    level: str = Field(..., examples=["region", "sub_region", "intermediate"])
    parent: str | None = Field(None, description="The M49 code of the enclosing region.", examples=["002"])

    @staticmethod
    def resolve_parent(obj: Region) -> str | None:
        return obj.parent.m49 if obj.parent_id is not None and obj.parent is not None else None


class CountryNamesOut(Schema):
    ar: str
    zh: str
    en: str
    fr: str
    ru: str
    es: str


class CountryOut(Schema):
    iso3: str = Field(..., examples=["FRA"])
    iso2: str = Field(..., examples=["FR"])
    m49: str = Field(..., examples=["250"])
    name: str = Field(..., description="The name in the requested language (English where there is none).")
    names: CountryNamesOut = Field(
        ..., description="The name in each UN language; empty where the source has none."
    )
    region: RegionRefOut | None
    sub_region: RegionRefOut | None
    intermediate_region: RegionRefOut | None
    is_independent: bool
    is_un_member_state: bool

    @staticmethod
    def resolve_name(obj: Country, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.name_display)

    @staticmethod
    def resolve_names(obj: Country) -> dict[str, str]:
        return obj.names


class OrganizationOut(Schema):
    acronym: str = Field(..., examples=["IOM"])
    name: str = Field(..., examples=["International Organization for Migration"])
    kind: str = Field(..., examples=["un_entity"])
    kind_label: str = Field(..., examples=["UN entity"])
    is_network_member: bool
    is_executive_committee: bool
    joined_executive_committee: int | None = Field(
        None,
        description="The year it joined the Network's Executive Committee, where recorded.",
        examples=[2018],
    )
    country: str | None = Field(None, description="ISO 3166 alpha-3 code, for governments.", examples=["MEX"])
    url: str
    notes: str

    @staticmethod
    def resolve_name(obj: Organization, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.name_display)

    @staticmethod
    def resolve_kind_label(obj: Organization, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: str(obj.get_kind_display()))

    @staticmethod
    def resolve_notes(obj: Organization, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.notes_display)

    @staticmethod
    def resolve_country(obj: Organization) -> str | None:
        return obj.country.iso3 if obj.country_id is not None and obj.country is not None else None


class GroupOut(Schema):
    slug: str = Field(..., examples=["network-members"])
    name: str = Field(..., examples=["Network members"])
    aliases: list[str] = Field(
        ..., description="Lower-case phrases that mean this group in a membership line."
    )

    @staticmethod
    def resolve_name(obj: MembershipGroup, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.name_display)


class SDGIndicatorOut(Schema):
    code: str = Field(..., examples=["10.7.2"])
    target: str = Field(..., examples=["10.7"])
    title: str
    position: int = Field(..., description="Sort key: SDG order, which text order of the codes is not.")

    @staticmethod
    def resolve_title(obj: SDGIndicator, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.title_display)


class WorkPlanThematicAreaOut(Schema):
    number: int = Field(..., examples=[1])
    title: str = Field(..., description="The title in the requested language.")

    @staticmethod
    def resolve_title(obj: ThematicArea, context: dict[str, Any]) -> str:
        return in_requested_language(context, lambda: obj.title_display)
