"""What the search index holds for a resource: only published resources, with every searchable text
(translations, results, lessons, attachment text) and the facet codes."""

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation

from gcmhub.knowledge.models import Attachment, Resource, ResourceObjective, Status
from gcmhub.knowledge.richtext import plain_text
from gcmhub.search.registry import SearchDocument


def indexed_resources() -> "QuerySet[Resource]":
    """Every resource, with what `resource_document` reads prefetched (it drops the unpublished ones)."""
    return Resource.objects.select_related(
        "implementer", "organization", "national_plan__country", "platform"
    ).prefetch_related(
        "translations",
        Prefetch("objective_links", queryset=ResourceObjective.objects.select_related("objective")),
        "principles",
        "thematic_areas",
        "regions__parent",
        "countries__region",
        "countries__sub_region",
        "partners",
        Prefetch("attachments", queryset=Attachment.objects.only("pk", "resource_id", "text")),
    )


def detail_path(resource: Resource) -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("knowledge:resource", args=[resource.pk])


def resource_document(resource: Resource) -> SearchDocument | None:
    if resource.status != Status.PUBLISHED:
        return None
    extra = [plain_text(resource.body), resource.results, resource.lessons]
    details = getattr(resource, "national_plan", None) if resource.kind == "national_plan" else None
    if details is not None:
        extra += [details.lead_ministry, details.government_entities, details.stakeholders_consulted]
    platform = getattr(resource, "platform", None) if resource.kind == "platform" else None
    if platform is not None:
        extra += [platform.owner_name, platform.url, " ".join(platform.content_types)]
    extra += [a.text for a in resource.attachments.all()]
    regions: list[str] = []
    for region in resource.regions.all():
        regions.append(region.m49)
        if region.parent is not None:
            regions.append(region.parent.m49)
    countries = list(resource.countries.all())
    for country in countries:
        regions += [r.m49 for r in (country.region, country.sub_region) if r is not None]
    organizations = [
        o.acronym for o in (resource.implementer, resource.organization, *resource.partners.all()) if o
    ]
    translations = {
        t.language: {"title": t.title, "summary": t.summary, "body": plain_text(t.body)}
        for t in resource.translations.all()
    }
    date = resource.published_on or (resource.published_at.date() if resource.published_at else None)
    facets = {
        "objective": sorted({str(link.objective.number) for link in resource.objective_links.all()}, key=int),
        "principle": sorted(p.slug for p in resource.principles.all()),
        "thematic_area": sorted(str(t.number) for t in resource.thematic_areas.all()),
        "region": sorted(set(regions)),
        "country": sorted(c.iso3 for c in countries),
        "language": sorted({resource.language, *translations}),
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
        translations=translations,
        url=detail_path(resource),
        date=date,
        facets=facets,
    )
