"""What the search index holds for a resource: only published resources, with every searchable text
(translations, results, lessons, attachment text) and the facet codes.

Rebuilding the index reads every resource, so the related rows are loaded per chunk with one flat query per
table (`IndexData`) instead of Django's per-object prefetching, which costs a millisecond per resource."""

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from gcmhub.knowledge.models import (
    Attachment,
    NationalPlan,
    Platform,
    Resource,
    ResourceObjective,
    ResourceTranslation,
    Status,
)
from gcmhub.search.registry import SearchDocument

CHUNK = 2000
INDEXED_FIELDS = (
    "kind",
    "status",
    "title",
    "summary",
    "body",
    "language",
    "results",
    "lessons",
    "published_on",
    "published_at",
)


@dataclass
class IndexData:
    """A resource's related rows, as plain values."""

    objectives: list[str] = field(default_factory=list)
    principles: list[str] = field(default_factory=list)
    thematic_areas: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    attachment_texts: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # national plan or platform text


def _through(name: str) -> tuple[Any, str]:
    m2m = Resource._meta.get_field(name)
    # a many-to-many field always has its remote_field.
    return m2m.remote_field.through, m2m.m2m_reverse_field_name()  # type: ignore[union-attr]


def load_index_data(resources: list[Resource]) -> dict[int, IndexData]:
    """The related rows of many resources, one query per table."""
    data = {r.pk: IndexData() for r in resources}
    ids = list(data)
    for pk, implementer, organization in Resource.objects.filter(pk__in=ids).values_list(
        "pk", "implementer__acronym", "organization__acronym"
    ):
        data[pk].organizations += [acronym for acronym in (implementer, organization) if acronym]
    plans = [r.pk for r in resources if r.kind == "national_plan"]
    for pk, *texts in NationalPlan.objects.filter(resource_id__in=plans).values_list(
        "resource_id", "lead_ministry", "government_entities", "stakeholders_consulted"
    ):
        data[pk].details += texts
    platforms = [r.pk for r in resources if r.kind == "platform"]
    for pk, owner_name, url, content_types in Platform.objects.filter(resource_id__in=platforms).values_list(
        "resource_id", "owner_name", "url", "content_types"
    ):
        data[pk].details += [owner_name, url, " ".join(content_types or [])]
    for pk, number in ResourceObjective.objects.filter(resource_id__in=ids).values_list(
        "resource_id", "objective__number"
    ):
        data[pk].objectives.append(str(number))
    simple = {"principles": "slug", "thematic_areas": "number", "partners": "acronym"}
    for name, attribute in simple.items():
        through, target = _through(name)
        for pk, value in through.objects.filter(resource_id__in=ids).values_list(
            "resource_id", f"{target}__{attribute}"
        ):
            getattr(data[pk], "organizations" if name == "partners" else name).append(str(value))
    through, target = _through("regions")
    for pk, m49, parent in through.objects.filter(resource_id__in=ids).values_list(
        "resource_id", f"{target}__m49", f"{target}__parent__m49"
    ):
        data[pk].regions += [code for code in (m49, parent) if code]
    through, target = _through("countries")
    for pk, iso3, region, sub_region in through.objects.filter(resource_id__in=ids).values_list(
        "resource_id", f"{target}__iso3", f"{target}__region__m49", f"{target}__sub_region__m49"
    ):
        data[pk].countries.append(iso3)
        data[pk].regions += [code for code in (region, sub_region) if code]
    for pk, language, title, summary, body in ResourceTranslation.objects.filter(
        resource_id__in=ids
    ).values_list("resource_id", "language", "title", "summary", "body"):
        data[pk].translations[language] = {"title": title, "summary": summary, "body": plain_text(body)}
    for pk, text in Attachment.objects.filter(resource_id__in=ids).values_list("resource_id", "text"):
        data[pk].attachment_texts.append(text)
    return data


class IndexIterable(ModelIterable[Resource]):
    """Resources in chunks, each chunk's related rows loaded in bulk onto `resource.index_data`."""

    def __iter__(self) -> Iterator[Any]:
        chunk: list[Resource] = []
        for resource in super().__iter__():
            chunk.append(resource)
            if len(chunk) >= CHUNK:
                yield from _with_data(chunk)
                chunk = []
        if chunk:
            yield from _with_data(chunk)


def _with_data(chunk: list[Resource]) -> list[Resource]:
    data = load_index_data(chunk)
    for resource in chunk:
        # index_data is set here, for the indexer, on this chunk's objects only.
        resource.index_data = data[resource.pk]  # type: ignore[attr-defined]
    return chunk


def indexed_resources() -> "QuerySet[Resource]":
    """Every resource (`resource_document` drops the unpublished ones), related rows loaded in bulk."""
    queryset = Resource.objects.only(*INDEXED_FIELDS)
    queryset._iterable_class = IndexIterable
    return queryset


def published_count() -> int:
    """How many resources `resource_document` indexes: the published ones (one COUNT, for `gcmhub check`)."""
    return Resource.objects.filter(status=Status.PUBLISHED).count()


@functools.lru_cache(maxsize=1)
def _detail_path_pattern() -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("knowledge:resource", args=[987654321]).replace("987654321", "{}")


def detail_path(resource: Resource) -> str:
    return _detail_path_pattern().format(resource.pk)


def plain_text(value: str) -> str:
    """The words of stored rich text (it was sanitized when saved)."""
    if "<" not in value:
        return value
    return " ".join(strip_tags(value.replace("<", " <")).split())


def resource_document(resource: Resource) -> SearchDocument | None:
    if resource.status != Status.PUBLISHED:
        return None
    data: IndexData = getattr(resource, "index_data", None) or load_index_data([resource])[resource.pk]
    extra = [
        plain_text(resource.body),
        resource.results,
        resource.lessons,
        *data.details,
        *data.attachment_texts,
    ]
    organizations = data.organizations
    date = resource.published_on or (resource.published_at.date() if resource.published_at else None)
    facets = {
        "objective": sorted(set(data.objectives), key=int),
        "principle": sorted(set(data.principles)),
        "thematic_area": sorted(set(data.thematic_areas), key=int),
        "region": sorted(set(data.regions)),
        "country": sorted(set(data.countries)),
        "language": sorted({resource.language, *data.translations}),
        "year": [str(date.year)] if date else [],
        "organization": sorted(set(organizations)),
    }
    return SearchDocument(
        doc_id=f"knowledge.resource:{resource.pk}",
        kind=resource.kind,
        title=resource.title,
        summary=resource.summary,
        body="\n".join(part for part in extra if part),
        language=resource.language,
        translations=data.translations,
        url=detail_path(resource),
        date=date,
        facets=facets,
    )
