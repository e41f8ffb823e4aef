"""Countries API: indicators and their values, country profiles, the country team's facts, corridors."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.accounts.queries import organizations_by_acronym
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.countries import actions, joins, profile, queries
from gcmhub.countries.schemas import (
    CorridorDetailOut,
    CorridorIn,
    CorridorOut,
    CountryIndicatorOut,
    CountryValueOut,
    FactsIn,
    FactsOut,
    ProfileOut,
    RegionRollupOut,
    RegionTotalOut,
    StockOut,
    TagIn,
    TagOut,
    ValueOut,
)

router = Router(tags=["countries"])


class YearFilter(Schema):
    year: DbInt | None = None


@router.get(
    "/indicators", response=list[CountryIndicatorOut], summary="Indicators with values per country and year"
)
def list_indicators(request: HttpRequest) -> list[CountryIndicatorOut]:
    return [CountryIndicatorOut.of(i) for i in queries.indicators()]


@router.get(
    "/indicators/{code}/values",
    response=list[CountryValueOut],
    summary="An indicator's values by country (one year, or every year)",
)
@paginate(Paginator)
def indicator_values(request: HttpRequest, code: str, filters: Query[YearFilter]) -> list[CountryValueOut]:
    item = queries.indicator(code)
    values = queries.country_values(item, filters.year).select_related("indicator")
    return [CountryValueOut.of(v) for v in values]


@router.get(
    "/regions/{m49}",
    response={200: RegionRollupOut, **PROBLEMS_READ},
    summary="Regional roll-up: the persons-counted indicators summed over an M49 region's countries",
)
def get_region(request: HttpRequest, m49: str) -> RegionRollupOut:
    area = queries.region(m49)
    year = queries.latest_year()
    totals = queries.region_totals(area, year) if year else []
    return RegionRollupOut(
        m49=area.m49,
        name=area.name_display,
        year=year,
        totals=[
            RegionTotalOut(indicator=t.indicator.code, total=t.total, countries=t.countries) for t in totals
        ],
        countries=[c.iso3 for c in queries.countries_in(area)],
    )


@router.get("/corridors", response=list[CorridorOut], summary="Migration corridors")
@paginate(Paginator)
def list_corridors(request: HttpRequest) -> list[CorridorOut]:
    return [CorridorOut.of(c) for c in queries.corridors()]


def _detail(code: str) -> CorridorDetailOut:
    item = queries.corridor(code)
    tags = [TagOut.of(tag, joins.public_record(tag.kind, tag.ref)) for tag in queries.tags_of(item)]
    return CorridorDetailOut(
        **CorridorOut.of(item).dict(),
        bilateral_stock=[StockOut.of(s) for s in queries.bilateral_stock(item)],
        values=[ValueOut.of(v) for v in queries.corridor_values(item)],
        tags=[tag for tag in tags if tag.record is not None],
    )


@router.get("/corridors/{code}", response={200: CorridorDetailOut, **PROBLEMS_READ}, summary="One corridor")
def get_corridor(request: HttpRequest, code: str) -> CorridorDetailOut:
    return _detail(code)


@router.post(
    "/corridors", response={201: CorridorOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Add a corridor"
)
def create_corridor(request: HttpRequest, body: CorridorIn) -> Any:
    queries.check_may_manage_corridors(caller(request))
    item = actions.create_corridor(
        queries.place(body.origin), queries.place(body.destination), actor=caller(request)
    )
    return Status(201, CorridorOut.of(item))


@router.post(
    "/corridors/{code}/tags",
    response={201: CorridorDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Tag a practice, joint programme or pledge with a corridor",
)
def tag_corridor(request: HttpRequest, code: str, body: TagIn) -> Any:
    queries.check_may_manage_corridors(caller(request))
    actions.tag_record(queries.corridor(code), body.kind, body.ref, actor=caller(request))
    return Status(201, _detail(code))


@router.get(
    "/{iso3}/profile",
    response={200: ProfileOut, **PROBLEMS_READ},
    auth=optional_auth,
    url_name="countries_profile",
    summary="Everything the platform knows about one country",
)
def get_profile(request: HttpRequest, iso3: str) -> ProfileOut:
    return ProfileOut.of(profile.build(queries.country(iso3), caller(request)))


@router.put(
    "/{iso3}/facts",
    response={200: FactsOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record the UN country team's facts (secretariat and the country's Member State focal points)",
)
def put_facts(request: HttpRequest, iso3: str, body: FactsIn) -> FactsOut:
    place = queries.country(iso3)
    queries.check_may_edit_facts(caller(request), place)
    co_leads = organizations_by_acronym(body.network_co_leads)
    changes = body.dict(exclude={"network_co_leads"})
    return FactsOut.of(actions.update_facts(place, changes, co_leads, actor=caller(request)))
