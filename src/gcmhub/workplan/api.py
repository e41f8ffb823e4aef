"""Work plan API at /api/v1/workplans: plans, versions, sections, results, activities, coverage, diffs; and
authenticated updates to activities. Handlers only call queries and actions."""

from typing import Any

from auditlog.models import LogEntry
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth
from gcmhub.accounts.queries import organizations_by_acronym
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.workplan import actions, queries
from gcmhub.workplan.diff import diff_versions
from gcmhub.workplan.export import version_as_dict
from gcmhub.workplan.models import Activity, ImportIssue, ProgressUpdate, Section, WorkPlan, WorkPlanVersion
from gcmhub.workplan.schemas import (
    ActivityDetailOut,
    ActivityOut,
    ActivityPatchIn,
    CoverageOut,
    ExpectedResultOut,
    HistoryEventOut,
    ImportIssueOut,
    PlanOut,
    PlanSectionOut,
    ProgressUpdateIn,
    ProgressUpdateOut,
    VersionDoc,
    VersionOut,
)

router = Router(tags=["workplans"])


class ActivityFilters(Schema):
    plan: str | None = None
    status: str | None = None
    overdue: bool | None = None
    section: str | None = None
    organization: str | None = None
    objective: DbInt | None = None


# Literal paths come before "/{slug}" so that "activities" and "results" are never taken for a plan's slug.


@router.get("/activities", response=list[ActivityOut], summary="Activities of the current versions")
@paginate(Paginator)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]) -> "QuerySet[Activity]":
    """Filters: `status` (not_started, in_progress, completed, delayed, cancelled); `overdue` (true/false);
    `section` (cc, ta1, ta2, …); `organization` (acronym: lead, participant or named member of the result);
    `objective` (GCM objective number listed by the section); `plan` (slug)."""
    return queries.filter_activities(
        plan_slug=filters.plan,
        status=filters.status,
        overdue=filters.overdue,
        section=filters.section,
        organization=filters.organization,
        objective=filters.objective,
    )


@router.get(
    "/activities/{int:activity_id}",
    response={200: ActivityDetailOut, **PROBLEMS_READ},
    summary="One activity with its tracking and progress updates",
)
def get_activity(request: HttpRequest, activity_id: DbInt) -> Activity:
    return queries.get_activity_detail(activity_id)


@router.patch(
    "/activities/{int:activity_id}",
    auth=api_auth,
    response={200: ActivityDetailOut, **PROBLEMS_WRITE},
    summary="Change an activity's status, lead, participants or planned dates",
)
def patch_activity(request: HttpRequest, activity_id: DbInt, payload: ActivityPatchIn) -> Activity:
    """Only focal points of the organizations working on the activity, and the secretariat, may change it.
    Send only the fields to change; null empties the lead or a planned date."""
    actions.update_activity(
        # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
        actor=request.auth,  # type: ignore[attr-defined]
        activity_id=activity_id,
        status=payload.status,
        lead=organizations_by_acronym([payload.lead])[0] if payload.lead is not None else None,
        participants=organizations_by_acronym(payload.participants)
        if payload.participants is not None
        else None,
        planned_start=payload.planned_start,
        planned_end=payload.planned_end,
        clear=payload.cleared(),
    )
    return queries.get_activity_detail(activity_id)


@router.post(
    "/activities/{int:activity_id}/updates",
    auth=api_auth,
    response={201: ProgressUpdateOut, **PROBLEMS_WRITE},
    summary="Report progress on an activity",
)
def add_update(request: HttpRequest, activity_id: DbInt, payload: ProgressUpdateIn) -> Status[ProgressUpdate]:
    update = actions.add_progress_update(
        # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
        actor=request.auth,  # type: ignore[attr-defined]
        activity_id=activity_id,
        text=payload.text,
        status=payload.status,
        date=payload.date,
        evidence_url=payload.evidence_url.strip(),
    )
    return Status(201, update)


@router.get(
    "/activities/{int:activity_id}/history",
    response=list[HistoryEventOut],
    summary="Audit events of an activity and its progress updates, newest first",
)
@paginate(Paginator)
def activity_history(request: HttpRequest, activity_id: DbInt) -> "QuerySet[LogEntry]":
    return queries.activity_history(queries.get_activity(activity_id))


@router.get(
    "/results/{int:result_id}",
    response={200: ExpectedResultOut, **PROBLEMS_READ},
    summary="One expected result with its membership, timeframe and activities",
)
def get_result(request: HttpRequest, result_id: DbInt) -> Any:
    return queries.get_result_detail(result_id)


@router.get("", response=list[PlanOut], summary="Work plans, each with its current version number")
@paginate(Paginator)
def list_plans(request: HttpRequest) -> "QuerySet[WorkPlan]":
    return queries.plans_with_current_number()


@router.get(
    "/{slug}",
    response={200: VersionDoc, **PROBLEMS_READ},
    summary="The current version as a JSON document",
)
def get_plan(request: HttpRequest, slug: str) -> dict[str, Any]:
    return version_as_dict(queries.get_current_version(slug))


@router.get("/{slug}/versions", response=list[VersionOut], summary="Every imported version, oldest first")
@paginate(Paginator)
def list_versions(request: HttpRequest, slug: str) -> "QuerySet[WorkPlanVersion]":
    return queries.versions_with_issue_counts(queries.get_plan(slug))


@router.get(
    "/{slug}/versions/{int:number}",
    response={200: VersionDoc, **PROBLEMS_READ},
    summary="One version as a JSON document",
)
def get_version(request: HttpRequest, slug: str, number: DbInt) -> dict[str, Any]:
    return version_as_dict(queries.get_plan_version(slug, number))


@router.get(
    "/{slug}/versions/{int:number}/issues",
    response=list[ImportIssueOut],
    summary="The import report of one version: every problem found in the document, by line",
)
@paginate(Paginator)
def list_issues(request: HttpRequest, slug: str, number: DbInt) -> "QuerySet[ImportIssue]":
    return queries.import_issues(queries.get_plan_version(slug, number))


@router.get(
    "/{slug}/versions/{int:a}/diff/{int:b}",
    response={200: dict[str, Any], **PROBLEMS_READ},
    summary="What changed from version a to version b",
)
def diff(request: HttpRequest, slug: str, a: DbInt, b: DbInt) -> dict[str, Any]:
    return diff_versions(queries.get_plan_version(slug, a), queries.get_plan_version(slug, b))


@router.get("/{slug}/sections", response=list[PlanSectionOut], summary="Sections of the current version")
@paginate(Paginator)
def list_sections(request: HttpRequest, slug: str) -> "QuerySet[Section]":
    return queries.sections_with_results(queries.get_current_version(slug))


@router.get(
    "/{slug}/coverage",
    response={200: CoverageOut, **PROBLEMS_READ},
    summary="The 23 GCM objectives against the current version: results, activities and gaps",
)
def coverage(request: HttpRequest, slug: str) -> dict[str, Any]:
    version = queries.get_current_version(slug)
    return {"plan": slug, "version": version.number, "objectives": queries.coverage_matrix(version)}
