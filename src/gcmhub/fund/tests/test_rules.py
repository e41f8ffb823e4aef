"""The money rules: allocations only from the available balance, transfers at most the approved budget (and
the allocation), expenditure and refunds at most what the organization holds. A violation is a clear error
and writes nothing."""

from typing import Any

import pytest
from auditlog.models import LogEntry

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund import actions
from gcmhub.fund.models import (
    Allocation,
    Contributor,
    Deposit,
    Fund,
    FundEntry,
    JointProgramme,
    ProgrammeEntry,
    SteeringCommitteeDecision,
)
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme


def snapshot() -> tuple[int, ...]:
    return (
        Allocation.objects.count(),
        ProgrammeEntry.objects.count(),
        SteeringCommitteeDecision.objects.count(),
        Deposit.objects.count(),
        FundEntry.objects.count(),
        LogEntry.objects.count(),
    )


def refused(call: Any, code: str) -> ValidationFailed:
    before = snapshot()
    with pytest.raises(ValidationFailed) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    assert snapshot() == before
    return caught.value


@pytest.fixture
def active(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "150000.00", "2024-01-10")  # 148 500.00 available after the 1% fee
    return advance(make_programme(fund), "active")  # 100 000.00 allocated on 2024-02-01


def test_it_refuses_an_allocation_above_the_available_balance(fund: Fund, active: JointProgramme) -> None:
    other = advance(make_programme(fund, title="Second"), "approved")
    error = refused(
        lambda: actions.allocate(
            actor=None, code=other.code, amount_usd=D("48500.01"), date=day("2024-03-01")
        ),
        "insufficient_balance",
    )
    assert "48,500.00" in error.message
    actions.allocate(actor=None, code=other.code, amount_usd=D("48500.00"), date=day("2024-03-01"))


def test_it_refuses_a_backdated_allocation_before_the_money_arrived(
    fund: Fund, active: JointProgramme
) -> None:
    other = advance(make_programme(fund, title="Second"), "approved")
    refused(
        lambda: actions.allocate(actor=None, code=other.code, amount_usd=D("10.00"), date=day("2024-01-09")),
        "insufficient_balance",
    )


def test_it_refuses_a_direct_cost_above_the_available_balance(fund: Fund, active: JointProgramme) -> None:
    refused(
        lambda: actions.record_fund_entry(
            actor=None, code=fund.code, kind="direct_cost", date=day("2024-03-01"), amount_usd=D("48500.01")
        ),
        "insufficient_balance",
    )


def test_it_refuses_a_transfer_above_the_approved_budget(fund: Fund, contributor: Contributor) -> None:
    deposit(fund, contributor, "2000000.00", "2024-01-10")
    programme = advance(make_programme(fund), "approved")
    actions.allocate(actor=None, code=programme.code, amount_usd=D("1000000.00"), date=day("2024-02-01"))
    actions.transfer(
        actor=None,
        code=programme.code,
        organization="UNHCR",
        amount_usd=D("400000.00"),
        date=day("2024-02-02"),
    )
    error = refused(
        lambda: actions.transfer(
            actor=None,
            code=programme.code,
            organization="UNHCR",
            amount_usd=D("0.01"),
            date=day("2024-02-03"),
        ),
        "exceeds_budget",
    )
    assert "UNHCR" in error.message


def test_it_refuses_a_transfer_beyond_the_allocation(fund: Fund, active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("90000.00"), date=day("2024-02-05")
    )
    refused(
        lambda: actions.transfer(
            actor=None,
            code=active.code,
            organization="UNHCR",
            amount_usd=D("10000.01"),
            date=day("2024-02-06"),
        ),
        "insufficient_balance",
    )


def test_it_refuses_a_transfer_to_an_organization_outside_the_programme(
    fund: Fund, active: JointProgramme
) -> None:
    refused(
        lambda: actions.transfer(
            actor=None, code=active.code, organization="UNEP", amount_usd=D("1.00"), date=day("2024-02-06")
        ),
        "not_participant",
    )


def test_it_refuses_expenditure_above_what_the_organization_received(
    fund: Fund, active: JointProgramme
) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    actions.report_expenditure(
        actor=None, code=active.code, organization="IOM", amount_usd=D("49999.99"), date=day("2024-05-01")
    )
    refused(
        lambda: actions.report_expenditure(
            actor=None, code=active.code, organization="IOM", amount_usd=D("0.02"), date=day("2024-05-02")
        ),
        "insufficient_balance",
    )
    refused(
        lambda: actions.report_expenditure(
            actor=None, code=active.code, organization="UNHCR", amount_usd=D("0.01"), date=day("2024-05-02")
        ),
        "insufficient_balance",
    )


def test_it_refuses_expenditure_dated_before_the_transfer(fund: Fund, active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    refused(
        lambda: actions.report_expenditure(
            actor=None, code=active.code, organization="IOM", amount_usd=D("1.00"), date=day("2024-02-04")
        ),
        "insufficient_balance",
    )


def test_it_refuses_a_refund_above_the_balance_held(fund: Fund, active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    actions.report_expenditure(
        actor=None, code=active.code, organization="IOM", amount_usd=D("40000.00"), date=day("2024-05-01")
    )
    refused(
        lambda: actions.refund(
            actor=None, code=active.code, organization="IOM", amount_usd=D("10000.01"), date=day("2024-06-01")
        ),
        "insufficient_balance",
    )


@pytest.mark.parametrize("amount", ["0", "-5.00", "12.345", "NaN", "abc", "1e20"])
def test_it_refuses_bad_amounts(fund: Fund, active: JointProgramme, amount: str) -> None:
    before = snapshot()
    with pytest.raises(ValidationFailed):
        actions.transfer(
            actor=None, code=active.code, organization="IOM", amount_usd=amount, date=day("2024-02-05")
        )
    assert snapshot() == before


def test_it_refuses_future_dates_and_bad_currencies(fund: Fund, contributor: Contributor) -> None:
    refused(lambda: deposit(fund, contributor, "10.00", "2999-01-01"), "future_date")
    refused(
        lambda: deposit(fund, contributor, "10.00", "2024-01-01", currency="euro", rate="1.1"), "bad_currency"
    )
    refused(lambda: deposit(fund, contributor, "10.00", "2024-01-01", currency="USD", rate="1.1"), "bad_rate")
    refused(lambda: deposit(fund, contributor, "10.00", "2024-01-01", currency="EUR", rate="0"), "bad_rate")


def test_deposits_cannot_exceed_their_commitment(fund: Fund, contributor: Contributor) -> None:
    commitment = actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day("2024-01-01"),
        currency="EUR",
        amount=D("1000.00"),
        rate_to_usd=D("1.10"),
    )
    actions.record_deposit(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        received_on=day("2024-01-05"),
        currency="EUR",
        amount=D("600.00"),
        rate_to_usd=D("1.09"),
        commitment_id=commitment.pk,
    )
    refused(
        lambda: actions.record_deposit(
            actor=None,
            code=fund.code,
            contributor_id=contributor.pk,
            received_on=day("2024-01-06"),
            currency="EUR",
            amount=D("400.01"),
            rate_to_usd=D("1.09"),
            commitment_id=commitment.pk,
        ),
        "exceeds_commitment",
    )


def test_an_allocation_cannot_exceed_the_programme_budget(fund: Fund, contributor: Contributor) -> None:
    deposit(fund, contributor, "5000000.00", "2024-01-10")
    programme = advance(make_programme(fund), "approved")
    refused(
        lambda: actions.allocate(
            actor=None, code=programme.code, amount_usd=D("1000000.01"), date=day("2024-02-01")
        ),
        "exceeds_budget",
    )
