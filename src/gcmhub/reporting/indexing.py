"""What the search index holds for a response to a call for inputs: only submitted responses the secretariat
made public, with their answers' text and the facets of the questions answered."""

import functools

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.reporting.models import Response
from gcmhub.reporting.queries import public_responses
from gcmhub.search.registry import SearchDocument

KIND = "call_response"


def indexed_responses() -> "QuerySet[Response]":
    """Every response (`response_document` drops those the public may not read)."""
    return Response.objects.select_related(
        "call", "organization", "organization__country__region", "organization__country__sub_region"
    )


@functools.lru_cache(maxsize=1)
def _detail_path_pattern() -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("reporting:response", args=[987654321]).replace("987654321", "{}")


def response_document(response: Response) -> SearchDocument | None:
    # Checked against the database, not the instance, so a stale copy can never publish a draft.
    if not public_responses().filter(pk=response.pk).exists():
        return None
    answers = list(
        response.answers.select_related(
            "question__objective", "question__principle", "question__thematic_area"
        )
    )
    answered = [a for a in answers if not a.is_empty]
    questions = [a.question for a in answered]
    organization = response.organization
    country = organization.country
    date = response.submitted_at.date() if response.submitted_at else None
    regions = [r.m49 for r in (country.region, country.sub_region) if r is not None] if country else []
    return SearchDocument(
        doc_id=f"reporting.response:{response.pk}",
        kind=KIND,
        title=f"{organization.name} — {response.call.title}",
        summary=response.call.description[:500],
        body="\n".join(f"{a.question.text}\n{a.display}" for a in answered),
        language=response.language,
        url=_detail_path_pattern().format(response.pk),
        date=date,
        facets={
            "objective": sorted({str(q.objective.number) for q in questions if q.objective}, key=int),
            "principle": sorted({q.principle.slug for q in questions if q.principle}),
            "thematic_area": sorted(
                {str(q.thematic_area.number) for q in questions if q.thematic_area}, key=int
            ),
            "region": sorted(set(regions)),
            "country": [country.iso3] if country else [],
            "language": [response.language],
            "year": [str(date.year)] if date else [],
            "organization": [organization.acronym],
        },
    )


def kind_labels(values: list[str]) -> dict[str, str]:
    """The search page's name for this kind of result."""
    return {value: gettext("Response to a call for inputs") for value in values if value == KIND}
