"""Checks a resource's fields (from a form, the API or a JSON Lines file) and resolves reference codes through
in-memory look-ups, so that a 200,000-line import validates without a query per line."""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from gcmhub.knowledge.models import (
    Audience,
    CrossCuttingTheme,
    ImplementationStatus,
    Kind,
    Language,
    NationalPlan,
    Platform,
    Scope,
)
from gcmhub.knowledge.richtext import clean_html
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization, Region, ThematicArea

# "url" is the platform's address (Platform.url).
TEXT_LIMITS = {"title": 300, "licence": 120, "source_url": 500, "url": 500}
# Choice values, computed once (enum .values builds a new list at every call; imports check millions).
KINDS = tuple(Kind.values)
LANGUAGES = tuple(Language.values)
SCOPES = tuple(Scope.values)
IMPLEMENTATION_STATUSES = tuple(ImplementationStatus.values)
AUDIENCES = tuple(Audience.values)
THEMES = tuple(CrossCuttingTheme.values)
PLAN_TYPES = tuple(NationalPlan.PlanType.values)
PLAN_STATUSES = tuple(NationalPlan.PlanStatus.values)
FREQUENCIES = tuple(Platform.Frequency.values)
_url = URLValidator(schemes=["http", "https"])


@dataclass
class ReferenceIndex:
    """Codes → primary keys for every reference table a resource points to."""

    objectives: dict[int, int]
    principles: dict[str, int]
    thematic_areas: dict[int, int]
    regions: dict[str, int]
    countries: dict[str, int]
    organizations: dict[str, int]

    @classmethod
    def load(cls) -> "ReferenceIndex":
        return cls(
            objectives=dict(Objective.objects.values_list("number", "pk")),
            principles=dict(GuidingPrinciple.objects.values_list("slug", "pk")),
            thematic_areas=dict(ThematicArea.objects.values_list("number", "pk")),
            regions=dict(Region.objects.values_list("m49", "pk")),
            countries=dict(Country.objects.values_list("iso3", "pk")),
            organizations={a.upper(): pk for a, pk in Organization.objects.values_list("acronym", "pk")},
        )


@dataclass
class CleanResource:
    """Validated values: model fields in `scalars`, related rows as primary keys."""

    scalars: dict[str, Any] = field(default_factory=dict)
    primary_objectives: list[int] | None = None
    secondary_objectives: list[int] | None = None
    principles: list[int] | None = None
    thematic_areas: list[int] | None = None
    regions: list[int] | None = None
    countries: list[int] | None = None
    partners: list[int] | None = None
    national_plan: dict[str, Any] | None = None
    platform: dict[str, Any] | None = None


class Problems(list[str]):
    def add(self, message: str) -> None:
        self.append(message)


def _as_list(value: Any, name: str, problems: Problems) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return list(value)
    problems.add(_("%(field)s must be a list.") % {"field": name})
    return []


def _codes(
    values: Any,
    lookup: dict[Any, int],
    name: str,
    problems: Problems,
    *,
    number: bool = False,
    upper: bool = False,
) -> list[int]:
    ids: list[int] = []
    for raw in _as_list(values, name, problems):
        key: Any = raw
        if number:
            try:
                key = int(raw)
            except (TypeError, ValueError):
                key = None
        elif isinstance(raw, str):
            key = raw.strip().upper() if upper else raw.strip()
        pk = lookup.get(key)
        if pk is None:
            problems.add(_("Unknown %(field)s: %(value)s.") % {"field": name, "value": raw})
        elif pk not in ids:
            ids.append(pk)
    return ids


def _date(value: Any, name: str, problems: Problems) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        problems.add(_("%(field)s must be a date like 2024-05-31.") % {"field": name})
        return None


def _choice(value: Any, choices: Sequence[str], name: str, problems: Problems, *, blank: bool = True) -> str:
    text = "" if value is None else str(value)
    if (text == "" and blank) or text in choices:
        return text
    problems.add(_("%(field)s must be one of: %(choices)s.") % {"field": name, "choices": ", ".join(choices)})
    return ""


def _choices(values: Any, choices: Sequence[str], name: str, problems: Problems) -> list[str]:
    out = []
    for value in _as_list(values, name, problems):
        if value in choices:
            if value not in out:
                out.append(value)
        else:
            problems.add(
                _("%(field)s must be among: %(choices)s.") % {"field": name, "choices": ", ".join(choices)}
            )
    return out


def _text(value: Any, name: str, problems: Problems) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        problems.add(_("%(field)s must be text.") % {"field": name})
        return ""
    text = value.strip()
    limit = TEXT_LIMITS.get(name)
    if limit and len(text) > limit:
        problems.add(_("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit})
    return text


def check_url(value: str, name: str, problems: Problems) -> str:
    if value:
        try:
            _url(value)
        except ValidationError:
            problems.add(
                _("%(field)s is not a valid web address: %(value)s.") % {"field": name, "value": value}
            )
    return value


def _links(values: Any, problems: Problems) -> list[dict[str, str]]:
    links = []
    for item in _as_list(values, "links", problems):
        if isinstance(item, str):
            item = {"label": "", "url": item}
        if not isinstance(item, dict):
            problems.add(_('Each link must be an address or {"label", "url"}.'))
            continue
        url = check_url(str(item.get("url", "")).strip(), "links", problems)
        if url:
            links.append({"label": str(item.get("label") or "").strip()[:200], "url": url})
    return links


def _year(value: Any, name: str, problems: Problems) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 1900 <= year <= 2100:
        problems.add(_("%(field)s must be a year.") % {"field": name})
        return None
    return year


def _national_plan(data: Any, refs: ReferenceIndex, problems: Problems) -> dict[str, Any] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(_("national_plan must be an object."))
        return None
    country = refs.countries.get(str(data.get("country", "")).strip().upper())
    if country is None:
        problems.add(_("A national implementation plan needs a known country (ISO3 code)."))
    plan = {
        "country_id": country,
        "plan_type": _choice(data.get("plan_type"), PLAN_TYPES, "plan_type", problems),
        "plan_status": _choice(data.get("plan_status"), PLAN_STATUSES, "plan_status", problems, blank=False),
        "adopted_on": _date(data.get("adopted_on"), "adopted_on", problems),
        "period_start": _year(data.get("period_start"), "period_start", problems),
        "period_end": _year(data.get("period_end"), "period_end", problems),
        "lead_ministry": _text(data.get("lead_ministry"), "lead_ministry", problems)[:250],
        "government_entities": _text(data.get("government_entities"), "government_entities", problems),
        "stakeholders_consulted": _text(
            data.get("stakeholders_consulted"), "stakeholders_consulted", problems
        ),
    }
    start, end = cast(int | None, plan["period_start"]), cast(int | None, plan["period_end"])
    if start and end and end < start:
        problems.add(_("The plan's period cannot end before it starts."))
    return plan


def _platform(data: Any, refs: ReferenceIndex, problems: Problems) -> dict[str, Any] | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        problems.add(_("platform must be an object."))
        return None
    owner = str(data.get("owner") or "").strip().upper()
    owner_id = refs.organizations.get(owner) if owner else None
    if owner and owner_id is None:
        problems.add(_("Unknown %(field)s: %(value)s.") % {"field": "owner", "value": owner})
    url = check_url(_text(data.get("url"), "url", problems), "url", problems)
    if not url:
        problems.add(_("A platform needs its web address."))
    return {
        "owner_id": owner_id,
        "owner_name": _text(data.get("owner_name"), "owner_name", problems)[:250],
        "url": url,
        "content_types": [
            str(v)[:80] for v in _as_list(data.get("content_types"), "content_types", problems)
        ],
        "languages": _choices(data.get("languages"), LANGUAGES, "languages", problems),
        "update_frequency": _choice(data.get("update_frequency"), FREQUENCIES, "update_frequency", problems),
    }


Cleaner = Callable[[Any, Problems], Any]


def _title(value: Any, problems: Problems) -> str:
    title = _text(value, "title", problems)
    if not title:
        problems.add(_("A title is required."))
    return title


def _plain(name: str) -> Cleaner:
    return lambda value, problems: _text(value, name, problems)


def _one_of(name: str, choices: Sequence[str], *, blank: bool = True) -> Cleaner:
    return lambda value, problems: _choice(value, choices, name, problems, blank=blank)


def _some_of(name: str, choices: Sequence[str]) -> Cleaner:
    return lambda value, problems: _choices(value, choices, name, problems)


def _day(name: str) -> Cleaner:
    return lambda value, problems: _date(value, name, problems)


# A resource's own fields and how each is cleaned, in the order their problems are reported.
SCALAR_FIELDS: dict[str, Cleaner] = {
    "title": _title,
    "summary": _plain("summary"),
    "results": _plain("results"),
    "lessons": _plain("lessons"),
    "licence": _plain("licence"),
    "body": lambda value, problems: clean_html(_text(value, "body", problems)),
    "language": _one_of("language", LANGUAGES, blank=False),
    "scope": _one_of("scope", SCOPES),
    "implementation_status": _one_of("implementation_status", IMPLEMENTATION_STATUSES),
    "start_date": _day("start_date"),
    "end_date": _day("end_date"),
    "published_on": _day("published_on"),
    "audiences": _some_of("audiences", AUDIENCES),
    "themes": _some_of("themes", THEMES),
    "links": _links,
    "source_url": lambda value, problems: check_url(
        _text(value, "source_url", problems), "source_url", problems
    ),
}


def _clean_scalars(data: dict[str, Any], problems: Problems) -> dict[str, Any]:
    scalars = {name: clean(data[name], problems) for name, clean in SCALAR_FIELDS.items() if name in data}
    if scalars.get("start_date") and scalars.get("end_date") and scalars["end_date"] < scalars["start_date"]:
        problems.add(_("The end date cannot be before the start date."))
    return scalars


def _implementer(value: Any, refs: ReferenceIndex, problems: Problems) -> int | None:
    acronym = str(value or "").strip().upper()
    implementer_id = refs.organizations.get(acronym) if acronym else None
    if acronym and implementer_id is None:
        problems.add(_("Unknown %(field)s: %(value)s.") % {"field": "implementer", "value": value})
    return implementer_id


def _region_codes(value: Any, problems: Problems) -> list[Any]:
    """M49 codes are three digits: a number written as 2 means 002 (Africa)."""
    return [str(v).zfill(3) if str(v).isdigit() else v for v in _as_list(value, "regions", problems)]


def _clean_links(
    clean: CleanResource, data: dict[str, Any], refs: ReferenceIndex, problems: Problems
) -> None:
    """The reference rows a resource is tagged with, as primary keys."""
    if "objectives" in data:
        clean.primary_objectives = _codes(
            data["objectives"], refs.objectives, "objectives", problems, number=True
        )
    if "secondary_objectives" in data:
        secondary = _codes(
            data["secondary_objectives"], refs.objectives, "secondary_objectives", problems, number=True
        )
        clean.secondary_objectives = [pk for pk in secondary if pk not in (clean.primary_objectives or [])]
    if "principles" in data:
        clean.principles = _codes(data["principles"], refs.principles, "principles", problems)
    if "thematic_areas" in data:
        clean.thematic_areas = _codes(
            data["thematic_areas"], refs.thematic_areas, "thematic_areas", problems, number=True
        )
    if "regions" in data:
        clean.regions = _codes(_region_codes(data["regions"], problems), refs.regions, "regions", problems)
    if "countries" in data:
        clean.countries = _codes(data["countries"], refs.countries, "countries", problems, upper=True)
    if "partners" in data:
        clean.partners = _codes(data["partners"], refs.organizations, "partners", problems, upper=True)


def clean_resource(kind: str, data: dict[str, Any], refs: ReferenceIndex) -> tuple[CleanResource, Problems]:
    """Validate `data` (keys absent from it are left unchanged); return the clean values and every problem."""
    problems = Problems()
    if kind not in KINDS:
        problems.add(_("kind must be one of: %(choices)s.") % {"choices": ", ".join(KINDS)})
    clean = CleanResource(scalars=_clean_scalars(data, problems))
    if "implementer" in data:
        clean.scalars["implementer_id"] = _implementer(data["implementer"], refs, problems)
    _clean_links(clean, data, refs, problems)
    if kind == Kind.NATIONAL_PLAN and "national_plan" in data:
        clean.national_plan = _national_plan(data["national_plan"], refs, problems)
    if kind == Kind.PLATFORM and "platform" in data:
        clean.platform = _platform(data["platform"], refs, problems)
    return clean, problems
