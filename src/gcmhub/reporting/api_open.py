"""The public, read-only API of the GCM 360° coverage and of open data, mounted in the reporting router:
/api/v1/reporting/coverage, /coverage/{number} and /open-data."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router

from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ
from gcmhub.reporting import coverage
from gcmhub.reporting.opendata import package
from gcmhub.reporting.schemas_open import (
    CoverageActivityOut,
    CoverageIndicatorOut,
    CoverageItemOut,
    CoverageProgrammeOut,
    GcmCoverageOut,
    GcmCoverageRowOut,
    ObjectiveCoverageOut,
    OpenDataOut,
    OpenDatasetOut,
)

router = Router(tags=["reporting"])


def _row(row: coverage.CoverageRow) -> dict[str, Any]:
    return {
        "number": row.objective.number,
        "title": row.objective.title,
        "activities": row.activities,
        "programmes": row.programmes,
        "budget_usd": float(row.budget_usd),
        "indicators": row.indicators,
        "practices": row.practices,
        "national_plans": row.national_plans,
        "experts": row.experts,
        "responses": row.responses,
        "thin": row.thin,
        "thin_reasons": row.reasons,
        "url": reverse("reporting:coverage_objective", args=[row.objective.number]),
    }


@router.get("/coverage", response=GcmCoverageOut, summary="GCM 360° coverage of the 23 objectives (public)")
def coverage_overview(request: HttpRequest) -> GcmCoverageOut:
    return GcmCoverageOut(objectives=[GcmCoverageRowOut(**_row(row)) for row in coverage.coverage_overview()])


def _items(resources: Any) -> list[CoverageItemOut]:
    return [CoverageItemOut(id=r.pk, title=r.title, url=r.get_absolute_url()) for r in resources]


@router.get(
    "/coverage/{int:number}",
    response={200: ObjectiveCoverageOut, **PROBLEMS_READ},
    summary="Everything public that serves one GCM objective",
)
def coverage_objective(request: HttpRequest, number: DbInt) -> ObjectiveCoverageOut:
    detail = coverage.objective_coverage(number)
    return ObjectiveCoverageOut(
        **_row(detail.row),
        activity_list=[
            CoverageActivityOut(key=a.key, text=a.text, status=a.status, url=a.get_absolute_url())
            for a in detail.activities
        ],
        programme_list=[
            CoverageProgrammeOut(
                code=line.programme.code,
                title=line.programme.title,
                status=line.programme.status,
                is_primary=line.is_primary,
                allocated_usd=float(line.allocated_usd),
                share_usd=float(line.share_usd),
                url=reverse("fund:programme", args=[line.programme.code]),
            )
            for line in detail.programmes
        ],
        indicator_list=[
            CoverageIndicatorOut(
                framework=line.indicator.framework.code,
                code=line.indicator.code,
                title=line.indicator.title,
                status=line.status,
                url=reverse("results:indicator", args=[line.indicator.pk]),
            )
            for line in detail.indicators
        ],
        practice_list=_items(detail.practices[: coverage.PRACTICES_SHOWN]),
        national_plan_list=_items(detail.national_plans),
        expert_list=[
            CoverageItemOut(id=e.pk, title=e.name, url=e.get_absolute_url()) for e in detail.experts
        ],
        response_list=[
            CoverageItemOut(
                id=r.pk, title=f"{r.organization.acronym} — {r.call.title}", url=r.get_absolute_url()
            )
            for r in detail.responses
        ],
    )


@router.get("/open-data", response=OpenDataOut, summary="The open datasets: files, dictionary, licence")
def open_data(request: HttpRequest) -> OpenDataOut:
    absolute = request.build_absolute_uri
    return OpenDataOut(
        datasets=[OpenDatasetOut.model_validate(d) for d in package.catalogue(absolute)],
        datapackage=absolute(reverse("reporting:open_data_package")),
    )
