"""What the search index holds for a statement: only published ones, with their published translations."""

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.comms.models import Statement, StatementStatus, TranslationStatus
from gcmhub.search.registry import SearchDocument

KIND = "statement"


def kind_labels(values: list[str]) -> dict[str, str]:
    """The search page's name for this kind of result."""
    return {value: gettext("Network statement") for value in values if value == KIND}


def indexed_statements() -> "QuerySet[Statement]":
    return Statement.objects.prefetch_related("translations", "objectives", "countries")


def published_count() -> int:
    return Statement.objects.filter(status=StatementStatus.PUBLISHED).count()


def statement_document(statement: Statement) -> SearchDocument | None:
    if statement.status != StatementStatus.PUBLISHED:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        url = reverse("comms:statement", args=[statement.pk])
    published = [t for t in statement.translations.all() if t.status == TranslationStatus.PUBLISHED]
    return SearchDocument(
        doc_id=f"comms.statement:{statement.pk}",
        kind=KIND,
        title=statement.title,
        summary="",
        body=statement.body,
        language=statement.language,
        translations={t.language: {"title": t.title, "summary": "", "body": t.body} for t in published},
        url=url,
        date=statement.published_at.date() if statement.published_at else None,
        facets={
            "objective": sorted((str(o.number) for o in statement.objectives.all()), key=int),
            "country": sorted(c.iso3 for c in statement.countries.all()),
            "language": sorted({statement.language, *(t.language for t in published)}),
            "organization": [statement.organization.acronym] if statement.organization else [],
        },
    )
