"""The GCM 360° coverage as tables for CSV, XLSX and JSON: the overview (one row per objective) and one
objective item by item."""

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from gcmhub.reporting.coverage import CoverageRow, ObjectiveCoverage
from gcmhub.reporting.opendata.writers import Column, Table

OVERVIEW_COLUMNS = [
    Column("number", "integer", gettext_lazy("Number of the GCM objective.")),
    Column("title", "text", gettext_lazy("Title of the objective.")),
    Column("activities", "integer", gettext_lazy("Work plan activities serving it (thematic areas).")),
    Column("activities_completed", "integer", gettext_lazy("Of which completed.")),
    Column("programmes", "integer", gettext_lazy("Public fund programmes naming it.")),
    Column(
        "budget_usd",
        "decimal",
        gettext_lazy("Its share of net allocations, in US dollars (split over primary objectives)."),
    ),
    Column("indicators", "integer", gettext_lazy("Indicators of public results frameworks serving it.")),
    Column("practices", "integer", gettext_lazy("Published practices naming it.")),
    Column("national_plans", "integer", gettext_lazy("Published national plans naming it.")),
    Column("experts", "integer", gettext_lazy("Experts listed publicly for it.")),
    Column("responses", "integer", gettext_lazy("Public call responses answering a question on it.")),
    Column("thin", "boolean", gettext_lazy("Whether its support is thin (docs/coverage.md).")),
    Column("thin_reasons", "list", gettext_lazy("Why it is thin.")),
]

ITEM_COLUMNS = [
    Column("objective", "integer", gettext_lazy("Number of the GCM objective.")),
    Column(
        "item",
        "text",
        gettext_lazy("activity, programme, indicator, practice, national_plan, expert or response."),
    ),
    Column("reference", "text", gettext_lazy("Key, code or identifier of the item.")),
    Column("title", "text", gettext_lazy("Title or text of the item.")),
    Column("status", "text", gettext_lazy("Its status, where it has one.")),
    Column("amount_usd", "decimal", gettext_lazy("For a programme: its net allocations in US dollars.")),
    Column("share_usd", "decimal", gettext_lazy("For a programme: the share counted for this objective.")),
    Column("countries", "list", gettext_lazy("ISO 3166 alpha-3 codes of its countries.")),
    Column("url", "text", gettext_lazy("Address of the item's page on this platform.")),
]


def overview_table(rows: list[CoverageRow]) -> Table:
    return Table(
        name="coverage",
        columns=OVERVIEW_COLUMNS,
        rows=(
            {
                "number": row.objective.number,
                "title": row.objective.title,
                "activities": row.activities,
                "activities_completed": row.activities_by_status.get("completed", 0),
                "programmes": row.programmes,
                "budget_usd": row.budget_usd,
                "indicators": row.indicators,
                "practices": row.practices,
                "national_plans": row.national_plans,
                "experts": row.experts,
                "responses": row.responses,
                "thin": row.thin,
                "thin_reasons": row.reasons,
            }
            for row in rows
        ),
        meta={"dataset": "coverage", "generated": timezone.now()},
    )


def _items(detail: ObjectiveCoverage) -> Iterator[dict[str, Any]]:
    for activity in detail.activities:
        yield {
            "item": "activity",
            "reference": activity.key,
            "title": activity.text,
            "status": activity.status,
            "url": activity.get_absolute_url(),
        }
    for line in detail.programmes:
        programme = line.programme
        yield {
            "item": "programme",
            "reference": programme.code,
            "title": programme.title,
            "status": programme.status,
            "amount_usd": line.allocated_usd,
            "share_usd": line.share_usd,
            "countries": sorted(c.iso3 for c in programme.countries.all()),
            "url": reverse("fund:programme", args=[programme.code]),
        }
    for indicator_line in detail.indicators:
        indicator = indicator_line.indicator
        yield {
            "item": "indicator",
            "reference": f"{indicator.framework.code}/{indicator.code}",
            "title": indicator.title,
            "status": indicator_line.status,
            "url": reverse("results:indicator", args=[indicator.pk]),
        }
    for kind, resources in (
        ("practice", detail.practices.iterator(chunk_size=1000)),
        ("national_plan", iter(detail.national_plans)),
    ):
        for resource in resources:
            yield {
                "item": kind,
                "reference": str(resource.pk),
                "title": resource.title,
                "url": resource.get_absolute_url(),
            }
    for expert in detail.experts:
        yield {
            "item": "expert",
            "reference": str(expert.pk),
            "title": expert.name,
            "url": expert.get_absolute_url(),
        }
    for response in detail.responses:
        yield {
            "item": "response",
            "reference": str(response.pk),
            "title": f"{response.organization.acronym} — {response.call.title}",
            "status": response.status,
            "countries": [response.organization.country.iso3] if response.organization.country else [],
            "url": response.get_absolute_url(),
        }


def objective_table(detail: ObjectiveCoverage) -> Table:
    number = detail.objective.number
    return Table(
        name=f"coverage-{number}",
        columns=ITEM_COLUMNS,
        rows=({"objective": number, **item} for item in _items(detail)),
        meta={
            "dataset": f"coverage-{number}",
            "objective": number,
            "thin": detail.row.thin,
            "generated": timezone.now(),
        },
    )
