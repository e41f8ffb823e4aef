"""Reported values and their approval: draft → submitted → approved, or returned with a comment. Approved
periods are locked."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor, acting_user
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.results.actions.values import clean_disaggregation, clean_figure
from gcmhub.results.models import Indicator, Report, ReportedValue, ReportStatus
from gcmhub.results.periods import parse_period
from gcmhub.results.queries.access import (
    access_indicator_for_reporting,
    can_report,
    can_review,
    can_view_framework,
)

MAX_CELLS = 500


def _locked_message(report: Report) -> str:
    if report.status == ReportStatus.APPROVED:
        return _("The values for %(period)s are approved and locked.") % {"period": report.period}
    return _("The values for %(period)s are awaiting review; they can be changed once returned.") % {
        "period": report.period
    }


def _clean_cells(indicator: Indicator, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if len(values) > MAX_CELLS:
        raise ValidationFailed(_("Too many values in one report."), code="too_many_values")
    cells: dict[str, dict[str, Any]] = {}
    for raw in values:
        if not isinstance(raw, dict):
            raise ValidationFailed(_("Each value must be an object."), code="bad_value")
        disaggregation, key = clean_disaggregation(indicator, raw.get("disaggregation"))
        if key in cells:
            raise ValidationFailed(_("The same cell is given twice."), code="duplicate_cell")
        what = _("The total") if not key else _("The value for %(cell)s") % {"cell": key}
        figure = clean_figure(
            indicator.value_type,
            value=raw.get("value"),
            numerator=raw.get("numerator"),
            denominator=raw.get("denominator"),
            text=raw.get("text", ""),
            what=what,
        )
        cells[key] = {"disaggregation": disaggregation, "disaggregation_key": key, **figure}
    _check_parts_within_total(indicator, cells)
    return list(cells.values())


def _check_parts_within_total(indicator: Indicator, cells: dict[str, dict[str, Any]]) -> None:
    """For counts, the categories of one dimension cannot add up to more than the total."""
    total = cells.get("", {}).get("value")
    if indicator.value_type != Indicator.ValueType.NUMBER or total is None:
        return
    sums: dict[str, Decimal] = {}
    for cell in cells.values():
        if len(cell["disaggregation"]) == 1 and cell["value"] is not None:
            (dimension,) = cell["disaggregation"]
            sums[dimension] = sums.get(dimension, Decimal(0)) + cell["value"]
    for dimension, subtotal in sums.items():
        if subtotal > total:
            raise ValidationFailed(
                _("The values by %(dimension)s add up to %(subtotal)s, more than the total %(total)s.")
                % {"dimension": dimension, "subtotal": subtotal, "total": total},
                code="parts_exceed_total",
            )


def _check_evidence_url(url: str) -> str:
    url = (url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationFailed(
                _("The evidence link is not a valid web address."), code="bad_url"
            ) from None
    return url


@transaction.atomic
def save_report(
    *,
    actor: Actor,
    indicator_id: int,
    period: str,
    values: list[dict[str, Any]],
    comment: str = "",
    evidence_url: str = "",
    evidence: str = "",
    submit: bool = False,
    today: datetime.date | None = None,
) -> Report:
    """Enter (or replace) the values of one period, as a draft or submitted for review."""
    indicator = access_indicator_for_reporting(actor, indicator_id)
    span = parse_period(period, indicator.frequency)
    if span.start > (today or timezone.localdate()):
        raise ValidationFailed(
            _("%(period)s has not started yet; values can be reported once it has.") % {"period": span.label},
            code="future_period",
        )
    cells = _clean_cells(indicator, values)
    evidence_url = _check_evidence_url(evidence_url)
    # Lock the indicator so two first reports of the same period cannot both be created.
    Indicator.objects.select_for_update().filter(pk=indicator.pk).first()
    report = Report.objects.select_for_update().filter(indicator=indicator, period=span.label).first()
    if report is not None and not report.is_editable:
        raise ValidationFailed(_locked_message(report), code="locked")
    if submit and not any(not c["disaggregation_key"] for c in cells):
        raise ValidationFailed(_("Give the total before submitting."), code="total_required")
    with acting_as(actor):
        if report is None:
            report = Report(
                indicator=indicator,
                period=span.label,
                period_start=span.start,
                period_end=span.end,
                created_by=acting_user(actor),
            )
        report.comment = (comment or "").strip()
        report.evidence_url = evidence_url
        report.evidence = (evidence or "").strip()
        if submit:
            report.status = ReportStatus.SUBMITTED
            report.submitted_by = acting_user(actor)
            report.submitted_at = timezone.now()
        report.save()
        report.values.all().delete()
        ReportedValue.objects.bulk_create([ReportedValue(report=report, **cell) for cell in cells])
    return report


def _report_for_update(actor: Actor, report_id: int) -> Report:
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("indicator__framework", "indicator__result__parent")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not can_view_framework(actor, report.indicator.framework):
        raise NotFound(_("There is no such report."))
    if not (can_report(actor, report.indicator) or can_review(actor, report.indicator)):
        if report.status != ReportStatus.APPROVED:
            raise NotFound(_("There is no such report."))
        raise PermissionDenied(_("You may not change this report."))
    return report


@transaction.atomic
def submit_report(*, actor: Actor, report_id: int) -> Report:
    report = _report_for_update(actor, report_id)
    if not can_report(actor, report.indicator):
        raise PermissionDenied(_("Only those who report on this indicator may submit its values."))
    if not report.is_editable:
        raise ValidationFailed(_locked_message(report), code="locked")
    if not report.values.filter(disaggregation_key="").exists():
        raise ValidationFailed(_("Give the total before submitting."), code="total_required")
    with acting_as(actor):
        report.status = ReportStatus.SUBMITTED
        report.submitted_by = acting_user(actor)
        report.submitted_at = timezone.now()
        report.save()
    return report


def _review(actor: Actor, report_id: int) -> Report:
    report = _report_for_update(actor, report_id)
    if not can_review(actor, report.indicator):
        raise PermissionDenied(
            _("Only fund managers and the secretariat may approve or return reported values.")
        )
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationFailed(
            _("Only submitted values can be reviewed; these are %(status)s.")
            % {"status": report.get_status_display().lower()},
            code="not_submitted",
        )
    return report


@transaction.atomic
def approve_report(*, actor: Actor, report_id: int, comment: str = "") -> Report:
    report = _review(actor, report_id)
    with acting_as(actor):
        report.status = ReportStatus.APPROVED
        report.review_comment = (comment or "").strip()
        report.reviewed_by = acting_user(actor)
        report.reviewed_at = timezone.now()
        report.save()
    return report


@transaction.atomic
def return_report(*, actor: Actor, report_id: int, comment: str) -> Report:
    report = _review(actor, report_id)
    comment = (comment or "").strip()
    if not comment:
        raise ValidationFailed(_("Say what needs to change when returning values."), code="comment_required")
    with acting_as(actor):
        report.status = ReportStatus.RETURNED
        report.review_comment = comment
        report.reviewed_by = acting_user(actor)
        report.reviewed_at = timezone.now()
        report.save()
    return report
