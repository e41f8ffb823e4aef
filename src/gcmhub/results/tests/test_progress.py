"""Progress toward target from baseline, status thresholds, and aggregation over periods, across contributing
programme indicators and up the tree."""

from decimal import Decimal

import pytest

from gcmhub.core.tests.typed import present
from gcmhub.results import actions
from gcmhub.results.models import Framework
from gcmhub.results.queries import (
    Figure,
    aggregate,
    progress_ratio,
    summarize_framework,
    summarize_one,
)
from gcmhub.results.tests.conftest import D, approved, indicator, outcome, output


@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        ("10", "30", "25", "higher", "0.7500"),
        ("10", "30", "30", "higher", "1.0000"),
        ("10", "30", "40", "higher", "1.5000"),
        ("10", "30", "5", "higher", "-0.2500"),
        ("40", "10", "20", "lower", "0.6667"),
        ("40", "10", "10", "lower", "1.0000"),
        ("40", "10", "45", "lower", "-0.1667"),
        ("5", "5", "5", "higher", "1"),
        ("5", "5", "4", "higher", "0"),
        ("5", "5", "4", "lower", "1"),
    ],
)
def test_progress_runs_from_baseline_to_target(
    baseline: str, target: str, actual: str, direction: str, expected: str
) -> None:
    assert progress_ratio(D(baseline), D(target), D(actual), direction) == D(expected)


def test_progress_needs_all_three_figures() -> None:
    assert progress_ratio(None, D(1), D(1), "higher") is None
    assert progress_ratio(D(0), D(1), None, "higher") is None


@pytest.mark.parametrize(
    ("method", "expected"),
    [("sum", D("60")), ("average", D("20.0000")), ("latest", D("30"))],
)
def test_aggregation_over_periods(method: str, expected: Decimal) -> None:
    figures = [Figure(D("10")), Figure(D("20")), Figure(D("30"))]
    assert present(aggregate(figures, method, "number")).value == expected


def test_ratios_add_up_numerators_and_denominators() -> None:
    figures = [Figure(D("0.5"), D("1"), D("2")), Figure(D("0.75"), D("3"), D("4"))]
    total = present(aggregate(figures, "sum", "ratio"))
    assert (total.numerator, total.denominator, total.value) == (D("4"), D("6"), D("0.6667"))


def test_a_number_indicator_is_on_track_at_risk_or_off_track(programme_framework: Framework) -> None:
    ind = indicator(outcome(programme_framework), "1.a", baseline_value="10")
    actions.set_targets(
        actor=None,
        indicator_id=ind.pk,
        targets=[
            {"period": "2023", "value": "20"},
            {"period": "2024", "value": "30"},
            {"period": "2025", "value": "30"},
        ],
    )
    approved(ind, "2023", value="19")  # 0.9 → on track
    approved(ind, "2024", value="25")  # 0.75 → at risk
    approved(ind, "2025", value="12")  # 0.1 → off track
    summary = summarize_one(ind.pk)
    by_period = {row.period: row for row in summary.periods}
    assert (by_period["2023"].progress, by_period["2023"].status) == (D("0.9000"), "on_track")
    assert (by_period["2024"].progress, by_period["2024"].status) == (D("0.7500"), "at_risk")
    assert (by_period["2025"].progress, by_period["2025"].status) == (D("0.1000"), "off_track")
    # Overall (sum): 56 reported against 80 targeted, from a baseline of 10.
    assert present(summary.actual).value == D("56") and present(summary.target).value == D("80")
    assert summary.progress == D("0.6571") and summary.status == "at_risk"


def test_lower_is_better(programme_framework: Framework) -> None:
    ind = indicator(
        outcome(programme_framework), "1.b", baseline_value="40", direction="lower", aggregation="latest"
    )
    actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "10"}])
    approved(ind, "2025", value="20")
    summary = summarize_one(ind.pk)
    assert summary.progress == D("0.6667") and summary.status == "at_risk"


def test_a_target_against_the_direction_is_refused(programme_framework: Framework) -> None:
    from gcmhub.core.exceptions import ValidationFailed

    ind = indicator(outcome(programme_framework), "1.c", baseline_value="40", direction="lower")
    with pytest.raises(ValidationFailed):
        actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "50"}])
    assert not ind.targets.exists()


def test_a_ratio_indicator(programme_framework: Framework) -> None:
    ind = indicator(
        outcome(programme_framework),
        "1.d",
        "ratio",
        baseline_numerator="1",
        baseline_denominator="4",
        aggregation="latest",
    )
    actions.set_targets(
        actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "numerator": "3", "denominator": "4"}]
    )
    approved(ind, "2025", numerator="30", denominator="50")
    summary = summarize_one(ind.pk)
    assert present(summary.baseline).value == D("0.2500")
    assert present(summary.actual).value == D("0.6000")
    assert summary.progress == D("0.7000")


@pytest.mark.parametrize(
    ("answer", "progress", "status"), [("1", D("1"), "on_track"), ("0", D("0"), "off_track")]
)
def test_a_yes_no_indicator(
    programme_framework: Framework, answer: str, progress: Decimal, status: str
) -> None:
    ind = indicator(outcome(programme_framework), "1.e", "yes_no", baseline_value="0", aggregation="latest")
    actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "1"}])
    approved(ind, "2025", value=answer)
    summary = summarize_one(ind.pk)
    assert (summary.progress, summary.status) == (progress, status)


def test_a_qualitative_indicator_has_text_and_no_progress(programme_framework: Framework) -> None:
    ind = indicator(outcome(programme_framework), "1.f", "qualitative", baseline_text="No policy.")
    approved(ind, "2025", text="A draft policy is under consultation.")
    summary = summarize_one(ind.pk)
    assert present(summary.actual).text == "A draft policy is under consultation."
    assert summary.progress is None and summary.status is None


def test_thresholds_are_configurable(programme_framework: Framework) -> None:
    ind = indicator(outcome(programme_framework), "1.g", baseline_value="0", aggregation="latest")
    actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "100"}])
    approved(ind, "2025", value="75")
    assert summarize_one(ind.pk).status == "at_risk"
    actions.update_framework(
        actor=None, code=programme_framework.code, on_track_threshold="0.7", at_risk_threshold="0.5"
    )
    assert summarize_one(ind.pk).status == "on_track"


def test_programme_indicators_add_up_into_the_fund_indicator(
    fund_framework: Framework, programme_framework: Framework
) -> None:
    fund_ind = indicator(outcome(fund_framework), "F1", baseline_value="0")
    actions.set_targets(actor=None, indicator_id=fund_ind.pk, targets=[{"period": "2025", "value": "1000"}])
    other = actions.new_framework(code="JP-2", title="Other programme", kind="programme", is_public=True)
    quarterly = indicator(
        outcome(programme_framework), "P1", frequency="quarterly", contributes_to_id=fund_ind.pk
    )
    annual = indicator(outcome(other), "P2", contributes_to_id=fund_ind.pk)
    approved(quarterly, "2025-Q1", value="100")
    approved(quarterly, "2025-Q2", value="150")
    approved(annual, "2025", value="300")
    approved(fund_ind, "2025", value="50")  # the fund's own direct results
    summary = summarize_one(fund_ind.pk)
    (row,) = summary.periods
    assert present(row.own).value == D("50")
    assert present(row.contributed).value == D("550")
    assert present(row.actual).value == D("600")
    assert summary.progress == D("0.6000")


def test_only_approved_values_count(programme_framework: Framework) -> None:
    ind = indicator(outcome(programme_framework), "1.h", baseline_value="0")
    actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "10"}])
    actions.save_report(actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "10"}], submit=True)
    summary = summarize_one(ind.pk)
    assert summary.actual is None and summary.progress is None


def test_progress_rolls_up_the_tree(programme_framework: Framework) -> None:
    first = outcome(programme_framework, "1")
    a, b = output(first, "1.1"), output(first, "1.2")
    ind_a = indicator(a, "1.1.a", baseline_value="0", aggregation="latest")
    ind_b = indicator(b, "1.2.a", baseline_value="0", aggregation="latest")
    for ind in (ind_a, ind_b):
        actions.set_targets(actor=None, indicator_id=ind.pk, targets=[{"period": "2025", "value": "100"}])
    approved(ind_a, "2025", value="150")  # 1.5, capped to 1 when rolling up
    approved(ind_b, "2025", value="40")  # 0.4
    second = outcome(programme_framework, "2")
    ind_c = indicator(second, "2.a", baseline_value="0", aggregation="latest")
    actions.set_targets(actor=None, indicator_id=ind_c.pk, targets=[{"period": "2025", "value": "10"}])
    approved(ind_c, "2025", value="9")
    tree = summarize_framework(programme_framework)
    one, two = tree.outcomes
    assert one.children[0].indicators[0].progress == D("1.5000")
    assert [c.progress for c in one.children] == [D("1.0000"), D("0.4000")]
    assert one.progress == D("0.7000") and one.status == "at_risk"
    assert two.progress == D("0.9000") and two.status == "on_track"
    assert tree.progress == D("0.8000")
    assert isinstance(tree.progress, Decimal)
