"""Names of facet values on the search page, in the reader's language (the index stores codes)."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gcmhub.knowledge.models import Kind, Language
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization, Region, ThematicArea


def kinds(values: list[str]) -> dict[str, str]:
    labels = {str(kind): str(kind.label) for kind in Kind}
    labels["expert"] = _("Expert")
    return {value: labels[value] for value in values if value in labels}


def objectives(values: list[str]) -> dict[str, str]:
    numbers = [int(v) for v in values if v.isdigit()]
    return {
        str(o.number): f"{o.number}. {o.label_display}" for o in Objective.objects.filter(number__in=numbers)
    }


def principles(values: list[str]) -> dict[str, str]:
    return {p.slug: p.title_display for p in GuidingPrinciple.objects.filter(slug__in=values)}


def thematic_areas(values: list[str]) -> dict[str, str]:
    numbers = [int(v) for v in values if v.isdigit()]
    return {str(t.number): t.title_display for t in ThematicArea.objects.filter(number__in=numbers)}


def regions(values: list[str]) -> dict[str, str]:
    return {r.m49: r.name_display for r in Region.objects.filter(m49__in=values)}


def countries(values: list[str]) -> dict[str, str]:
    language = get_language() or "en"
    return {c.iso3: c.name_in(language) for c in Country.objects.filter(iso3__in=values)}


def languages(values: list[str]) -> dict[str, str]:
    labels = {str(language): str(language.label) for language in Language}
    return {value: labels[value] for value in values if value in labels}


def organizations(values: list[str]) -> dict[str, str]:
    found = Organization.objects.filter(acronym__in=values).select_related("country")
    return {o.acronym: f"{o.acronym} — {o.name_display}" for o in found}


LABELERS = {
    "kind": kinds,
    "objective": objectives,
    "principle": principles,
    "thematic_area": thematic_areas,
    "region": regions,
    "country": countries,
    "language": languages,
    "organization": organizations,
}
