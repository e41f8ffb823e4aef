"""Read-only pages of the plan: home, overview, expected results, coverage and objectives."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.audit import history_for
from gcmhub.reference.models import Objective
from gcmhub.workplan import queries
from gcmhub.workplan.models import ExpectedResult, Section
from gcmhub.workplan.views.common import requested_version
from gcmhub.workplan.views.history import history_rows


def home(request: HttpRequest) -> HttpResponse:
    version = queries.current_version()
    summary = queries.plan_summary(version) if version else None
    context = {"version": version, "summary": summary, "show_dashboard": is_secretariat(request.user)}
    return render(request, "workplan/home.html", context)


def overview(request: HttpRequest) -> HttpResponse:
    version = requested_version(request)
    sections = list(queries.sections_with_results(version)) if version else []
    context = {"version": version, "sections": sections, "today": timezone.localdate()}
    return render(request, "workplan/overview.html", context)


def result(request: HttpRequest, result_id: int) -> HttpResponse:
    expected_result = queries.get_result_detail(result_id)
    context = {
        "result": expected_result,
        "version": expected_result.section.version,
        "today": timezone.localdate(),
    }
    return render(request, "workplan/result.html", context)


def result_history(request: HttpRequest, result_id: int) -> HttpResponse:
    expected_result = queries.get_result_detail(result_id)
    rows = history_rows(history_for(expected_result))
    context = {"subject": expected_result, "kind": "result", "rows": rows}
    return render(request, "workplan/history.html", context)


@dataclass
class CoverageCell:
    section: Section
    listed: bool
    results: list[ExpectedResult]
    activities: int


def coverage(request: HttpRequest) -> HttpResponse:
    version = requested_version(request)
    if version is None:
        return render(request, "workplan/coverage.html", {"version": None})
    rows = queries.coverage_matrix(version)
    sections = list(Section.objects.filter(version=version).order_by("position"))
    listed = queries.objectives_by_section(version)
    table = []
    for row in rows:
        cells = []
        for section in sections:
            results = [r for r in row.results if r.section_id == section.pk]
            activities = sum(len(r.activities.all()) for r in results)
            cells.append(CoverageCell(section, row.objective.pk in listed[section.pk], results, activities))
        table.append((row, cells))
    cross_cutting = next((s for s in sections if s.kind == Section.Kind.CROSS_CUTTING), None)
    context = {
        "version": version,
        "sections": sections,
        "table": table,
        "cross_cutting": cross_cutting,
        "covered": sum(1 for row in rows if not row.is_gap),
        "only_cross_cutting": sum(1 for row in rows if row.only_cross_cutting),
        "gaps": sum(1 for row in rows if row.is_gap and not row.only_cross_cutting),
        "without_activities": sum(1 for row in rows if row.results and not row.activity_count),
    }
    return render(request, "workplan/coverage.html", context)


def objective(request: HttpRequest, number: int) -> HttpResponse:
    gcm_objective: Objective = queries.objective_by_number(number)
    version = queries.current_version()
    sections = list(queries.sections_for_objective(version, gcm_objective)) if version else []
    context = {
        "objective": gcm_objective,
        "version": version,
        "thematic_sections": [s for s in sections if s.kind == Section.Kind.THEMATIC_AREA],
        "cross_cutting": next((s for s in sections if s.kind == Section.Kind.CROSS_CUTTING), None),
        "previous": number - 1 if number > 1 else None,
        "next": number + 1 if Objective.objects.filter(number=number + 1).exists() else None,
        "today": timezone.localdate(),
    }
    return render(request, "workplan/objective.html", context)
