"""The statement of sources and uses on a known set of entries: exact figures, as-of dates, the 1% fee,
delivery rates, and drill-down entries that add up to each figure."""

from decimal import Decimal

import pytest

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.tests.typed import present
from gcmhub.fund import actions, queries
from gcmhub.fund.models import Contributor, Fund, JointProgramme
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme
from gcmhub.reference.models import Organization


@pytest.fixture
def books(fund: Fund, contributor: Contributor) -> JointProgramme:
    """Known entries: two deposits (one in EUR), interest, a direct cost, a bank charge, one programme with
    an allocation, transfers to IOM and UNHCR, IOM expenditure and a UNHCR refund."""
    other = actions.create_contributor(actor=None, name="Testing Foundation", kind="foundation")
    deposit(fund, contributor, "1000000.00", "2024-01-10")
    deposit(fund, other, "500000.00", "2024-03-05", currency="EUR", rate="1.08")  # 540 000.00 USD
    actions.record_fund_entry(
        actor=None, code=fund.code, kind="interest", date=day("2024-03-31"), amount_usd=D("1234.56")
    )
    actions.record_fund_entry(
        actor=None, code=fund.code, kind="direct_cost", date=day("2024-04-01"), amount_usd=D("20000.00")
    )
    actions.record_fund_entry(
        actor=None, code=fund.code, kind="bank_charge", date=day("2024-04-02"), amount_usd=D("15.50")
    )
    programme = advance(make_programme(fund), "active")  # allocates 100 000.00 on 2024-02-01
    code = programme.code
    actions.transfer(
        actor=None, code=code, organization="IOM", amount_usd=D("60000.00"), date=day("2024-02-10")
    )
    actions.transfer(
        actor=None, code=code, organization="UNHCR", amount_usd=D("40000.00"), date=day("2024-02-10")
    )
    actions.report_expenditure(
        actor=None, code=code, organization="IOM", amount_usd=D("45000.00"), date=day("2024-06-30")
    )
    actions.report_expenditure(
        actor=None, code=code, organization="UNHCR", amount_usd=D("30000.00"), date=day("2024-06-30")
    )
    actions.refund(
        actor=None, code=code, organization="UNHCR", amount_usd=D("10000.00"), date=day("2024-07-15")
    )
    return programme


def test_it_states_sources_and_uses_exactly(fund: Fund, books: JointProgramme) -> None:
    s = queries.statement(fund, day("2024-12-31"))
    assert s.line("contributions") == D("1540000.00")
    assert s.line("interest") == D("1234.56")
    assert s.total_sources == D("1541234.56")
    assert s.line("transfers") == D("100000.00")
    assert s.line("refunds") == D("10000.00")
    assert s.line("admin_fee") == D("15400.00")  # 1% of each deposit as it arrived
    assert s.line("direct_costs") == D("20000.00")
    assert s.line("bank_charges") == D("15.50")
    assert s.total_uses == D("125415.50")  # 100 000 - 10 000 + 15 400 + 20 000 + 15.50
    assert s.balance == D("1415819.06")
    assert s.net_funded == D("90000.00")
    assert s.allocations == D("100000.00")
    assert s.available == D("1415819.06")  # everything allocated has been transferred
    assert all(isinstance(line.amount, Decimal) for line in s.sources + s.uses)


def test_it_gives_each_participating_organization_its_figures(fund: Fund, books: JointProgramme) -> None:
    rows = {
        present(row.organization).acronym: row
        for row in queries.statement(fund, day("2024-12-31")).organizations
    }
    iom, unhcr = rows["IOM"], rows["UNHCR"]
    assert (iom.approved, iom.transfers, iom.refunds, iom.expenditure) == (
        D("600000.00"),
        D("60000.00"),
        D("0.00"),
        D("45000.00"),
    )
    assert iom.balance == D("15000.00")
    assert iom.delivery_rate == D("0.7500")
    assert (unhcr.transfers, unhcr.refunds, unhcr.expenditure, unhcr.balance) == (
        D("40000.00"),
        D("10000.00"),
        D("30000.00"),
        D("0.00"),
    )
    assert unhcr.delivery_rate == D("0.7500")


def test_it_answers_as_of_any_past_date(fund: Fund, books: JointProgramme) -> None:
    before = queries.statement(fund, day("2024-01-09"))
    assert before.total_sources == D("0.00") and before.balance == D("0.00") and before.organizations == []
    first = queries.statement(fund, day("2024-01-10"))
    assert first.line("contributions") == D("1000000.00")
    assert first.line("admin_fee") == D("10000.00")
    assert first.balance == D("990000.00")
    february = queries.statement(fund, day("2024-02-10"))
    assert february.allocations == D("100000.00")
    assert february.line("transfers") == D("100000.00")
    assert february.balance == D("890000.00")
    assert february.line("refunds") == D("0.00")


def test_each_figure_drills_down_to_entries_that_add_up(fund: Fund, books: JointProgramme) -> None:
    s = queries.statement(fund, day("2024-12-31"))
    for line in s.sources + s.uses:
        entries = queries.entries_for(fund, line.key, day("2024-12-31"))
        assert sum((e.amount for e in entries), D("0")) == line.amount, line.key
    fees = queries.entries_for(fund, "admin_fee", day("2024-12-31"))
    assert [e.amount for e in fees] == [D("10000.00"), D("5400.00")]
    iom = Organization.objects.get(acronym="IOM")
    spent = queries.entries_for(fund, "expenditure", day("2024-12-31"), organization=iom)
    assert [e.amount for e in spent] == [D("45000.00")]
    assert queries.entries_for(fund, "transfers", day("2024-02-09")) == []


def test_it_refuses_an_unknown_line(fund: Fund, books: JointProgramme) -> None:
    with pytest.raises(ValidationFailed):
        queries.entries_for(fund, "everything", day("2024-12-31"))


def test_it_converts_currencies_at_the_recorded_rate(fund: Fund, contributor: Contributor) -> None:
    made = deposit(fund, contributor, "333.33", "2024-05-01", currency="SEK", rate="0.0955")
    assert made.amount_usd == D("31.83")  # 31.833015 rounded half up to cents
    assert made.fee_usd == D("0.32")
    assert made.rate_to_usd == D("0.0955") and made.currency == "SEK"


def test_programme_finance_shows_budget_allocation_and_rates(fund: Fund, books: JointProgramme) -> None:
    finance = queries.programme_finance(books, day("2024-12-31"))
    assert finance.budget == D("1000000.00")
    assert finance.allocated == D("100000.00")
    assert finance.unallocated_budget == D("900000.00")
    assert finance.totals.transfers == D("100000.00")
    assert finance.totals.expenditure == D("75000.00")
    assert finance.totals.delivery_rate == D("0.7500")
    assert finance.untransferred_allocation == D("0.00")
