"""Reference data API (read-only, public): GCM objectives and guiding principles, M49 regions, countries,
organizations, membership groups, SDG indicators and the work plan's thematic areas. `?lang=` (or
Accept-Language) picks the language."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language_from_request, get_supported_language_variant, override
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.pagination import paginate

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import ProblemOut
from gcmhub.reference import queries
from gcmhub.reference.models import Country, Objective, Organization, Region
from gcmhub.reference.schemas import (
    LANGUAGE_ATTRIBUTE,
    CountryOut,
    GroupOut,
    ObjectiveOut,
    OrganizationOut,
    PrincipleOut,
    RegionOut,
    SDGIndicatorOut,
    WorkPlanThematicAreaOut,
)

router = Router(tags=["reference"])

NOT_FOUND = {404: ProblemOut, 422: ProblemOut}
BAD_FILTER = {422: ProblemOut}
LANG = Query(
    None,
    description="A UN language (ar, zh, en, fr, ru, es); without it, the Accept-Language header decides.",
    max_length=16,
    examples=["fr"],
)


def _language(request: HttpRequest, lang: str | None) -> str:
    """The language asked for (?lang=, else Accept-Language), remembered for the schemas; an unknown one is a
    bad request."""
    if lang is None:
        # LocaleMiddleware gives unprefixed URLs the default language; the API honours Accept-Language.
        language = get_language_from_request(request)
    else:
        try:
            language = get_supported_language_variant(lang.strip().lower())
        except LookupError:
            raise ValidationFailed(
                _("%(lang)s is not one of the languages offered: ar, zh, en, fr, ru, es.") % {"lang": lang},
                code="bad_language",
            ) from None
    setattr(request, LANGUAGE_ATTRIBUTE, language)
    return language


@router.get("/objectives", response={200: list[ObjectiveOut], **BAD_FILTER}, summary="The 23 GCM objectives")
def list_objectives(request: HttpRequest, lang: str | None = LANG) -> "QuerySet[Objective]":
    with override(_language(request, lang)):
        return queries.objectives()


@router.get("/objectives/{number}", response={200: ObjectiveOut, **NOT_FOUND}, summary="One GCM objective")
def get_objective(request: HttpRequest, number: DbInt, lang: str | None = LANG) -> Objective:
    with override(_language(request, lang)):
        return queries.objective(number)


@router.get(
    "/principles",
    response={200: list[PrincipleOut], **BAD_FILTER},
    summary="The ten guiding principles of the GCM, in order",
)
def list_principles(request: HttpRequest, lang: str | None = LANG) -> Any:
    with override(_language(request, lang)):
        return queries.principles()


@router.get("/regions", response={200: list[RegionOut], **BAD_FILTER}, summary="M49 regions and sub-regions")
def list_regions(
    request: HttpRequest,
    level: str | None = Query(None, description="region, sub_region or intermediate"),
    lang: str | None = LANG,
) -> "QuerySet[Region]":
    with override(_language(request, lang)):
        return queries.regions(level)


@router.get("/countries", response={200: list[CountryOut], **BAD_FILTER}, summary="Countries and territories")
@paginate(Paginator)
def list_countries(
    request: HttpRequest,
    region: str | None = Query(
        None, description="M49 code of a region, sub-region or intermediate region.", examples=["150"]
    ),
    q: str | None = Query(
        None, description="Part of a name in any UN language, or an ISO code.", examples=["côte"]
    ),
    lang: str | None = LANG,
    **kwargs: Any,
) -> "QuerySet[Country]":
    with override(_language(request, lang)):
        return queries.countries(region=region, q=q)


@router.get("/countries/{iso3}", response={200: CountryOut, **NOT_FOUND}, summary="One country or territory")
def get_country(request: HttpRequest, iso3: str, lang: str | None = LANG) -> Country:
    with override(_language(request, lang)):
        return queries.country(iso3)


@router.get("/organizations", response={200: list[OrganizationOut], **BAD_FILTER}, summary="Organizations")
@paginate(Paginator)
def list_organizations(
    request: HttpRequest,
    kind: str | None = Query(None, description="un_entity, government, cso, ...", examples=["un_entity"]),
    network_member: bool | None = Query(
        None, description="Only members (true) or non-members (false) of the Network."
    ),
    executive_committee: bool | None = Query(
        None, description="Only members (true) of the Executive Committee."
    ),
    q: str | None = Query(
        None, description="Part of the acronym or the English name.", examples=["migration"]
    ),
    lang: str | None = LANG,
    **kwargs: Any,
) -> "QuerySet[Organization]":
    with override(_language(request, lang)):
        return queries.organizations(
            kind=kind, network_member=network_member, executive_committee=executive_committee, q=q
        )


@router.get(
    "/organizations/{acronym}", response={200: OrganizationOut, **NOT_FOUND}, summary="One organization"
)
def get_organization(request: HttpRequest, acronym: str, lang: str | None = LANG) -> Organization:
    with override(_language(request, lang)):
        return queries.organization(acronym)


@router.get(
    "/groups",
    response={200: list[GroupOut], **BAD_FILTER},
    summary="Membership groups the work plan names (Network members, CSOs, ...)",
)
def list_groups(request: HttpRequest, lang: str | None = LANG) -> Any:
    with override(_language(request, lang)):
        return queries.groups()


@router.get(
    "/sdg-indicators",
    response={200: list[SDGIndicatorOut], **BAD_FILTER},
    summary="SDG indicators relevant to migration",
)
def list_sdg_indicators(request: HttpRequest, lang: str | None = LANG) -> Any:
    with override(_language(request, lang)):
        return queries.sdg_indicators()


@router.get(
    "/thematic-areas",
    response={200: list[WorkPlanThematicAreaOut], **BAD_FILTER},
    summary="The thematic areas of the Network's work plan",
)
def list_thematic_areas(request: HttpRequest, lang: str | None = LANG) -> Any:
    with override(_language(request, lang)):
        return queries.thematic_areas()
