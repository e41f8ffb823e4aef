"""Disaggregation tables and the reports a user may see for an indicator."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from gcmhub.core.actors import Actor
from gcmhub.reference.models import Country
from gcmhub.results.models import Category, Dimension, Indicator, Report, ReportStatus
from gcmhub.results.queries.access import can_report, can_review
from gcmhub.results.queries.progress import Figure, make_figure


@dataclass
class DisaggregationGroup:
    dimension: Dimension
    rows: list[tuple[str, Figure]]


def category_names(dimensions: list[Dimension], language: str | None = None) -> dict[tuple[str, str], str]:
    """(dimension slug, category slug) → display name; countries in the reader's language."""
    names: dict[tuple[str, str], str] = {}
    for category in Category.objects.filter(dimension__in=dimensions).select_related("dimension"):
        names[(category.dimension.slug, category.slug)] = category.name
    if any(d.uses_countries for d in dimensions):
        language = language or get_language() or "en"
        for country in Country.objects.only(
            "iso3", *[f"name_{c}" for c in ("en", "fr", "es", "ru", "zh", "ar")]
        ):
            for dimension in dimensions:
                if dimension.uses_countries:
                    names[(dimension.slug, country.iso3)] = country.name_in(language)
    return names


def disaggregation_tables(
    indicator: Indicator, report: Report
) -> tuple[list[DisaggregationGroup], list[tuple[str, Figure]]]:
    """The report's cells by single dimension (in the indicator's order), and the cells that cross several."""
    dimensions = list(indicator.dimensions.all())
    names = category_names(dimensions)
    by_slug = {d.slug: d for d in dimensions}
    groups: dict[str, list[tuple[str, Figure]]] = {d.slug: [] for d in dimensions}
    crossed: list[tuple[str, Figure]] = []
    for cell in report.values.all():
        if not cell.disaggregation_key:
            continue
        figure = make_figure(indicator.value_type, cell.value, cell.numerator, cell.denominator, cell.text)
        parts = sorted(cell.disaggregation.items())
        labels = [names.get((dim, cat), cat) for dim, cat in parts]
        if len(parts) == 1 and parts[0][0] in groups:
            groups[parts[0][0]].append((labels[0], figure))
        else:
            crossed.append((" · ".join(labels), figure))
    return (
        [DisaggregationGroup(dimension=by_slug[slug], rows=rows) for slug, rows in groups.items() if rows],
        crossed,
    )


def visible_reports(user: Actor, indicator: Indicator) -> "QuerySet[Report]":
    """Every report to those who report or review; approved ones to everyone else."""
    reports = indicator.reports.prefetch_related("values").order_by("-period_start")
    if can_report(user, indicator) or can_review(user, indicator):
        return reports
    return reports.filter(status=ReportStatus.APPROVED)


def reports_awaiting_review(user: Actor) -> list[Report]:
    """Submitted reports that `user` may approve or return."""
    reports = Report.objects.filter(status=ReportStatus.SUBMITTED).select_related(
        "indicator__framework", "indicator__result__parent", "submitted_by"
    )
    return [r for r in reports.order_by("submitted_at") if can_review(user, r.indicator)]
