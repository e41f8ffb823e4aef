"""Results API schemas (ThingIn / ThingOut). Values are exact decimal strings; progress is a share (1 = the
target reached) with four decimals."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema
from gcmhub.results.apiutil import number
from gcmhub.results.models import Dimension, Framework, Indicator, Report
from gcmhub.results.queries import Figure, FrameworkSummary, IndicatorSummary, PeriodRow, ResultSummary


class FrameworkOut(Schema):
    code: str
    title: str
    kind: str
    is_public: bool
    on_track_threshold: str
    at_risk_threshold: str
    reporting_organizations: list[str]


class FigureOut(Schema):
    value: str | None
    numerator: str | None = None
    denominator: str | None = None
    text: str = ""


class PeriodOut(Schema):
    period: str
    start: datetime.date
    end: datetime.date
    target: FigureOut | None
    actual: FigureOut | None = Field(
        None, description="Approved values: the indicator's own plus contributions."
    )
    own: FigureOut | None
    contributed: FigureOut | None
    progress: str | None
    status: str | None


class IndicatorOut(Schema):
    id: int
    code: str
    title: str
    definition: str
    unit: str
    value_type: str
    direction: str
    frequency: str
    aggregation: str
    baseline: FigureOut | None
    baseline_date: datetime.date | None
    dimensions: list[str]
    means_of_verification: str
    sdg_indicator: str | None
    contributes_to: int | None
    contributing: list[int]
    periods: list[PeriodOut]
    actual: FigureOut | None
    target: FigureOut | None
    progress: str | None
    status: str | None


class FrameworkResultOut(Schema):
    id: int
    level: str
    code: str
    title: str
    description: str
    workplan_key: str
    contributes_to: int | None
    contributions: list[int]
    progress: str | None
    status: str | None
    indicators: list[IndicatorOut]
    children: list["FrameworkResultOut"]


FrameworkResultOut.model_rebuild()


class FrameworkTreeOut(FrameworkOut):
    progress: str | None
    status: str | None
    outcomes: list[FrameworkResultOut]


class FrameworkIn(InputSchema):
    code: str
    title: str
    kind: str = Field(..., examples=["fund"], description="fund, programme or workplan.")
    is_public: bool = False


class FrameworkPatch(InputSchema):
    title: str | None = None
    is_public: bool | None = None
    on_track_threshold: Decimal | None = Field(
        None, description="Progress (0 to 1) at or above which a result is on track."
    )
    at_risk_threshold: Decimal | None = Field(
        None, description="Progress (0 to 1) below which a result is off track."
    )


class ResultIn(InputSchema):
    level: str = Field(
        ..., examples=["outcome"], description="outcome or output (an output names its outcome)."
    )
    code: str
    title: str
    description: str = ""
    parent_id: int | None = None
    contributes_to_id: int | None = Field(
        None, description="A result of the fund this programme result serves."
    )


class ResultPatch(InputSchema):
    title: str | None = None
    description: str | None = None
    contributes_to_id: int | None = None
    unlink: bool = False


class IndicatorFields(InputSchema):
    definition: str | None = None
    unit: str | None = None
    direction: str | None = Field(None, description="higher or lower (is better).")
    baseline_value: Decimal | None = None
    baseline_numerator: Decimal | None = None
    baseline_denominator: Decimal | None = None
    baseline_text: str | None = None
    baseline_date: datetime.date | None = None
    dimensions: list[str] | None = Field(
        None, description="Disaggregation dimension slugs.", examples=[["sex"]]
    )
    means_of_verification: str | None = None
    frequency: str | None = Field(None, description="annual, semiannual, quarterly or monthly.")
    aggregation: str | None = Field(None, description="sum, average or latest.")
    sdg_code: str | None = Field(None, examples=["10.7.2"])
    contributes_to_id: int | None = Field(
        None, description="A fund indicator of the same type this one adds to."
    )


class IndicatorIn(IndicatorFields):
    code: str
    title: str
    value_type: str = Field(..., description="number, percentage, ratio, yes_no or qualitative.")


class IndicatorPatch(IndicatorFields):
    title: str | None = None
    unlink: bool = False


class TargetIn(InputSchema):
    period: str = Field(
        ..., examples=["2025"], description="As the indicator's frequency: 2025, 2025-H1, 2025-Q3, 2025-07."
    )
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""


class CellIn(InputSchema):
    disaggregation: dict[str, str] = Field(default_factory=dict, examples=[{"sex": "female"}])
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""


class ReportIn(InputSchema):
    values: list[CellIn] = Field(
        ..., description="The total (no disaggregation) and any disaggregated cells."
    )
    comment: str = ""
    evidence_url: str = ""
    evidence: str = ""
    submit: bool = Field(False, description="Submit for review at once (otherwise a draft).")


class ReportReviewIn(InputSchema):
    comment: str = ""


class ReportCellOut(Schema):
    disaggregation: dict[str, str]
    value: str | None
    numerator: str | None
    denominator: str | None
    text: str


class ReportOut(Schema):
    id: int
    indicator: int
    period: str
    period_start: datetime.date
    period_end: datetime.date
    status: str
    comment: str
    evidence_url: str
    evidence: str
    review_comment: str
    submitted_at: datetime.datetime | None
    reviewed_at: datetime.datetime | None
    values: list[ReportCellOut]


class CategoryOut(Schema):
    slug: str
    name: str


class DimensionOut(Schema):
    slug: str
    name: str
    uses_countries: bool = Field(..., description="Categories are ISO 3166 alpha-3 country codes.")
    categories: list[CategoryOut]


def framework_out(framework: Framework) -> dict[str, Any]:
    return {
        "code": framework.code,
        "title": framework.title,
        "kind": framework.kind,
        "is_public": framework.is_public,
        "on_track_threshold": f"{framework.on_track_threshold:.3f}",
        "at_risk_threshold": f"{framework.at_risk_threshold:.3f}",
        "reporting_organizations": sorted(o.acronym for o in framework.reporting_organizations.all()),
    }


def figure_out(figure: Figure | None) -> dict[str, Any] | None:
    if figure is None:
        return None
    return {
        "value": number(figure.value),
        "numerator": number(figure.numerator),
        "denominator": number(figure.denominator),
        "text": figure.text,
    }


def _share(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def period_out(row: PeriodRow) -> dict[str, Any]:
    return {
        "period": row.period,
        "start": row.start,
        "end": row.end,
        "target": figure_out(row.target),
        "actual": figure_out(row.actual),
        "own": figure_out(row.own),
        "contributed": figure_out(row.contributed),
        "progress": _share(row.progress),
        "status": row.status,
    }


def indicator_out(summary: IndicatorSummary) -> dict[str, Any]:
    ind: Indicator = summary.indicator
    return {
        "id": ind.pk,
        "code": ind.code,
        "title": ind.title,
        "definition": ind.definition,
        "unit": ind.unit,
        "value_type": ind.value_type,
        "direction": ind.direction,
        "frequency": ind.frequency,
        "aggregation": ind.aggregation,
        "baseline": figure_out(summary.baseline),
        "baseline_date": ind.baseline_date,
        "dimensions": [d.slug for d in ind.dimensions.all()],
        "means_of_verification": ind.means_of_verification,
        "sdg_indicator": ind.sdg_indicator.code if ind.sdg_indicator else None,
        "contributes_to": ind.contributes_to_id,
        "contributing": [c.pk for c in summary.contributing],
        "periods": [period_out(r) for r in summary.periods],
        "actual": figure_out(summary.actual),
        "target": figure_out(summary.target),
        "progress": _share(summary.progress),
        "status": summary.status,
    }


def result_out(summary: ResultSummary) -> dict[str, Any]:
    result = summary.result
    return {
        "id": result.pk,
        "level": result.level,
        "code": result.code,
        "title": result.title,
        "description": result.description,
        "workplan_key": result.workplan_key,
        "contributes_to": result.contributes_to_id,
        "contributions": [r.pk for r in summary.contributions],
        "progress": _share(summary.progress),
        "status": summary.status,
        "indicators": [indicator_out(i) for i in summary.indicators],
        "children": [result_out(c) for c in summary.children],
    }


def tree_out(summary: FrameworkSummary) -> dict[str, Any]:
    return {
        **framework_out(summary.framework),
        "progress": _share(summary.progress),
        "status": summary.status,
        "outcomes": [result_out(o) for o in summary.outcomes],
    }


def report_out(report: Report) -> dict[str, Any]:
    return {
        "id": report.pk,
        "indicator": report.indicator_id,
        "period": report.period,
        "period_start": report.period_start,
        "period_end": report.period_end,
        "status": report.status,
        "comment": report.comment,
        "evidence_url": report.evidence_url,
        "evidence": report.evidence,
        "review_comment": report.review_comment,
        "submitted_at": report.submitted_at,
        "reviewed_at": report.reviewed_at,
        "values": [
            {
                "disaggregation": cell.disaggregation,
                "value": number(cell.value),
                "numerator": number(cell.numerator),
                "denominator": number(cell.denominator),
                "text": cell.text,
            }
            for cell in report.values.all()
        ],
    }


def dimension_out(dimension: Dimension) -> dict[str, Any]:
    return {
        "slug": dimension.slug,
        "name": dimension.name,
        "uses_countries": dimension.uses_countries,
        "categories": [{"slug": c.slug, "name": c.name} for c in dimension.categories.all()],
    }
