"""What the search index holds for the work plan: the sections, expected results and activities of each
plan's current version (earlier versions stay readable on their own pages, but are not searched).

The plan names its GCM objectives per section, not per result, so a result carries its section's objectives
(numbers as facets, titles as text): a search for "remittances" finds the results of the thematic area
that serves objective 20."""

import functools
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.search.changes import reindex_many
from gcmhub.search.registry import SearchDocument
from gcmhub.workplan.models import Activity, ExpectedResult, Section, WorkPlanVersion

SECTION = "workplan_section"
RESULT = "workplan_result"
ACTIVITY = "workplan_activity"
LANGUAGE = "en"  # the work plan document is in English


def indexed_sections() -> "QuerySet[Section]":
    """The sections of current versions (`section_document` indexes each)."""
    return (
        Section.objects.filter(version__is_current=True)
        .select_related("version")
        .prefetch_related("objectives")
    )


def indexed_results() -> "QuerySet[ExpectedResult]":
    return (
        ExpectedResult.objects.filter(section__version__is_current=True)
        .select_related("section__version")
        .prefetch_related("organizations", "section__objectives")
    )


def indexed_activities() -> "QuerySet[Activity]":
    return (
        Activity.objects.filter(result__section__version__is_current=True)
        .select_related("result__section__version", "lead")
        .prefetch_related("participants", "result__section__objectives")
    )


def section_count() -> int:
    return Section.objects.filter(version__is_current=True).count()


def result_count() -> int:
    return ExpectedResult.objects.filter(section__version__is_current=True).count()


def activity_count() -> int:
    return Activity.objects.filter(result__section__version__is_current=True).count()


@functools.cache
def _path(name: str) -> str:
    """A page's path pattern without the language prefix (the search page adds the reader's)."""
    with translation.override(settings.LANGUAGE_CODE):
        if name == "workplan:overview":
            return reverse(name)
        return reverse(name, args=[987654321]).replace("987654321", "{}")


def _section_facets(section: Section) -> dict[str, list[str]]:
    return {
        "objective": sorted((str(o.number) for o in section.objectives.all()), key=int),
        "thematic_area": [str(section.number)]
        if section.kind == Section.Kind.THEMATIC_AREA and section.number
        else [],
        "language": [LANGUAGE],
        "year": [str(section.version.start_date.year)],
    }


def _objectives_text(section: Section) -> str:
    return "\n".join(f"Objective {o.number}: {o.title}" for o in section.objectives.all())


def section_document(section: Section) -> SearchDocument | None:
    if not section.version.is_current:
        return None
    return SearchDocument(
        doc_id=f"workplan.section:{section.pk}",
        kind=SECTION,
        title=section.title,
        summary=_objectives_text(section),
        body="",
        language=LANGUAGE,
        url=f"{_path('workplan:overview')}#section-{section.key}",
        date=section.version.start_date,
        facets=_section_facets(section),
    )


def result_document(result: ExpectedResult) -> SearchDocument | None:
    section = result.section
    if not section.version.is_current:
        return None
    texts = [
        result.membership_text or "",
        result.timeframe_text or "",
        section.title,
        _objectives_text(section),
    ]
    return SearchDocument(
        doc_id=f"workplan.expectedresult:{result.pk}",
        kind=RESULT,
        title=result.title,
        summary=result.output or "",
        body="\n".join(text for text in texts if text),
        language=LANGUAGE,
        url=_path("workplan:result").format(result.pk),
        date=section.version.start_date,
        facets={
            **_section_facets(section),
            "organization": sorted({o.acronym for o in result.organizations.all()}),
        },
    )


def activity_document(activity: Activity) -> SearchDocument | None:
    result = activity.result
    section = result.section
    if not section.version.is_current:
        return None
    organizations = {o.acronym for o in activity.participants.all()}
    if activity.lead is not None:
        organizations.add(activity.lead.acronym)
    return SearchDocument(
        doc_id=f"workplan.activity:{activity.pk}",
        kind=ACTIVITY,
        # The plan gives activities no title: their text begins with what they do.
        title=_first_words(activity.text),
        summary=activity.text,
        body="",
        language=LANGUAGE,
        url=_path("workplan:activity").format(activity.pk),
        date=activity.planned_start or section.version.start_date,
        facets={**_section_facets(section), "organization": sorted(organizations)},
    )


def _first_words(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "…"


def kind_labels(values: list[str]) -> dict[str, str]:
    labels = {
        SECTION: gettext("Work plan section"),
        RESULT: gettext("Expected result"),
        ACTIVITY: gettext("Work plan activity"),
    }
    return {value: labels[value] for value in values if value in labels}


def version_saved(sender: type[WorkPlanVersion], instance: WorkPlanVersion, **kwargs: Any) -> None:
    """A version that becomes or stops being current takes its whole tree into or out of the index."""
    reindex_many(Section, Section.objects.filter(version=instance).values_list("pk", flat=True))
    reindex_many(
        ExpectedResult,
        ExpectedResult.objects.filter(section__version=instance).values_list("pk", flat=True),
    )
    reindex_many(
        Activity, Activity.objects.filter(result__section__version=instance).values_list("pk", flat=True)
    )
