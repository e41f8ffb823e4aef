"""The money actions' own steps, each refusal read word for word: which status stops each action, the name
each gives an amount and a date, the budget and balance each is held to (up to the cent, and no further), the
Steering Committee decision an allocation records, and who may report expenditure for which organization."""

from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.fund import actions
from gcmhub.fund.models import (
    Allocation,
    Contributor,
    Fund,
    JointProgramme,
    ProgrammeEntry,
    ProgrammeStatus,
    SteeringCommitteeDecision,
)
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme


@pytest.fixture
def active(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "150000.00", "2024-01-10")  # 148 500.00 available after the 1% fee
    return advance(make_programme(fund), "active")  # 100 000.00 allocated on 2024-02-01


def refusal(call: Callable[[], object], code: str) -> str:
    """The message of a refusal with `code`, after checking that it wrote nothing."""
    before = (
        ProgrammeEntry.objects.count(),
        Allocation.objects.count(),
        SteeringCommitteeDecision.objects.count(),
    )
    with pytest.raises(ValidationFailed) as refused:
        call()
    assert refused.value.code == code, refused.value.message
    assert (
        ProgrammeEntry.objects.count(),
        Allocation.objects.count(),
        SteeringCommitteeDecision.objects.count(),
    ) == before
    return refused.value.message


def money_call(name: str, code: str, amount: Any, date: Any) -> Callable[[], object]:
    """One of the four money actions, for IOM where it names an organization."""
    if name == "allocate":
        return lambda: actions.allocate(actor=None, code=code, amount_usd=amount, date=date)
    action = getattr(actions, name)
    return lambda: action(actor=None, code=code, organization="IOM", amount_usd=amount, date=date)


def test_each_action_names_the_status_that_stops_it(fund: Fund, contributor: Contributor) -> None:
    deposit(fund, contributor, "150000.00", "2024-01-10")
    under_review = advance(make_programme(fund, title="Under review"), "under_review")
    approved = advance(make_programme(fund, title="Approved"), "approved")
    funded = advance(make_programme(fund, title="Funded"), "funded")
    actions.transfer(
        actor=None, code=funded.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    stopped = {
        "allocate": under_review,
        "transfer": approved,
        "refund": approved,
        "report_expenditure": funded,
    }
    messages = {
        name: refusal(money_call(name, programme.code, D("1.00"), day("2024-03-01")), "bad_status")
        for name, programme in stopped.items()
    }
    assert messages == {
        "allocate": 'An allocation is not possible while the programme is "Under review".',
        "transfer": 'A transfer is not possible while the programme is "Approved for the pipeline".',
        "refund": 'A refund is not possible while the programme is "Approved for the pipeline".',
        "report_expenditure": 'Reporting expenditure is not possible while the programme is "Funded".',
    }


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("allocate", "The allocation"),
        ("transfer", "The transfer"),
        ("refund", "The refund"),
        ("report_expenditure", "The expenditure"),
    ],
)
def test_each_action_names_its_amount_and_its_date(active: JointProgramme, name: str, what: str) -> None:
    bad_amount = refusal(money_call(name, active.code, "twelve", day("2024-03-01")), "not_a_number")
    bad_date = refusal(money_call(name, active.code, D("1.00"), "2024-03-01"), "bad_date")
    assert bad_amount == f"{what} must be a number."
    assert bad_date == f"{what} date is not a date."


def test_an_allocation_takes_the_budget_to_the_cent_and_no_further(
    fund: Fund, contributor: Contributor
) -> None:
    deposit(fund, contributor, "5000000.00", "2024-01-10")
    programme = advance(make_programme(fund), "funded")  # 100 000.00 of its 1 000 000.00 budget allocated
    message = refusal(
        lambda: actions.allocate(
            actor=None, code=programme.code, amount_usd=D("900000.01"), date=day("2024-03-01")
        ),
        "exceeds_budget",
    )
    assert message == "The programme's budget is 1,000,000.00 USD and 100,000.00 USD is already allocated."
    actions.allocate(actor=None, code=programme.code, amount_usd=D("900000.00"), date=day("2024-03-01"))


def test_an_allocation_takes_the_available_balance_to_the_cent_and_no_further(
    fund: Fund, active: JointProgramme
) -> None:
    message = refusal(
        lambda: actions.allocate(
            actor=None, code=active.code, amount_usd=D("48500.01"), date=day("2024-03-01")
        ),
        "insufficient_balance",
    )
    assert message == (
        "The fund's available balance from 2024-03-01 is 48,500.00 USD, less than the 48,500.01 USD asked."
    )
    actions.allocate(actor=None, code=active.code, amount_usd=D("48500.00"), date=day("2024-03-01"))


def test_an_allocation_records_the_steering_committee_decision(
    fund_manager: User, fund: Fund, active: JointProgramme
) -> None:
    allocation = actions.allocate(
        actor=fund_manager,
        code=active.code,
        amount_usd=D("1000.00"),
        date=day("2024-03-01"),
        decision="  SC/2024/7: second tranche  ",
        rationale="  Strong first-year results.  ",
    )
    record = allocation.decision
    assert record is not None
    assert (record.fund, record.programme, record.date, record.kind, record.amount_usd) == (
        fund,
        active,
        day("2024-03-01"),
        SteeringCommitteeDecision.Kind.ALLOCATION,
        D("1000.00"),
    )
    assert (record.decision, record.rationale) == ("SC/2024/7: second tranche", "Strong first-year results.")
    assert (allocation.programme, allocation.date, allocation.amount_usd) == (
        active,
        day("2024-03-01"),
        D("1000.00"),
    )
    assert record.recorded_by == allocation.recorded_by == fund_manager
    assert LogEntry.objects.get_for_object(record).get().actor == fund_manager
    assert LogEntry.objects.get_for_object(allocation).get().actor == fund_manager


def test_an_allocation_without_words_is_named_after_its_amount(active: JointProgramme) -> None:
    allocation = actions.allocate(
        actor=None, code=active.code, amount_usd=D("1234.50"), date=day("2024-03-01")
    )
    record = allocation.decision
    assert record is not None
    assert (record.decision, record.rationale) == ("Allocation of 1,234.50 USD", "")


def test_an_allocation_keeps_the_first_five_thousand_characters_of_its_words(active: JointProgramme) -> None:
    words = "d" * 4999 + "ef"
    allocation = actions.allocate(
        actor=None,
        code=active.code,
        amount_usd=D("1.00"),
        date=day("2024-03-01"),
        decision=words,
        rationale=words.upper(),
    )
    record = allocation.decision
    assert record is not None
    record.refresh_from_db()
    assert (record.decision, record.rationale) == ("d" * 4999 + "e", "D" * 4999 + "E")


def test_only_the_first_allocation_funds_an_approved_programme(fund: Fund, active: JointProgramme) -> None:
    approved = advance(make_programme(fund, title="Second"), "approved")
    actions.allocate(actor=None, code=approved.code, amount_usd=D("1.00"), date=day("2024-03-01"))
    actions.allocate(actor=None, code=active.code, amount_usd=D("1.00"), date=day("2024-03-01"))
    approved.refresh_from_db()
    active.refresh_from_db()
    assert (approved.status, active.status) == (ProgrammeStatus.FUNDED, ProgrammeStatus.ACTIVE)


def test_a_transfer_takes_the_organizations_budget_to_the_cent_and_no_further(
    fund: Fund, contributor: Contributor
) -> None:
    deposit(fund, contributor, "10000.00", "2024-01-10")
    programme = advance(
        make_programme(fund, participants=(("IOM", "1000.00"), ("UNHCR", "500.00"))), "approved"
    )
    actions.allocate(actor=None, code=programme.code, amount_usd=D("1500.00"), date=day("2024-02-01"))
    for organization, amount in (("IOM", "600.00"), ("UNHCR", "500.00")):
        actions.transfer(
            actor=None,
            code=programme.code,
            organization=organization,
            amount_usd=D(amount),
            date=day("2024-02-02"),
        )
    actions.refund(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("100.00"), date=day("2024-02-03")
    )
    message = refusal(
        money_call("transfer", programme.code, D("400.01"), day("2024-02-04")), "exceeds_budget"
    )
    assert message == "IOM's approved budget is 1,000.00 USD and it has received 600.00 USD."
    entry = actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("400.00"), date=day("2024-02-04")
    )
    assert (entry.kind, entry.organization.acronym, entry.amount_usd) == ("transfer", "IOM", D("400.00"))


def test_a_transfer_takes_the_allocation_to_the_cent_and_no_further(active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("90000.00"), date=day("2024-02-05")
    )
    message = refusal(
        money_call("transfer", active.code, D("10000.01"), day("2024-02-06")), "insufficient_balance"
    )
    assert message == (
        "Only 10,000.00 USD of the programme's allocation is left to transfer from 2024-02-06; "
        "10,000.01 USD asked."
    )
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("10000.00"), date=day("2024-02-06")
    )


@pytest.mark.parametrize(
    ("name", "kind", "word"),
    [("refund", "refund", "refund"), ("report_expenditure", "expenditure", "reported")],
)
def test_a_refund_or_expenditure_takes_what_the_organization_holds_to_the_cent_and_no_further(
    active: JointProgramme, name: str, kind: str, word: str
) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    message = refusal(money_call(name, active.code, D("500.01"), day("2024-03-01")), "insufficient_balance")
    assert message == (
        "The organization holds 500.00 USD for this programme from 2024-03-01, "
        f"less than the 500.01 USD {word}."
    )
    entry = money_call(name, active.code, D("500.00"), day("2024-03-01"))()
    assert isinstance(entry, ProgrammeEntry)
    assert (entry.kind, entry.organization.acronym, entry.amount_usd, entry.date) == (
        kind,
        "IOM",
        D("500.00"),
        day("2024-03-01"),
    )


def test_a_focal_point_reports_for_their_own_organization_only(
    focal_point: User, active: JointProgramme
) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="UNHCR", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    with pytest.raises(PermissionDenied) as refused:
        actions.report_expenditure(
            actor=focal_point,
            code=active.code,
            organization="UNHCR",
            amount_usd=D("1.00"),
            date=day("2024-03-01"),
        )
    assert refused.value.message == (
        "Only focal points of UNHCR, fund managers or the secretariat may report its expenditure."
    )
    assert not ProgrammeEntry.objects.filter(kind="expenditure").exists()
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    entry = actions.report_expenditure(
        actor=focal_point, code=active.code, organization="IOM", amount_usd=D("1.00"), date=day("2024-03-01")
    )
    assert entry.recorded_by == focal_point


def test_someone_of_no_participating_organization_is_told_who_may_report(
    other_focal_point: User, active: JointProgramme
) -> None:
    with pytest.raises(PermissionDenied) as refused:
        actions.report_expenditure(
            actor=other_focal_point,
            code=active.code,
            organization="IOM",
            amount_usd=D("1.00"),
            date=day("2024-03-01"),
        )
    assert refused.value.message == (
        "Only focal points of the programme's organizations, fund managers or the secretariat may report "
        "its expenditure."
    )
    assert not ProgrammeEntry.objects.filter(kind="expenditure").exists()


@pytest.mark.parametrize("name", ["refund", "report_expenditure"])
def test_a_refund_or_expenditure_keeps_who_made_it_and_its_reference_and_note(
    fund_manager: User, active: JointProgramme, name: str
) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    action = getattr(actions, name)
    given = action(
        actor=fund_manager,
        code=active.code,
        organization="IOM",
        amount_usd=D("10.00"),
        date=day("2024-03-01"),
        reference="REF-" + "9" * 120,
        note="Unspent balance",
    )
    bare = action(
        actor=None, code=active.code, organization="IOM", amount_usd=D("10.00"), date=day("2024-03-01")
    )
    given.refresh_from_db()
    bare.refresh_from_db()
    assert (given.reference, given.note) == ("REF-" + "9" * 96, "Unspent balance")
    assert (bare.reference, bare.note) == ("", "")
    assert given.recorded_by == fund_manager
    assert LogEntry.objects.get_for_object(given).get().actor == fund_manager


def test_an_expenditure_report_for_a_programme_one_may_not_see_finds_no_programme(
    outsider: User, fund: Fund
) -> None:
    concept = make_programme(fund, title="Not yet public")
    with pytest.raises(NotFound) as hidden:
        actions.report_expenditure(
            actor=outsider,
            code=concept.code,
            organization="IOM",
            amount_usd=D("1.00"),
            date=day("2024-03-01"),
        )
    assert hidden.value.message == f"There is no joint programme {concept.code}."
    assert not ProgrammeEntry.objects.exists()
