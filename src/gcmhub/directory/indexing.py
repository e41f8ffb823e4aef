"""What the search index holds for an expert: only those who consented to a public listing, and never their
contact details."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from gcmhub.directory.models import Expert
from gcmhub.search.registry import SearchDocument


def indexed_experts() -> "QuerySet[Expert]":
    return Expert.objects.select_related("organization").prefetch_related(
        "objectives", "principles", "regions"
    )


def listed_count() -> int:
    """How many experts `expert_document` indexes: those listed publicly with consent (for `gcmhub check`)."""
    return Expert.objects.filter(consent=True, visibility=Expert.Visibility.PUBLIC).count()


def expert_document(expert: Expert) -> SearchDocument | None:
    if not expert.consent or expert.visibility != Expert.Visibility.PUBLIC:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("directory:expert", args=[expert.pk])
    languages = list(expert.languages or [])
    return SearchDocument(
        doc_id=f"directory.expert:{expert.pk}",
        kind="expert",
        title=expert.name,
        summary=expert.position,
        body=expert.bio,
        language=languages[0] if languages else "en",
        url=url,
        date=expert.created_at.date() if expert.created_at else None,
        facets={
            "objective": sorted((str(o.number) for o in expert.objectives.all()), key=int),
            "principle": sorted(p.slug for p in expert.principles.all()),
            "region": sorted(r.m49 for r in expert.regions.all()),
            "language": sorted(languages),
            "organization": [expert.organization.acronym] if expert.organization else [],
        },
    )
