"""The edges of the money actions' shared steps: the organization named in any case, a refusal naming who
is not a participant, which status stops the action or what is wrong with an amount or a date, and the events
each balance is made of (the fee, the sign of each kind of entry, the dates, only this fund's)."""

import datetime

import pytest
from django.utils import timezone

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund import actions
from gcmhub.fund.actions.rules import (
    available_events,
    check_amount,
    check_date,
    organization_events,
    untransferred_events,
)
from gcmhub.fund.models import Contributor, Fund, JointProgramme, ProgrammeEntry
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme


@pytest.fixture
def active(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "150000.00", "2024-01-10")  # 1 500.00 of it is the agent's fee
    return advance(make_programme(fund), "active")  # 100 000.00 allocated on 2024-02-01


def test_the_organization_is_named_in_any_case_and_with_spaces(active: JointProgramme) -> None:
    entry = actions.transfer(
        actor=None, code=active.code, organization="  iom ", amount_usd=D("10.00"), date=day("2024-02-05")
    )
    assert entry.organization.acronym == "IOM"


def test_a_refusal_names_the_outsider_cut_to_thirty_characters(active: JointProgramme) -> None:
    name = "A" * 29 + "BC"
    with pytest.raises(ValidationFailed) as refused:
        actions.transfer(
            actor=None, code=active.code, organization=name, amount_usd=D("10.00"), date=day("2024-02-05")
        )
    assert refused.value.code == "not_participant"
    assert refused.value.message == "A" * 29 + "B is not a participating organization of this programme."
    assert not ProgrammeEntry.objects.exists()


def test_a_refusal_names_the_status_that_stops_the_action(fund: Fund) -> None:
    approved = advance(make_programme(fund), "approved")
    with pytest.raises(ValidationFailed) as refused:
        actions.transfer(
            actor=None, code=approved.code, organization="IOM", amount_usd=D("10.00"), date=day("2024-02-05")
        )
    assert refused.value.code == "bad_status"
    assert (
        refused.value.message
        == 'A transfer is not possible while the programme is "Approved for the pipeline".'
    )


def test_the_available_balance_is_deposits_less_fees_interest_costs_allocations_and_refunds(
    fund: Fund, active: JointProgramme
) -> None:
    actions.record_fund_entry(
        actor=None, code=fund.code, kind="interest", date=day("2024-03-01"), amount_usd=D("10.00")
    )
    actions.record_fund_entry(
        actor=None, code=fund.code, kind="bank_charge", date=day("2024-03-02"), amount_usd=D("3.00")
    )
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    actions.refund(
        actor=None, code=active.code, organization="IOM", amount_usd=D("20.00"), date=day("2024-03-03")
    )
    assert sorted(available_events(fund)) == [
        (day("2024-01-10"), D("148500.00")),
        (day("2024-02-01"), D("-100000.00")),
        (day("2024-03-01"), D("10.00")),
        (day("2024-03-02"), D("-3.00")),
        (day("2024-03-03"), D("20.00")),
    ]


def test_another_funds_money_is_not_in_this_funds_balance(
    fund: Fund, active: JointProgramme, contributor: Contributor
) -> None:
    other = actions.create_fund(actor=None, code="OTHER", name="Another fund", administrative_agent="MPTFO")
    deposit(other, contributor, "5000.00", "2024-01-15")
    theirs = advance(make_programme(other, participants=(("IOM", "3000.00"),), title="Theirs"), "approved")
    actions.allocate(actor=None, code=theirs.code, amount_usd=D("2000.00"), date=day("2024-02-02"))
    actions.transfer(
        actor=None, code=theirs.code, organization="IOM", amount_usd=D("900.00"), date=day("2024-02-06")
    )
    actions.refund(
        actor=None, code=theirs.code, organization="IOM", amount_usd=D("40.00"), date=day("2024-03-04")
    )
    actions.record_fund_entry(
        actor=None, code=other.code, kind="interest", date=day("2024-03-05"), amount_usd=D("7.00")
    )
    assert sorted(available_events(fund)) == [
        (day("2024-01-10"), D("148500.00")),
        (day("2024-02-01"), D("-100000.00")),
    ]


def test_what_is_left_to_transfer_is_allocations_less_transfers(fund: Fund, active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    actions.refund(
        actor=None, code=active.code, organization="IOM", amount_usd=D("20.00"), date=day("2024-03-03")
    )
    assert sorted(untransferred_events(active)) == [
        (day("2024-02-01"), D("100000.00")),
        (day("2024-02-05"), D("-500.00")),
    ]


def test_what_an_organization_holds_is_its_transfers_less_refunds_and_expenditure(
    fund: Fund, active: JointProgramme
) -> None:
    for organization, amount in (("IOM", "500.00"), ("UNHCR", "70.00")):
        actions.transfer(
            actor=None,
            code=active.code,
            organization=organization,
            amount_usd=D(amount),
            date=day("2024-02-05"),
        )
    actions.refund(
        actor=None, code=active.code, organization="IOM", amount_usd=D("20.00"), date=day("2024-03-03")
    )
    actions.report_expenditure(
        actor=None, code=active.code, organization="IOM", amount_usd=D("30.00"), date=day("2024-03-04")
    )
    iom = active.participants.get(organization__acronym="IOM").organization_id
    assert sorted(organization_events(active, iom)) == [
        (day("2024-02-05"), D("500.00")),
        (day("2024-03-03"), D("-20.00")),
        (day("2024-03-04"), D("-30.00")),
    ]


def test_a_participant_of_another_programme_is_not_one_of_this_one(
    fund: Fund, active: JointProgramme
) -> None:
    make_programme(fund, participants=(("UNEP", "1000.00"),), title="UNEP's own")
    with pytest.raises(ValidationFailed) as refused:
        actions.transfer(
            actor=None, code=active.code, organization="UNEP", amount_usd=D("10.00"), date=day("2024-02-05")
        )
    assert refused.value.code == "not_participant"
    assert not ProgrammeEntry.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-01-10", "The transfer date is not a date."),
        (timezone.localdate() + datetime.timedelta(days=1), "The transfer date cannot be in the future."),
    ],
)
def test_a_refused_date_is_named_in_the_refusal(value: object, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_date(value, "The transfer date")
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("twelve", "The transfer must be a number."),
        ("-1", "The transfer must be above zero."),
        ("1.001", "The transfer is in whole cents."),
    ],
)
def test_a_refused_amount_is_named_in_the_refusal(value: str, message: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_amount(value, "The transfer")
    assert refused.value.message == message
