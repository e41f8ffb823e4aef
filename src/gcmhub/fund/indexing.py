"""What the search index holds for the trust fund: the joint programmes the public may read (approved or
later, in a published fund; `queries.visible_programmes` decides), with their objectives, principles,
thematic area, countries and participating organizations as facets."""

import functools
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.fund.models import Fund, JointProgramme
from gcmhub.fund.queries import can_view_programme, visible_programmes
from gcmhub.search.changes import reindex_many
from gcmhub.search.registry import SearchDocument

KIND = "joint_programme"


def indexed_programmes() -> "QuerySet[JointProgramme]":
    """Every programme (`programme_document` drops those the public may not read)."""
    return JointProgramme.objects.select_related(
        "fund", "thematic_area__area", "fund__administrative_agent"
    ).prefetch_related(
        "programme_objectives__objective",
        "guiding_principles",
        "countries__region",
        "countries__sub_region",
        "participants__organization",
        "partners__organization",
    )


def public_count() -> int:
    """How many programmes `programme_document` indexes (one COUNT, for `gcmhub check`)."""
    return visible_programmes(AnonymousUser()).count()


@functools.cache
def _path() -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("fund:programme", args=["CODE-987654321"]).replace("CODE-987654321", "{}")


def programme_document(programme: JointProgramme) -> SearchDocument | None:
    # The same rule as the programme's page: what an anonymous visitor may read.
    if not can_view_programme(AnonymousUser(), programme):
        return None
    countries = list(programme.countries.all())
    regions = {r.m49 for c in countries for r in (c.region, c.sub_region) if r is not None}
    participants = [p.organization for p in programme.participants.all()]
    partners = list(programme.partners.all())
    organizations = {o.acronym for o in participants} | {
        p.organization.acronym for p in partners if p.organization is not None
    }
    texts = [
        programme.code,
        programme.fund.name,
        programme.thematic_area.title,
        *(f"{o.acronym} {o.name}" for o in participants),
        *(p.name for p in partners),
    ]
    date = programme.start_date or programme.created_at.date()
    return SearchDocument(
        doc_id=f"fund.jointprogramme:{programme.pk}",
        kind=KIND,
        title=programme.title,
        summary=programme.summary,
        body="\n".join(text for text in texts if text),
        language="en",  # programmes are written in English
        url=_path().format(programme.code),
        date=date,
        facets={
            "objective": sorted(
                {str(link.objective.number) for link in programme.programme_objectives.all()}, key=int
            ),
            "principle": sorted({p.slug for p in programme.guiding_principles.all()}),
            "thematic_area": [str(programme.thematic_area.number)],
            "region": sorted(regions),
            "country": sorted(c.iso3 for c in countries),
            "year": [str(date.year)],
            "organization": sorted(organizations),
        },
    )


def kind_labels(values: list[str]) -> dict[str, str]:
    return {value: gettext("Joint programme") for value in values if value == KIND}


def fund_saved(sender: type[Fund], instance: Fund, **kwargs: Any) -> None:
    """Publishing or withdrawing a fund publishes or withdraws its programmes."""
    reindex_many(JointProgramme, instance.programmes.values_list("pk", flat=True))
