"""Balance views: allocations by thematic area against an even split, by objective, by region and country;
markers weighted by budget and by expenditure; contributions by contributor and year; the gap to target."""

import pytest

from gcmhub.fund import actions, queries
from gcmhub.fund.models import Contributor, Fund, JointProgramme
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme


def test_split_gives_whole_cents_that_add_up() -> None:
    assert queries.split(D("100.00"), 3) == [D("33.33"), D("33.33"), D("33.34")]
    assert sum(queries.split(D("1000000.01"), 7)) == D("1000000.01")
    assert queries.split(D("5.00"), 0) == []


@pytest.fixture
def two_funded(fund: Fund, contributor: Contributor) -> tuple[JointProgramme, JointProgramme]:
    deposit(fund, contributor, "1000000.00", "2024-01-10")
    first = advance(make_programme(fund), "approved")  # thematic area 2, Mexico, objective 7 (23 secondary)
    actions.allocate(actor=None, code=first.code, amount_usd=D("300000.00"), date=day("2024-02-01"))
    second = actions.create_programme(
        actor=None,
        fund_code=fund.code,
        title="Regional data",
        level="regional",
        countries=["COL", "ECU", "PER"],
        thematic_area=1,
        objectives=[1, 3],
        participants=[{"organization": "IOM", "budget_usd": "500000.00"}],
    )
    advance(second, "approved")
    actions.allocate(actor=None, code=second.code, amount_usd=D("100000.00"), date=day("2024-03-01"))
    return first, second


def test_allocations_by_area_against_an_even_split(
    fund: Fund, two_funded: tuple[JointProgramme, JointProgramme]
) -> None:
    rows = {row.area.number: row for row in queries.allocations_by_area(fund, day("2024-12-31"))}
    assert len(rows) == 5
    assert rows[2].amount == D("300000.00") and rows[2].share == D("0.7500")
    assert rows[1].amount == D("100000.00") and rows[1].share == D("0.2500")
    assert rows[3].amount == D("0.00")
    assert all(row.even_amount == D("80000.00") and row.even_share == D("0.2000") for row in rows.values())
    assert rows[2].difference == D("220000.00") and rows[5].difference == D("-80000.00")
    before = {row.area.number: row.amount for row in queries.allocations_by_area(fund, day("2024-02-15"))}
    assert before[1] == D("0.00") and before[2] == D("300000.00")


def test_allocations_by_objective_split_over_primary_objectives(
    fund: Fund, two_funded: tuple[JointProgramme, JointProgramme]
) -> None:
    rows = {row.objective.number: row for row in queries.allocations_by_objective(fund, day("2024-12-31"))}
    assert rows[7].amount == D("300000.00") and rows[7].primary_programmes == 1
    assert rows[1].amount == D("50000.00") and rows[3].amount == D("50000.00")
    assert rows[23].amount == D("0.00") and rows[23].secondary_programmes == 1
    assert sum(row.amount for row in rows.values()) == D("400000.00")


def test_allocations_by_country_and_region(
    fund: Fund, two_funded: tuple[JointProgramme, JointProgramme]
) -> None:
    geography = queries.allocations_by_geography(fund, day("2024-12-31"))
    countries = {row.key: row.amount for row in geography.countries}
    assert countries == {
        "MEX": D("300000.00"),
        "COL": D("33333.33"),
        "ECU": D("33333.33"),
        "PER": D("33333.34"),
    }
    assert [row.label for row in geography.regions] == ["Americas"]
    assert geography.regions[0].amount == D("400000.00")
    assert geography.unspecified == D("0.00")


def test_markers_are_weighted_by_budget_and_by_expenditure(
    fund: Fund, two_funded: tuple[JointProgramme, JointProgramme]
) -> None:
    first, second = two_funded
    for programme, score in ((first, 3), (second, 1)):
        actions.set_markers(
            actor=None,
            code=programme.code,
            markers=[{"kind": "gender", "score": score, "justification": "Why."}],
        )
    for programme in (first, second):
        actions.change_status(actor=None, code=programme.code, status="active")
    actions.transfer(
        actor=None, code=first.code, organization="IOM", amount_usd=D("100000.00"), date=day("2024-03-05")
    )
    actions.transfer(
        actor=None, code=second.code, organization="IOM", amount_usd=D("100000.00"), date=day("2024-03-05")
    )
    actions.report_expenditure(
        actor=None, code=first.code, organization="IOM", amount_usd=D("10000.00"), date=day("2024-06-01")
    )
    actions.report_expenditure(
        actor=None, code=second.code, organization="IOM", amount_usd=D("30000.00"), date=day("2024-06-01")
    )
    gender = next(row for row in queries.markers_summary(fund, day("2024-12-31")) if row.kind == "gender")
    # Budgets: 1 000 000 scored 3 and 500 000 scored 1 → (3 000 000 + 500 000) / 1 500 000.
    assert gender.by_budget == D("2.33")
    # Expenditure: 10 000 scored 3 and 30 000 scored 1 → (30 000 + 30 000) / 40 000.
    assert gender.by_expenditure == D("1.50")
    assert gender.budget_by_score[3] == D("1000000.00") and gender.significant_budget == D("1000000.00")
    rights = next(row for row in queries.markers_summary(fund) if row.kind == "human_rights")
    assert rights.programmes == 0 and rights.by_budget is None


def test_contributions_by_contributor_and_year(fund: Fund, contributor: Contributor) -> None:
    other = actions.create_contributor(actor=None, name="Sample company", kind="private_sector")
    deposit(fund, contributor, "100.00", "2023-05-01")
    deposit(fund, contributor, "200.00", "2024-05-01")
    deposit(fund, other, "50.00", "2024-06-01", currency="EUR", rate="1.10")
    years, rows = queries.contributions_by_contributor_year(fund, day("2024-12-31"))
    assert years == [2023, 2024]
    assert [(r.contributor.name, r.by_year, r.deposited) for r in rows] == [
        ("Government of Testland", {2023: D("100.00"), 2024: D("200.00")}, D("300.00")),
        ("Sample company", {2024: D("55.00")}, D("55.00")),
    ]


def test_the_gap_to_each_capitalization_target(fund: Fund, contributor: Contributor) -> None:
    actions.set_capitalization_target(
        actor=None, code=fund.code, target_date=day("2024-06-30"), amount_usd=D("1000.00")
    )
    actions.set_capitalization_target(
        actor=None, code=fund.code, target_date=day("2025-12-31"), amount_usd=D("5000.00")
    )
    actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day("2024-01-01"),
        currency="USD",
        amount=D("800.00"),
        rate_to_usd=D("1"),
    )
    actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day("2024-09-01"),
        currency="USD",
        amount=D("1500.00"),
        rate_to_usd=D("1"),
    )
    deposit(fund, contributor, "500.00", "2024-02-01")
    first, second = queries.capitalization(fund, day("2025-01-31"))
    assert (first.committed, first.deposited, first.gap, first.cash_gap, first.reached) == (
        D("800.00"),
        D("500.00"),
        D("200.00"),
        D("500.00"),
        False,
    )
    assert (second.committed, second.gap) == (D("2300.00"), D("2700.00"))


def test_delivery_by_programme(fund: Fund, two_funded: tuple[JointProgramme, JointProgramme]) -> None:
    first, _second = two_funded
    actions.change_status(actor=None, code=first.code, status="active")
    actions.transfer(
        actor=None, code=first.code, organization="IOM", amount_usd=D("80000.00"), date=day("2024-03-05")
    )
    actions.report_expenditure(
        actor=None, code=first.code, organization="IOM", amount_usd=D("20000.00"), date=day("2024-06-01")
    )
    (row,) = queries.delivery_by_programme(fund)
    assert (row.programme, row.transfers, row.expenditure, row.rate) == (
        first,
        D("80000.00"),
        D("20000.00"),
        D("0.2500"),
    )
