"""Pages of the GCM 360° coverage: the 23 objectives at a glance, one objective in full, and their exports.
What they count is decided in `reporting.coverage` (public things only, for every reader)."""

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from gcmhub.knowledge.queries import reader_language
from gcmhub.reporting import coverage
from gcmhub.reporting.coverage_exports import objective_table, overview_table
from gcmhub.reporting.views_opendata import table_response


def coverage_index(request: HttpRequest) -> HttpResponse:
    rows = coverage.coverage_overview()
    countries = coverage.countries_coverage()
    world = coverage.coverage_map(
        countries,
        _("Countries with national plans, practices and fund programmes across all GCM objectives"),
        reader_language(),
    )
    context = {
        "rows": rows,
        "thin": [row for row in rows if row.thin],
        "map": world,
        "countries": countries,
        "minimum": coverage.THIN_MIN_PRACTICES,
    }
    return render(request, "reporting/coverage/index.html", context)


def coverage_objective(request: HttpRequest, number: int) -> HttpResponse:
    detail = coverage.objective_coverage(number)
    countries = coverage.countries_coverage(number)
    world = coverage.coverage_map(
        countries,
        _("Countries with national plans, practices and fund programmes on objective %(number)d")
        % {"number": number},
        reader_language(),
    )
    context = {
        "detail": detail,
        "row": detail.row,
        "practices": list(detail.practices[: coverage.PRACTICES_SHOWN]),
        "shown": coverage.PRACTICES_SHOWN,
        "map": world,
        "countries": countries,
    }
    return render(request, "reporting/coverage/objective.html", context)


def coverage_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    return table_response(overview_table(coverage.coverage_overview()), fmt, "gcm-coverage")


def coverage_objective_export(request: HttpRequest, number: int, fmt: str) -> HttpResponseBase:
    table = objective_table(coverage.objective_coverage(number))
    return table_response(table, fmt, f"gcm-coverage-objective-{number}")
