"""Reads of the reference tables, shared by pages, the API and other apps. Reference data is public: no
permission checks. Unknown codes raise NotFound; malformed filters raise ValidationFailed."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import NotFound, ValidationFailed
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
from gcmhub.reference.sources import m49_code
from gcmhub.reference.text import fold

MAX_QUERY_LENGTH = 100


def objectives() -> "QuerySet[Objective]":
    return Objective.objects.order_by("number")


def objective(number: int) -> Objective:
    found = Objective.objects.filter(number=number).first()
    if found is None:
        raise NotFound(_("There is no GCM objective number %(number)s.") % {"number": number})
    return found


def principles() -> "QuerySet[GuidingPrinciple]":
    return GuidingPrinciple.objects.order_by("number")


def groups() -> "QuerySet[MembershipGroup]":
    return MembershipGroup.objects.order_by("name")


def sdg_indicators() -> "QuerySet[SDGIndicator]":
    return SDGIndicator.objects.order_by("position")


def thematic_areas() -> "QuerySet[ThematicArea]":
    """The work plan's thematic areas, by number."""
    return ThematicArea.objects.order_by("number")


def regions(level: str | None = None) -> "QuerySet[Region]":
    """M49 regions, sub-regions and intermediate regions, by code."""
    found = Region.objects.select_related("parent").order_by("m49")
    if level is not None:
        if level not in Region.Level.values:
            raise ValidationFailed(
                _("Unknown region level %(level)s; use one of: %(levels)s.")
                % {"level": level, "levels": ", ".join(Region.Level.values)},
                code="bad_level",
            )
        found = found.filter(level=level)
    return found


def region(m49: str) -> Region:
    """The region with M49 code `m49` ("2" and "002" are the same code)."""
    return _region(m49)


def _region(m49: str) -> Region:
    try:
        code = m49_code(m49)
    except ValueError:
        raise ValidationFailed(
            _("%(code)s is not an M49 code: use up to three digits, such as 150 for Europe.") % {"code": m49},
            code="bad_m49",
        ) from None
    found = Region.objects.filter(m49=code).first()
    if found is None:
        raise NotFound(_("There is no M49 region with code %(code)s.") % {"code": code})
    return found


def _search_term(q: str | None) -> str | None:
    """The folded search text, or None when there is nothing to search for."""
    if q is None:
        return None
    if len(q) > MAX_QUERY_LENGTH:
        raise ValidationFailed(
            _("The search text is too long: use at most %(max)s characters.") % {"max": MAX_QUERY_LENGTH},
            code="query_too_long",
        )
    return fold(q) or None


def countries(region: str | None = None, q: str | None = None) -> "QuerySet[Country]":
    """Countries and territories, by English name. `region` is an M49 code of a region, sub-region or
    intermediate region; `q` matches part of a name in any UN language, or an ISO code, ignoring case and
    accents."""
    found = Country.objects.select_related("region", "sub_region", "intermediate_region").order_by("name_en")
    if region is not None:
        try:
            area = _region(region)
        except NotFound as exc:
            # An unknown code in a filter is a bad filter, not a missing page.
            raise ValidationFailed(exc.message, code="unknown_region") from None
        found = found.filter(Q(region=area) | Q(sub_region=area) | Q(intermediate_region=area))
    term = _search_term(q)
    if term is not None:
        found = found.filter(search_text__contains=term)
    return found


def country(iso3: str) -> Country:
    found = (
        Country.objects.select_related("region", "sub_region", "intermediate_region")
        .filter(iso3=iso3.strip().upper())
        .first()
    )
    if found is None:
        raise NotFound(_("There is no country or territory with ISO code %(code)s.") % {"code": iso3})
    return found


def member_states() -> "QuerySet[Country]":
    """The 193 Member States of the United Nations."""
    return Country.objects.filter(is_un_member_state=True).order_by("name_en")


def organizations(
    kind: str | None = None,
    network_member: bool | None = None,
    executive_committee: bool | None = None,
    q: str | None = None,
) -> "QuerySet[Organization]":
    """Organizations by acronym; `q` matches part of the acronym or the (English) name."""
    found = Organization.objects.select_related("country").order_by("acronym")
    if kind is not None:
        if kind not in Organization.Kind.values:
            raise ValidationFailed(
                _("Unknown kind of organization %(kind)s; use one of: %(kinds)s.")
                % {"kind": kind, "kinds": ", ".join(Organization.Kind.values)},
                code="bad_kind",
            )
        found = found.filter(kind=kind)
    if network_member is not None:
        found = found.filter(is_network_member=network_member)
    if executive_committee is not None:
        found = found.filter(is_executive_committee=executive_committee)
    if _search_term(q) is not None:
        text = " ".join(str(q).split())
        found = found.filter(Q(acronym__icontains=text) | Q(name__icontains=text))
    return found


def organization(acronym: str) -> Organization:
    found = Organization.objects.select_related("country").filter(acronym__iexact=acronym.strip()).first()
    if found is None:
        raise NotFound(_("There is no organization with acronym %(acronym)s.") % {"acronym": acronym})
    return found


def executive_committee() -> "QuerySet[Organization]":
    return organizations(executive_committee=True)


def government_of(country: Country) -> Organization | None:
    """The government organization that Member State focal points act for, if the country has one."""
    return Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, country=country).first()
