"""What the search index holds for an IMRF pledge: only published ones, with their progress, faceted by
objective, principle, region, country, language, year and pledging organization."""

import functools

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.reporting.models_pledges import Pledge
from gcmhub.reporting.queries_pledges import published_pledges
from gcmhub.search.registry import SearchDocument

KIND = "pledge"


def indexed_pledges() -> "QuerySet[Pledge]":
    """Every pledge (`pledge_document` drops those the public may not read)."""
    return Pledge.objects.select_related("organization")


@functools.lru_cache(maxsize=1)
def _detail_path_pattern() -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("reporting:pledge", args=["PLG-99999"]).replace("PLG-99999", "{}")


def pledge_document(pledge: Pledge) -> SearchDocument | None:
    # Checked against the database, not the instance, so a stale copy can never publish a pledge.
    current = published_pledges().filter(pk=pledge.pk).first()
    if current is None:
        return None
    countries = list(current.countries.select_related("region", "sub_region"))
    regions = {r.m49 for c in countries for r in (c.region, c.sub_region) if r is not None}
    date = current.published_at.date() if current.published_at else None
    organizations = [current.organization.acronym, *(o.acronym for o in current.co_pledgers.all())]
    return SearchDocument(
        doc_id=f"reporting.pledge:{current.pk}",
        kind=KIND,
        title=f"{current.public_id} {current.title}",
        summary=current.description[:500],
        body="\n".join([current.description, *(p.text for p in current.progress.all())]),
        language=current.language,
        url=_detail_path_pattern().format(current.public_id),
        date=date,
        facets={
            "objective": sorted((str(o.number) for o in current.objectives.all()), key=int),
            "principle": sorted(p.slug for p in current.principles.all()),
            "region": sorted(regions),
            "country": sorted(c.iso3 for c in countries),
            "language": [current.language],
            "year": [str(date.year)] if date else [],
            "organization": sorted(set(organizations)),
        },
    )


def kind_labels(values: list[str]) -> dict[str, str]:
    """The search page's name for this kind of result."""
    return {value: gettext("IMRF pledge") for value in values if value == KIND}
