"""What other apps know about a country, read only through their queries modules (the dependency rule). Each
function returns plain `Linked` items so pages, the API and the CLI show the same thing."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from gcmhub.accounts.queries import AnyUser
from gcmhub.directory import queries as directory
from gcmhub.fund import queries as fund
from gcmhub.knowledge import queries as knowledge
from gcmhub.knowledge.models import Kind
from gcmhub.reference import queries as reference
from gcmhub.reference.models import Country
from gcmhub.reporting import queries as reporting
from gcmhub.reporting import queries_pledges as pledges_queries
from gcmhub.workplan import queries as workplan

# A profile lists at most this many items per section; the section links to the full list where one exists.
LIMIT = 50


@dataclass(frozen=True)
class Linked:
    """One record of another app, as a profile or corridor page shows it."""

    ref: str
    title: str
    url: str
    language: str = ""
    detail: str = ""
    amount: Decimal | None = None
    currency: str = ""


def _resources(country: Country, kind: str) -> list[Linked]:
    found = knowledge.published_resources(kind, {"country": [country.iso3]})[:LIMIT]
    return [Linked(str(r.pk), r.title, r.get_absolute_url(), language=r.language) for r in found]


def national_plans(country: Country) -> list[Linked]:
    return _resources(country, Kind.NATIONAL_PLAN)


def reviews(country: Country) -> list[Linked]:
    return _resources(country, Kind.REVIEW)


def practices(country: Country) -> list[Linked]:
    return _resources(country, Kind.PRACTICE)


def _programme(programme: Any) -> Linked:
    finance = fund.programme_finance(programme)
    return Linked(
        programme.code,
        programme.title,
        reverse("fund:programme", args=[programme.code]),
        detail=programme.get_status_display(),
        amount=finance.budget,
        currency=programme.fund.currency,
    )


def joint_programmes(country: Country, user: AnyUser) -> list[Linked]:
    programmes = fund.visible_programmes(user).filter(countries=country)[:LIMIT]
    return [_programme(p) for p in programmes]


def support_requests(country: Country, user: AnyUser) -> list[Linked]:
    found = directory.visible_requests(user).filter(country=country)[:LIMIT]
    return [
        Linked(str(r.pk), r.title, r.get_absolute_url(), language=r.language, detail=r.get_status_display())
        for r in found
    ]


def call_responses(country: Country, user: AnyUser) -> list[Linked]:
    found = reporting.visible_responses(user).filter(organization__country=country)[:LIMIT]
    return [
        Linked(str(r.pk), str(r.call), r.get_absolute_url(), detail=r.organization.acronym) for r in found
    ]


def experts(country: Country, user: AnyUser) -> list[Linked]:
    found = directory.listed_experts(user).filter(organization__country=country)[:LIMIT]
    return [Linked(str(e.pk), e.name, e.get_absolute_url()) for e in found]


def pledges(country: Country) -> list[Linked]:
    found = reporting.published_pledges_for_country(country.iso3)[:LIMIT]
    return [Linked(p.public_id, p.title, p.get_absolute_url(), language=p.language) for p in found]


NAME_LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
# The work plan is written in English (as workplan_tags.PLAN_LANGUAGE).
PLAN_LANGUAGE = "en"


def names_of(country: Country) -> set[str]:
    """The country's names in the six UN languages."""
    return {name for code in NAME_LANGUAGES if (name := getattr(country, f"name_{code}"))}


def _longer_names(country: Country, own: set[str]) -> set[str]:
    """Other countries' names that contain one of `own`, such as "Democratic Republic of the Congo" for the
    Congo, so that mention is not taken for this country."""
    folded = [name.casefold() for name in own]
    return {
        name
        for other in reference.countries().exclude(pk=country.pk)
        for name in names_of(other)
        if any(part in name.casefold() for part in folded)
    }


def work_plan_activities(country: Country) -> list[Linked]:
    """Activities of the current work plan whose text names the country in any UN language."""
    own = names_of(country)
    found = workplan.activities_naming(own, _longer_names(country, own))[:LIMIT]
    return [
        Linked(a.key, a.text, a.get_absolute_url(), language=PLAN_LANGUAGE, detail=a.get_status_display())
        for a in found
    ]


# ---- Records a corridor may tag ---------------------------------------------------------------------------


def _public_resource(ref: str) -> Linked | None:
    if not ref.isdigit():
        return None
    found = knowledge.published_resources().filter(pk=int(ref)).first()
    return Linked(ref, found.title, found.get_absolute_url(), language=found.language) if found else None


def _public_programme(ref: str) -> Linked | None:
    found = fund.visible_programmes(AnonymousUser()).filter(code=ref).first()
    return _programme(found) if found else None


def _public_pledge(ref: str) -> Linked | None:
    found = pledges_queries.published_pledges().filter(public_id=ref).first()
    return Linked(ref, found.title, found.get_absolute_url(), language=found.language) if found else None


_LOOKUPS = {"resource": _public_resource, "programme": _public_programme, "pledge": _public_pledge}


def public_record(kind: str, ref: str) -> Linked | None:
    """A tagged record as the public sees it; None when it is gone or no longer public."""
    lookup = _LOOKUPS.get(kind)
    return lookup(ref) if lookup else None


def public_record_exists(kind: str, ref: str) -> bool:
    return public_record(kind, ref) is not None
