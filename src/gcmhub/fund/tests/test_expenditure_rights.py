"""Who may report a programme's expenditure: the focal points of its participating organizations, fund
managers and the secretariat; nobody else is offered the form or may report it."""

from typing import Any

import pytest
from auditlog.models import LogEntry

from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.fund import actions
from gcmhub.fund.actions.money import may_report_expenditure
from gcmhub.fund.models import Contributor, Fund, JointProgramme, ProgrammeEntry
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme


@pytest.fixture
def active(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "150000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")  # IOM and UNHCR take part
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("500.00"), date=day("2024-02-05")
    )
    return programme


def test_a_focal_point_of_a_participant_may_report(focal_point: Any, active: JointProgramme) -> None:
    assert may_report_expenditure(focal_point, active) is True


def test_fund_managers_and_the_secretariat_may_report(
    fund_manager: Any, secretariat: Any, active: JointProgramme
) -> None:
    assert may_report_expenditure(fund_manager, active) is True
    assert may_report_expenditure(secretariat, active) is True


def test_others_may_not(other_focal_point: Any, outsider: Any, active: JointProgramme) -> None:
    assert may_report_expenditure(other_focal_point, active) is False
    assert may_report_expenditure(outsider, active) is False


def test_an_outsiders_report_is_refused_and_writes_nothing(outsider: Any, active: JointProgramme) -> None:
    before = ProgrammeEntry.objects.count()
    with pytest.raises(PermissionDenied):
        actions.report_expenditure(
            actor=outsider, code=active.code, organization="IOM", amount_usd=D("1.00"), date=day("2024-03-01")
        )
    assert ProgrammeEntry.objects.count() == before


def test_a_refund_lowers_what_the_organization_may_still_spend(active: JointProgramme) -> None:
    actions.refund(
        actor=None, code=active.code, organization="IOM", amount_usd=D("200.00"), date=day("2024-03-01")
    )
    with pytest.raises(ValidationFailed) as refused:
        actions.report_expenditure(
            actor=None, code=active.code, organization="IOM", amount_usd=D("300.01"), date=day("2024-03-02")
        )
    assert refused.value.code == "insufficient_balance"
    spent = actions.report_expenditure(
        actor=None, code=active.code, organization="IOM", amount_usd=D("300.00"), date=day("2024-03-02")
    )
    assert spent.amount_usd == D("300.00")


def test_an_entry_records_who_made_it(fund_manager: Any, active: JointProgramme) -> None:
    entry = actions.transfer(
        actor=fund_manager, code=active.code, organization="IOM", amount_usd=D("1.00"), date=day("2024-03-01")
    )
    assert entry.recorded_by == fund_manager
    assert (entry.reference, entry.note) == ("", "")  # none given
    assert LogEntry.objects.get_for_object(entry).get().actor == fund_manager


def test_an_entry_keeps_its_reference_cut_to_the_column_and_its_note(active: JointProgramme) -> None:
    entry = actions.transfer(
        actor=None,
        code=active.code,
        organization="IOM",
        amount_usd=D("1.00"),
        date=day("2024-03-01"),
        reference="TR-" + "7" * 120,
        note="First tranche",
    )
    entry.refresh_from_db()
    assert entry.reference == "TR-" + "7" * 97
    assert entry.note == "First tranche"
