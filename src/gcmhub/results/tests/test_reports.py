"""Reported values: draft → submitted → approved (locked) or returned with a comment; validation of each
indicator type and of disaggregations; who may report and who may approve."""

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.results import actions
from gcmhub.results.models import Framework, Indicator, Report, ReportedValue
from gcmhub.results.queries import visible_reports
from gcmhub.results.tests.conftest import TODAY, indicator, outcome


@pytest.fixture
def ind(programme_framework: Framework) -> Indicator:
    return indicator(
        outcome(programme_framework), "1.a", baseline_value="0", dimensions=["sex", "nationality"]
    )


def counts() -> tuple[int, int, int, int]:
    statuses = tuple(Report.objects.values_list("status", flat=True).order_by("pk"))
    return Report.objects.count(), ReportedValue.objects.count(), hash(statuses), LogEntry.objects.count()


def save(ind: Any, actor: Any = None, period: str = "2025", submit: bool = False, **extra: Any) -> Report:
    values = extra.pop("values", [{"value": "10"}])
    return actions.save_report(
        actor=actor, indicator_id=ind.pk, period=period, values=values, submit=submit, today=TODAY, **extra
    )


def test_the_approval_workflow_locks_approved_periods(
    ind: Indicator, focal_point: User, fund_manager: User
) -> None:
    report = save(
        ind, focal_point, values=[{"value": "10"}, {"disaggregation": {"sex": "female"}, "value": "6"}]
    )
    assert report.status == "draft" and report.created_by == focal_point
    report = actions.submit_report(actor=focal_point, report_id=report.pk)
    assert report.status == "submitted" and report.submitted_by == focal_point
    with pytest.raises(ValidationFailed) as caught:
        save(ind, focal_point, values=[{"value": "11"}])
    assert caught.value.code == "locked"
    report = actions.approve_report(actor=fund_manager, report_id=report.pk, comment="Verified.")
    assert report.status == "approved" and report.reviewed_by == fund_manager
    before = counts()
    attempts: tuple[Callable[[], object], ...] = (
        lambda: save(ind, focal_point, values=[{"value": "12"}]),
        lambda: actions.submit_report(actor=focal_point, report_id=report.pk),
        lambda: actions.approve_report(actor=fund_manager, report_id=report.pk),
        lambda: actions.return_report(actor=fund_manager, report_id=report.pk, comment="Reopen"),
    )
    for attempt in attempts:
        with pytest.raises(ValidationFailed):
            attempt()
    assert counts() == before
    assert ReportedValue.objects.get(report=report, disaggregation_key="").value == 10


def test_returned_values_can_be_corrected_and_resubmitted(
    ind: Indicator, focal_point: User, fund_manager: User
) -> None:
    report = save(ind, focal_point, submit=True)
    with pytest.raises(ValidationFailed):
        actions.return_report(actor=fund_manager, report_id=report.pk, comment="  ")
    report = actions.return_report(actor=fund_manager, report_id=report.pk, comment="Add the source.")
    assert report.status == "returned" and report.review_comment == "Add the source."
    report = save(
        ind, focal_point, values=[{"value": "9"}], evidence_url="https://example.org/survey.pdf", submit=True
    )
    assert report.status == "submitted" and report.evidence_url == "https://example.org/survey.pdf"
    assert actions.approve_report(actor=fund_manager, report_id=report.pk).status == "approved"


def test_a_focal_point_cannot_approve_and_others_cannot_report(
    ind: Indicator, focal_point: User, other_focal_point: User, outsider: User
) -> None:
    report = save(ind, focal_point, submit=True)
    before = counts()
    with pytest.raises(PermissionDenied):
        actions.approve_report(actor=focal_point, report_id=report.pk)
    for actor in (other_focal_point, outsider):
        with pytest.raises(PermissionDenied):
            save(ind, actor, period="2024")
        with pytest.raises(NotFound):  # a submitted report is not theirs to see
            actions.approve_report(actor=actor, report_id=report.pk)
    assert counts() == before


@pytest.mark.parametrize(
    ("value_type", "cell", "code"),
    [
        ("number", {"value": "abc"}, "not_a_number"),
        ("number", {"value": "1.00001"}, "too_precise"),
        ("number", {}, "value_required"),
        ("percentage", {"value": "100.5"}, "bad_percentage"),
        ("percentage", {"value": "-1"}, "bad_percentage"),
        ("yes_no", {"value": "2"}, "bad_yes_no"),
        ("ratio", {"numerator": "1", "denominator": "0"}, "ratio_parts"),
        ("ratio", {"numerator": "1"}, "ratio_parts"),
        ("qualitative", {"text": "  "}, "text_required"),
    ],
)
def test_it_refuses_values_of_the_wrong_kind(
    programme_framework: Framework, value_type: str, cell: dict[str, str], code: str
) -> None:
    ind = indicator(outcome(programme_framework), "x", value_type)
    with pytest.raises(ValidationFailed) as caught:
        save(ind, values=[cell])
    assert caught.value.code == code
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ([{"value": "5"}, {"disaggregation": {"age-group": "18-24"}, "value": "1"}], "bad_dimension"),
        ([{"value": "5"}, {"disaggregation": {"sex": "unknown"}, "value": "1"}], "bad_category"),
        ([{"value": "5"}, {"disaggregation": {"nationality": "XYZ"}, "value": "1"}], "bad_category"),
        ([{"value": "5"}, {"disaggregation": ["sex"], "value": "1"}], "bad_disaggregation"),
        ([{"value": "5"}, {"value": "6"}], "duplicate_cell"),
        (
            [
                {"value": "5"},
                {"disaggregation": {"sex": "female"}, "value": "3"},
                {"disaggregation": {"sex": "male"}, "value": "3"},
            ],
            "parts_exceed_total",
        ),
    ],
)
def test_it_refuses_bad_disaggregations(ind: Indicator, values: list[dict[str, Any]], code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save(ind, values=values)
    assert caught.value.code == code
    assert not Report.objects.exists()


def test_it_stores_disaggregated_cells_once_each(ind: Indicator) -> None:
    report = save(
        ind,
        values=[
            {"value": "10"},
            {"disaggregation": {"sex": "female"}, "value": "6"},
            {"disaggregation": {"nationality": "mex", "sex": "male"}, "value": "2"},
        ],
    )
    keys = sorted(report.values.values_list("disaggregation_key", flat=True))
    assert keys == ["", "nationality=MEX;sex=male", "sex=female"]


@pytest.mark.parametrize(
    ("period", "code"), [("2025-Q1", "bad_period"), ("25", "bad_period"), ("2027", "future_period")]
)
def test_it_refuses_bad_or_future_periods(ind: Indicator, period: str, code: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save(ind, period=period)
    assert caught.value.code == code


def test_submitting_needs_a_total(ind: Indicator) -> None:
    with pytest.raises(ValidationFailed) as caught:
        save(ind, values=[{"disaggregation": {"sex": "female"}, "value": "6"}], submit=True)
    assert caught.value.code == "total_required"
    assert not Report.objects.exists()


def test_the_public_sees_only_approved_values(ind: Indicator, focal_point: User, fund_manager: User) -> None:
    from django.contrib.auth.models import AnonymousUser

    draft = save(ind, focal_point, period="2024")
    done = save(ind, focal_point, period="2025", submit=True)
    actions.approve_report(actor=fund_manager, report_id=done.pk)
    assert list(visible_reports(AnonymousUser(), ind)) == [done]
    assert set(visible_reports(focal_point, ind)) == {draft, done}


def test_every_change_is_audited(ind: Indicator, focal_point: User, fund_manager: User) -> None:
    report = save(ind, focal_point, submit=True)
    actions.approve_report(actor=fund_manager, report_id=report.pk)
    actors = set(LogEntry.objects.get_for_object(report).values_list("actor__username", flat=True))
    assert actors == {"focal_point", "fund_manager"}
