"""Results API: frameworks as trees with progress, indicators, reported values and their approval. Reads show
the public only approved values of public frameworks; writes need a session or an API token."""

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from gcmhub.accounts.auth import api_auth
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.results import actions, queries
from gcmhub.results.apiutil import actor, public_auth
from gcmhub.results.models import Dimension, Report
from gcmhub.results.schemas import (
    DimensionOut,
    FrameworkIn,
    FrameworkOut,
    FrameworkPatch,
    FrameworkTreeOut,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatch,
    ReportIn,
    ReportOut,
    ReportReviewIn,
    ResultIn,
    ResultPatch,
    TargetIn,
    dimension_out,
    framework_out,
    indicator_out,
    report_out,
    tree_out,
)

router = Router(tags=["results"])


@router.get("/frameworks", response=list[FrameworkOut], auth=public_auth, summary="Results frameworks")
@paginate(Paginator)
def list_frameworks(request: HttpRequest) -> list[dict[str, Any]]:
    frameworks = queries.visible_frameworks(actor(request)).prefetch_related("reporting_organizations")
    return [framework_out(f) for f in frameworks]


@router.get(
    "/frameworks/{code}",
    response={200: FrameworkTreeOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="A framework as a tree: outcomes, outputs, indicators, with progress from approved values",
)
def get_framework(request: HttpRequest, code: str) -> dict[str, Any]:
    framework = queries.access_framework(actor(request), code)
    return tree_out(queries.summarize_framework(framework))


@router.get(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="An indicator: baseline, targets, approved actuals and progress by period",
)
def get_indicator(request: HttpRequest, indicator_id: DbInt) -> dict[str, Any]:
    queries.access_indicator(actor(request), indicator_id)
    return indicator_out(queries.summarize_one(indicator_id))


@router.get(
    "/indicators/{int:indicator_id}/reports",
    response={200: list[ReportOut], **PROBLEMS_READ},
    auth=public_auth,
    summary="Reported values by period (approved ones only, unless you report on or review the indicator)",
)
@paginate(Paginator)
def list_reports(request: HttpRequest, indicator_id: DbInt) -> list[dict[str, Any]]:
    user = actor(request)
    indicator = queries.access_indicator(user, indicator_id)
    return [report_out(r) for r in queries.visible_reports(user, indicator)]


@router.get(
    "/reports/{int:report_id}",
    response={200: ReportOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="A report",
)
def get_report(request: HttpRequest, report_id: DbInt) -> dict[str, Any]:
    return report_out(queries.access_report(actor(request), report_id))


@router.get("/dimensions", response=list[DimensionOut], auth=public_auth, summary="Disaggregation dimensions")
def list_dimensions(request: HttpRequest) -> list[dict[str, Any]]:
    return [dimension_out(d) for d in Dimension.objects.filter(is_active=True).prefetch_related("categories")]


@router.post(
    "/frameworks", response={201: FrameworkOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Create a framework"
)
def post_framework(request: HttpRequest, payload: FrameworkIn) -> Status[dict[str, Any]]:
    framework = actions.create_framework(actor=actor(request), **payload.dict())
    return Status(201, framework_out(framework))


@router.patch(
    "/frameworks/{code}",
    response={200: FrameworkOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change a framework (title, public, status thresholds)",
)
def patch_framework(request: HttpRequest, code: str, payload: FrameworkPatch) -> dict[str, Any]:
    framework = actions.update_framework(actor=actor(request), code=code, **payload.dict(exclude_unset=True))
    return framework_out(framework)


@router.post(
    "/frameworks/{code}/results",
    response={201: FrameworkTreeOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Add an outcome or output",
)
def post_result(request: HttpRequest, code: str, payload: ResultIn) -> Status[dict[str, Any]]:
    result = actions.add_result(actor=actor(request), framework_code=code, **payload.dict())
    return Status(201, tree_out(queries.summarize_framework(result.framework)))


@router.patch(
    "/results/{int:result_id}",
    response={200: FrameworkTreeOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change an outcome or output (title, description, contribution to a fund result)",
)
def patch_result(request: HttpRequest, result_id: DbInt, payload: ResultPatch) -> dict[str, Any]:
    result = actions.update_result(
        actor=actor(request), result_id=result_id, **payload.dict(exclude_unset=True)
    )
    return tree_out(queries.summarize_framework(result.framework))


@router.post(
    "/results/{int:result_id}/indicators",
    response={201: IndicatorOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Add an indicator",
)
def post_indicator(request: HttpRequest, result_id: DbInt, payload: IndicatorIn) -> Status[dict[str, Any]]:
    data = payload.dict(exclude_unset=True)
    indicator = actions.add_indicator(actor=actor(request), result_id=result_id, **data)
    return Status(201, indicator_out(queries.summarize_one(indicator.pk)))


@router.patch(
    "/indicators/{int:indicator_id}",
    response={200: IndicatorOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change an indicator",
)
def patch_indicator(request: HttpRequest, indicator_id: DbInt, payload: IndicatorPatch) -> dict[str, Any]:
    actions.update_indicator(
        actor=actor(request), indicator_id=indicator_id, **payload.dict(exclude_unset=True)
    )
    return indicator_out(queries.summarize_one(indicator_id))


@router.put(
    "/indicators/{int:indicator_id}/targets",
    response={200: IndicatorOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set targets for the periods given",
)
def put_targets(request: HttpRequest, indicator_id: DbInt, payload: list[TargetIn]) -> dict[str, Any]:
    actions.set_targets(actor=actor(request), indicator_id=indicator_id, targets=[t.dict() for t in payload])
    return indicator_out(queries.summarize_one(indicator_id))


@router.put(
    "/indicators/{int:indicator_id}/reports/{period}",
    response={200: ReportOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Enter the values of one period (a draft, or submitted for review)",
)
def put_report(request: HttpRequest, indicator_id: DbInt, period: str, payload: ReportIn) -> dict[str, Any]:
    data = payload.dict()
    report = actions.save_report(actor=actor(request), indicator_id=indicator_id, period=period, **data)
    return report_out(Report.objects.prefetch_related("values").get(pk=report.pk))


def _reviewed(report: Report) -> dict[str, Any]:
    return report_out(Report.objects.prefetch_related("values").get(pk=report.pk))


@router.post(
    "/reports/{int:report_id}/submit",
    response={200: ReportOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Submit values for review",
)
def post_submit(request: HttpRequest, report_id: DbInt) -> dict[str, Any]:
    return _reviewed(actions.submit_report(actor=actor(request), report_id=report_id))


@router.post(
    "/reports/{int:report_id}/approve",
    response={200: ReportOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Approve submitted values (the period is then locked)",
)
def post_approve(request: HttpRequest, report_id: DbInt, payload: ReportReviewIn) -> dict[str, Any]:
    return _reviewed(
        actions.approve_report(actor=actor(request), report_id=report_id, comment=payload.comment)
    )


@router.post(
    "/reports/{int:report_id}/return",
    response={200: ReportOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Return submitted values with a comment",
)
def post_return(request: HttpRequest, report_id: DbInt, payload: ReportReviewIn) -> dict[str, Any]:
    return _reviewed(
        actions.return_report(actor=actor(request), report_id=report_id, comment=payload.comment)
    )
