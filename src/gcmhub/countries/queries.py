"""Reads of the countries app and who may write what. Other apps are read through their own queries."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import AnyUser, is_secretariat, organizations_for
from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.countries.models import (
    BilateralStock,
    Corridor,
    CorridorTag,
    CountryFacts,
    Indicator,
    IndicatorValue,
)
from gcmhub.reference import queries as reference
from gcmhub.reference.models import Country, Region

FIRST_YEAR = 1900
KOSOVO = "XKX"


def plausible_year(year: int) -> bool:
    return FIRST_YEAR <= year <= datetime.date.today().year + 50


# ---- Who may write ----------------------------------------------------------------------------------------


def _operator(actor: Actor) -> bool:
    """None is the operator at the command line, who already controls the installation."""
    return actor is None


def check_may_import(actor: Actor) -> None:
    if not (_operator(actor) or is_secretariat(actor)):  # type: ignore[arg-type]  # None handled first
        raise PermissionDenied(_("Only the secretariat may import indicator values."), code="not_secretariat")


def may_edit_facts(user: AnyUser, country: Country) -> bool:
    """The secretariat, and the Member State focal points of the country's government."""
    if is_secretariat(user):
        return True
    return organizations_for(user, Role.MEMBER_STATE).filter(country=country).exists()


def check_may_edit_facts(actor: Actor, country: Country) -> None:
    if not (_operator(actor) or may_edit_facts(actor, country)):  # type: ignore[arg-type]  # None handled first
        raise PermissionDenied(
            _("Only the secretariat and the country's Member State focal points may change these facts."),
            code="not_country_team",
        )


def may_manage_corridors(user: AnyUser) -> bool:
    return is_secretariat(user)


def check_may_manage_corridors(actor: Actor) -> None:
    if not (_operator(actor) or is_secretariat(actor)):  # type: ignore[arg-type]  # None handled first
        raise PermissionDenied(_("Only the secretariat may manage corridors."), code="not_secretariat")


# ---- Countries and their names ----------------------------------------------------------------------------


def country(iso3: str) -> Country:
    return reference.country(iso3)


def display_name(place: Country) -> str:
    """The name as the UN writes it: Kosovo with the asterisk of its Security Council resolution 1244 note."""
    if place.iso3 == KOSOVO:
        return _("%(name)s*") % {"name": place.name_display}
    return place.name_display


def name_note(place: Country) -> str:
    if place.iso3 == KOSOVO:
        return _(
            "References to Kosovo shall be understood to be in the context of Security Council "
            "resolution 1244 (1999)."
        )
    return ""


def facts_of(place: Country) -> CountryFacts | None:
    return CountryFacts.objects.filter(country=place).prefetch_related("network_co_leads").first()


def under_renewal(year: int) -> "QuerySet[CountryFacts]":
    """Countries whose Cooperation Framework is renewed in `year` with a significant migration component."""
    return (
        CountryFacts.objects.filter(renewal_year=year, significant_migration_component=True)
        .select_related("country")
        .order_by("country__name_en")
    )


# ---- Indicators and values -------------------------------------------------------------------------------


def indicators() -> "QuerySet[Indicator]":
    return Indicator.objects.all()


def indicator(code: str) -> Indicator:
    found = Indicator.objects.filter(code=code).first()
    if found is None:
        raise NotFound(_("There is no indicator %(code)s.") % {"code": code})
    return found


def values_of(place: Country) -> "QuerySet[IndicatorValue]":
    return (
        IndicatorValue.objects.filter(country=place)
        .select_related("indicator", "source")
        .order_by("indicator__position", "indicator__code", "year")
    )


def years_of(item: Indicator) -> list[int]:
    return sorted(
        set(IndicatorValue.objects.filter(indicator=item).values_list("year", flat=True)), reverse=True
    )


def country_values(item: Indicator, year: int | None = None) -> "QuerySet[IndicatorValue]":
    values = IndicatorValue.objects.filter(indicator=item, country__isnull=False).select_related(
        "country", "source"
    )
    if year is not None:
        values = values.filter(year=year)
    return values.order_by("country__name_en", "year")


def ranking(item: Indicator, year: int) -> list[IndicatorValue]:
    """Countries by value, highest first (ties by name)."""
    return list(country_values(item, year).order_by("-value", "country__name_en"))


def check_year(item: Indicator, year: str | int | None) -> int | None:
    """The year asked for (default: the latest with values); a year without values is a 404."""
    years = years_of(item)
    if year in (None, ""):
        return years[0] if years else None
    try:
        chosen = int(year)
    except ValueError:
        raise ValidationFailed(_("The year must be a number."), code="bad_year") from None
    if chosen not in years:
        raise NotFound(_("There are no values for %(year)s.") % {"year": chosen}, code="no_values")
    return chosen


# ---- Regional roll-ups -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RegionTotal:
    indicator: Indicator
    year: int
    total: Decimal
    countries: int


def region_totals(area: Region, year: int) -> list[RegionTotal]:
    """Sums of the indicators counted in persons over the countries of an M49 region or sub-region (shares
    cannot be added; the page shows migrants per population from the sums instead)."""
    rows = (
        IndicatorValue.objects.filter(year=year, indicator__unit="persons", country__in=countries_in(area))
        .values("indicator_id")
        .annotate(total=Sum("value"), n=Count("id"))
    )
    by_id = {i.pk: i for i in Indicator.objects.filter(unit="persons")}
    return [
        RegionTotal(by_id[row["indicator_id"]], year, row["total"], row["n"])
        for row in rows
        if row["indicator_id"] in by_id
    ]


def countries_in(area: Region) -> "QuerySet[Country]":
    return reference.countries(region=area.m49)


def latest_year() -> int | None:
    """The latest year any country has a value for (the year regional roll-ups add up)."""
    year: int | None = IndicatorValue.objects.filter(country__isnull=False).aggregate(year=Max("year"))[
        "year"
    ]
    return year


def region(m49: str) -> Region:
    return reference.region(m49)


# ---- Corridors --------------------------------------------------------------------------------------------


def place_code(place: Country | Region) -> str:
    return place.iso3 if isinstance(place, Country) else f"R{place.m49}"


def corridor_code(origin: Country | Region, destination: Country | Region) -> str:
    return f"{place_code(origin)}-{place_code(destination)}"


def place(code: str) -> Country | Region:
    """`MEX` is a country, `R419` the M49 region 419; unknown codes are invalid input."""
    code = code.strip().upper()
    try:
        if code.startswith("R") and code[1:].isdigit():
            return reference.region(code[1:])
        return reference.country(code)
    except NotFound as exc:
        raise ValidationFailed(exc.message, code="unknown_place") from None


def corridors() -> "QuerySet[Corridor]":
    return Corridor.objects.select_related(
        "origin_country", "origin_region", "destination_country", "destination_region"
    )


def corridor(code: str) -> Corridor:
    found = corridors().filter(code=code.strip().upper()).first()
    if found is None:
        raise NotFound(_("There is no corridor %(code)s.") % {"code": code})
    return found


def corridors_of(place: Country) -> "QuerySet[Corridor]":
    return corridors().filter(Q(origin_country=place) | Q(destination_country=place))


def corridor_values(item: Corridor) -> "QuerySet[IndicatorValue]":
    return item.values.select_related("indicator", "source").order_by("indicator__position", "year")


def bilateral_stock(item: Corridor) -> "QuerySet[BilateralStock]":
    """Migrants born in the origin living in the destination, by year, where the shipped table has them
    (country-to-country corridors only)."""
    if item.origin_country is None or item.destination_country is None:
        return BilateralStock.objects.none()
    return BilateralStock.objects.filter(
        origin=item.origin_country, destination=item.destination_country
    ).select_related("source")


def tags_of(item: Corridor) -> "QuerySet[CorridorTag]":
    return item.tags.all()


def check_taggable(kind: str, ref: str) -> str:
    """The record's public key if it exists and the public may read it; anything else is invalid input."""
    from gcmhub.countries import joins

    ref = ref.strip()
    if kind not in CorridorTag.Kind.values:
        raise ValidationFailed(_("Unknown kind of record: %(kind)s.") % {"kind": kind}, code="bad_kind")
    if not joins.public_record_exists(kind, ref):
        raise ValidationFailed(
            _("There is no public record %(ref)s to tag.") % {"ref": ref}, code="unknown_record"
        )
    return ref
