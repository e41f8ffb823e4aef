"""Progress toward targets, status, and aggregation: over periods, across programme indicators that contribute
to a fund indicator, and up the tree (indicator, output, outcome, framework). Only approved values count."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from gcmhub.results.models import Framework, Indicator, Report, ReportStatus, Result
from gcmhub.results.periods import parse_period, period_containing

Q4 = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
VT = Indicator.ValueType
AGG = Indicator.Aggregation


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")


@dataclass(frozen=True)
class Figure:
    """A value; for ratios also its numerator and denominator; for qualitative indicators a text."""

    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""


def make_figure(
    value_type: str,
    value: Decimal | None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    text: str = "",
) -> Figure:
    if value_type == VT.RATIO:
        value = (numerator / denominator).quantize(Q4) if numerator is not None and denominator else None
    return Figure(value=value, numerator=numerator, denominator=denominator, text=text or "")


def _present(figure: Figure | None, value_type: str) -> bool:
    if figure is None:
        return False
    return bool(figure.text) if value_type == VT.QUALITATIVE else figure.value is not None


def aggregate(figures: Iterable[Figure | None], method: str, value_type: str) -> Figure | None:
    """Combine figures given in period order: sum, average, or the latest one. Ratios sum their numerators
    and denominators; qualitative figures keep the latest text."""
    items = [f for f in figures if f is not None and _present(f, value_type)]
    if not items:
        return None
    if value_type == VT.QUALITATIVE or method == AGG.LATEST:
        return items[-1]
    if value_type == VT.RATIO and method == AGG.SUM:
        numerator = sum((f.numerator or ZERO for f in items), ZERO)
        denominator = sum((f.denominator or ZERO for f in items), ZERO)
        return make_figure(value_type, None, numerator, denominator)
    values = [f.value for f in items if f.value is not None]
    if method == AGG.AVERAGE:
        return Figure(value=(sum(values, ZERO) / len(values)).quantize(Q4))
    return Figure(value=sum(values, ZERO))


def combine_sources(figures: Sequence[Figure | None], method: str, value_type: str) -> Figure | None:
    """One figure from several indicators (a fund indicator and the programme indicators contributing to it):
    averages are averaged; sums and latest values are added up."""
    if value_type == VT.QUALITATIVE:
        return None
    return aggregate(figures, AGG.AVERAGE if method == AGG.AVERAGE else AGG.SUM, value_type)


def progress_ratio(
    baseline: Decimal | None, target: Decimal | None, actual: Decimal | None, direction: str
) -> Decimal | None:
    """How far the actual has moved from the baseline toward the target (1 = target reached). Works for both
    directions because the target lies beyond the baseline in the direction of improvement."""
    if baseline is None or target is None or actual is None:
        return None
    if target == baseline:
        met = actual >= target if direction == Indicator.Direction.HIGHER else actual <= target
        return ONE if met else ZERO
    return ((actual - baseline) / (target - baseline)).quantize(Q4)


def status_for(progress: Decimal | None, framework: Framework) -> str | None:
    if progress is None:
        return None
    if progress >= framework.on_track_threshold:
        return ProgressStatus.ON_TRACK
    if progress >= framework.at_risk_threshold:
        return ProgressStatus.AT_RISK
    return ProgressStatus.OFF_TRACK


def clamp(progress: Decimal) -> Decimal:
    return min(max(progress, ZERO), ONE)


def mean_progress(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of children's progress, each capped to 0..1 so over-achievement cannot hide a shortfall."""
    present = [clamp(v) for v in values if v is not None]
    return (sum(present, ZERO) / len(present)).quantize(Q4) if present else None


def baseline_figure(indicator: Indicator) -> Figure | None:
    figure = make_figure(
        indicator.value_type,
        indicator.baseline_value,
        indicator.baseline_numerator,
        indicator.baseline_denominator,
        indicator.baseline_text,
    )
    return figure if _present(figure, indicator.value_type) else None


@dataclass
class PeriodRow:
    period: str
    start: object
    end: object
    target: Figure | None = None
    own: Figure | None = None
    contributed: Figure | None = None
    actual: Figure | None = None
    report: Report | None = None
    progress: Decimal | None = None
    status: str | None = None


@dataclass
class IndicatorSummary:
    indicator: Indicator
    baseline: Figure | None
    periods: list[PeriodRow]
    actual: Figure | None
    target: Figure | None
    progress: Decimal | None
    status: str | None
    contributing: list[Indicator] = field(default_factory=list)


def _approved_reports(indicator: Indicator) -> list[Report]:
    reports = getattr(indicator, "approved_reports", None)
    if reports is None:
        reports = list(
            indicator.reports.filter(status=ReportStatus.APPROVED)
            .prefetch_related("values")
            .order_by("period_start")
        )
    return reports


def _total(indicator: Indicator, report: Report) -> Figure | None:
    for cell in report.values.all():
        if not cell.disaggregation_key:
            return make_figure(indicator.value_type, cell.value, cell.numerator, cell.denominator, cell.text)
    return None


def report_total(indicator: Indicator, report: Report) -> Figure | None:
    """The total (not disaggregated) figure of one report, whatever its status."""
    return _total(indicator, report)


def summarize_indicator(indicator: Indicator, framework: Framework) -> IndicatorSummary:
    """Targets, approved actuals (own and contributed) and progress for each period, and overall."""
    vtype, method = indicator.value_type, indicator.aggregation
    rows: dict[str, PeriodRow] = {}

    def row(label: str) -> PeriodRow:
        if label not in rows:
            period = parse_period(label, indicator.frequency)
            rows[label] = PeriodRow(period=label, start=period.start, end=period.end)
        return rows[label]

    for goal in indicator.targets.all():
        row(goal.period).target = make_figure(vtype, goal.value, goal.numerator, goal.denominator, goal.text)
    for report in _approved_reports(indicator):
        entry = row(report.period)
        entry.own, entry.report = _total(indicator, report), report

    contributing = list(getattr(indicator, "contributing", None) or indicator.contributions.all())
    contributed: dict[str, list[Figure | None]] = defaultdict(list)
    for child in contributing:
        per_period: dict[str, list[Figure | None]] = defaultdict(list)
        for report in _approved_reports(child):
            label = period_containing(report.period_end, indicator.frequency).label
            per_period[label].append(_total(child, report))
        for label, figures in per_period.items():
            contributed[label].append(aggregate(figures, method, vtype))
            row(label)

    baseline = baseline_figure(indicator)
    base_value = baseline.value if baseline else None
    # PeriodRow.start is declared as object; it holds a date.
    ordered = sorted(rows.values(), key=lambda r: r.start)  # type: ignore[arg-type,return-value]
    for entry in ordered:
        if contributed.get(entry.period):
            entry.contributed = combine_sources(contributed[entry.period], method, vtype)
        sources = [entry.own, *contributed.get(entry.period, [])]
        entry.actual = entry.own if vtype == VT.QUALITATIVE else combine_sources(sources, method, vtype)
        if entry.target and entry.actual and vtype != VT.QUALITATIVE:
            entry.progress = progress_ratio(
                base_value, entry.target.value, entry.actual.value, indicator.direction
            )
            entry.status = status_for(entry.progress, framework)

    actual = aggregate([r.actual for r in ordered], method, vtype)
    target = aggregate([r.target for r in ordered], method, vtype)
    overall = None
    if vtype != VT.QUALITATIVE and actual and target:
        overall = progress_ratio(base_value, target.value, actual.value, indicator.direction)
    return IndicatorSummary(
        indicator=indicator,
        baseline=baseline,
        periods=ordered,
        actual=actual,
        target=target,
        progress=overall,
        status=status_for(overall, framework),
        contributing=contributing,
    )


@dataclass
class ResultSummary:
    result: Result
    indicators: list[IndicatorSummary]
    children: list["ResultSummary"]
    progress: Decimal | None
    status: str | None
    contributions: list[Result] = field(default_factory=list)


@dataclass
class FrameworkSummary:
    framework: Framework
    outcomes: list[ResultSummary]
    progress: Decimal | None
    status: str | None


def _approved_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "reports",
        queryset=Report.objects.filter(status=ReportStatus.APPROVED)
        .prefetch_related("values")
        .order_by("period_start"),
        to_attr="approved_reports",
    )


def indicators_with_values() -> "models.QuerySet[Indicator]":
    """Indicators with what progress needs, in a fixed number of queries."""
    contributing = Indicator.objects.select_related("framework").prefetch_related(_approved_prefetch())
    return (
        Indicator.objects.select_related("sdg_indicator", "framework", "result")
        .prefetch_related(
            "targets",
            "dimensions",
            _approved_prefetch(),
            Prefetch("contributions", queryset=contributing, to_attr="contributing"),
        )
        .order_by("position", "code")
    )


def public_indicators() -> "models.QuerySet[Indicator]":
    """Indicators of public frameworks only, ready for `summarize_indicator` (for reports across apps)."""
    return indicators_with_values().filter(framework__is_public=True).select_related("result__parent")


def summarize_framework(framework: Framework) -> FrameworkSummary:
    """The whole tree with progress and status at every level."""
    results = list(
        Result.objects.filter(framework=framework)
        .prefetch_related(
            Prefetch("indicators", queryset=indicators_with_values()),
            Prefetch("contributions", queryset=Result.objects.select_related("framework")),
        )
        .order_by("position", "code")
    )
    by_parent: dict[int | None, list[Result]] = defaultdict(list)
    for result in results:
        by_parent[result.parent_id].append(result)

    def build(result: Result, depth: int = 0) -> ResultSummary:
        indicators = [summarize_indicator(i, framework) for i in result.indicators.all()]
        children = [build(child, depth + 1) for child in by_parent.get(result.pk, [])] if depth < 5 else []
        progress = mean_progress([s.progress for s in indicators] + [c.progress for c in children])
        return ResultSummary(
            result=result,
            indicators=indicators,
            children=children,
            progress=progress,
            status=status_for(progress, framework),
            contributions=list(result.contributions.all()),
        )

    outcomes = [build(r) for r in by_parent.get(None, [])]
    progress = mean_progress(o.progress for o in outcomes)
    return FrameworkSummary(
        framework=framework, outcomes=outcomes, progress=progress, status=status_for(progress, framework)
    )


def summarize_one(indicator_id: int) -> IndicatorSummary:
    indicator = indicators_with_values().get(pk=indicator_id)
    return summarize_indicator(indicator, indicator.framework)
