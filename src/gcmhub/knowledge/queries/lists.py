"""Lists and details of resources as readers see them: published only, filtered, in the reader's language."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import get_language

from gcmhub.knowledge.models import Language, Resource, ResourceObjective, ResourceTranslation, Status

FILTERS = ("objective", "principle", "thematic_area", "region", "country", "language", "year", "organization")


def reader_language(language: str | None = None) -> str:
    """The UN language code ("zh", not "zh-hans") of the page being served."""
    code = (language or get_language() or "en").split("-")[0].lower()
    return code if code in Language.values else "en"


@dataclass
class Localized:
    """A resource's text in the reader's language, field by field falling back to the original."""

    title: str
    summary: str
    body: str
    language: str
    original_language: str
    fallback_fields: list[str] = field(default_factory=list)

    @property
    def is_fallback(self) -> bool:
        return bool(self.fallback_fields)

    @property
    def original_language_name(self) -> str:
        return str(Language(self.original_language).label)


def localize(resource: Resource, language: str | None = None) -> Localized:
    language = reader_language(language)
    original = Localized(
        resource.title, resource.summary, resource.body, resource.language, resource.language
    )
    if language == resource.language:
        return original
    translation = next((t for t in resource.translations.all() if t.language == language), None)
    fallback: list[str] = []
    values: dict[str, str] = {}
    for name in ("title", "summary", "body"):
        translated = getattr(translation, name, "") if translation else ""
        original_value = getattr(resource, name)
        if translated.strip():
            values[name] = translated
        else:
            values[name] = original_value
            if original_value.strip():
                fallback.append(name)
    shown = language if len(fallback) < 3 and translation else resource.language
    return Localized(values["title"], values["summary"], values["body"], shown, resource.language, fallback)


def with_details(resources: "QuerySet[Resource]") -> "QuerySet[Resource]":
    """Everything a card or a detail page shows, in a fixed number of queries."""
    return resources.select_related(
        "implementer", "organization", "national_plan__country", "platform__owner"
    ).prefetch_related(
        "translations",
        Prefetch(
            "objective_links",
            queryset=ResourceObjective.objects.select_related("objective").order_by("objective__number"),
        ),
        "principles",
        "thematic_areas",
        "regions",
        "countries",
        "partners",
    )


def _apply_filters(resources: "QuerySet[Resource]", filters: dict[str, list[str]]) -> "QuerySet[Resource]":
    for name, values in filters.items():
        values = [v for v in values if v]
        if not values or name not in FILTERS:
            continue
        if name == "objective":
            numbers = [int(v) for v in values if v.isdigit()]
            resources = resources.filter(
                pk__in=ResourceObjective.objects.filter(objective__number__in=numbers).values("resource_id")
            )
        elif name == "principle":
            resources = resources.filter(principles__slug__in=values)
        elif name == "thematic_area":
            resources = resources.filter(thematic_areas__number__in=[int(v) for v in values if v.isdigit()])
        elif name == "region":
            resources = resources.filter(
                Q(regions__m49__in=values)
                | Q(regions__parent__m49__in=values)
                | Q(countries__region__m49__in=values)
                | Q(countries__sub_region__m49__in=values)
            )
        elif name == "country":
            resources = resources.filter(countries__iso3__in=[v.upper() for v in values])
        elif name == "language":
            with_translation = ResourceTranslation.objects.filter(language__in=values).values("resource_id")
            resources = resources.filter(Q(language__in=values) | Q(pk__in=with_translation))
        elif name == "year":
            resources = resources.filter(published_on__year__in=[int(v) for v in values if v.isdigit()])
        elif name == "organization":
            resources = resources.filter(
                Q(implementer__acronym__in=values)
                | Q(partners__acronym__in=values)
                | Q(organization__acronym__in=values)
            )
    return resources.distinct()


def published_resources(
    kind: str | None = None, filters: dict[str, list[str]] | None = None
) -> "QuerySet[Resource]":
    """What the public sees in lists, newest first."""
    resources = Resource.objects.filter(status=Status.PUBLISHED)
    if kind:
        resources = resources.filter(kind=kind)
    resources = _apply_filters(resources, filters or {})
    return resources.order_by("-published_on", "-published_at", "-pk")


def published_counts_by_kind() -> dict[str, int]:
    from django.db.models import Count

    rows = Resource.objects.filter(status=Status.PUBLISHED).values("kind").annotate(n=Count("pk"))
    return {row["kind"]: row["n"] for row in rows}


def published_counts_by_objective(kind: str) -> dict[int, int]:
    """GCM objective number -> how many published resources of `kind` name it."""
    from django.db.models import Count

    rows = (
        ResourceObjective.objects.filter(resource__status=Status.PUBLISHED, resource__kind=kind)
        .values("objective__number")
        .annotate(n=Count("resource_id", distinct=True))
    )
    return {row["objective__number"]: row["n"] for row in rows}


def published_counts_by_country(kind: str, objective: int | None = None) -> dict[str, int]:
    """M49 code -> how many published resources of `kind` (naming `objective`, if given) are about it."""
    from django.db.models import Count

    resources = Resource.objects.filter(status=Status.PUBLISHED, kind=kind)
    if objective is not None:
        named = ResourceObjective.objects.filter(objective__number=objective).values("resource_id")
        resources = resources.filter(pk__in=named)
    rows = (
        Resource.countries.through.objects.filter(resource__in=resources)
        .exclude(country__m49="")
        .values("country__m49")
        .annotate(n=Count("resource_id", distinct=True))
    )
    return {row["country__m49"]: row["n"] for row in rows}


def resources_in_order(pks: list[int], base: "QuerySet[Resource]") -> list[Resource]:
    """Resources by primary key in the given order (search hits), skipping any not in `base`."""
    found: dict[int, Any] = {r.pk: r for r in with_details(base.filter(pk__in=pks))}
    return [found[pk] for pk in pks if pk in found]
