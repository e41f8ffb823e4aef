"""Corrections: an entry is never edited or deleted; a fund manager reverses it with a reason, which books a
linked entry of opposite amount. An entry is reversed once, a reversal never; a reversal that would break a
money rule is refused and writes nothing. Statements as of any date show the original before the reversal's
date and both, netting to zero, from it on; the drill-down shows the link and the reason."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.fund import actions, queries
from gcmhub.fund.models import Contributor, Deposit, Fund, FundEntry, JointProgramme, ProgrammeEntry
from gcmhub.fund.queries.reversals import entry_type_of
from gcmhub.fund.tests.conftest import D, SignIn, advance, day, deposit, make_programme
from gcmhub.fund.tests.test_api import API, call, state
from gcmhub.fund.tests.test_rules import refused, snapshot

REASON = "Booked twice by mistake"


def undo(entry: Any, *, on: str = "2024-06-01", reason: str = REASON, actor: Any = None) -> Any:
    fund_code = entry.programme.fund.code if hasattr(entry, "programme") else entry.fund.code
    return actions.reverse_entry(
        actor=actor,
        code=fund_code,
        entry_type=entry_type_of(entry),
        entry_id=entry.pk,
        reason=reason,
        date=day(on),
    )


@pytest.fixture
def active(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "150000.00", "2024-01-10")  # 148 500.00 available after the 1% fee
    return advance(make_programme(fund), "active")  # 100 000.00 allocated on 2024-02-01


@pytest.fixture
def euros(fund: Fund, contributor: Contributor, active: JointProgramme) -> Deposit:
    return deposit(fund, contributor, "20000.00", "2024-03-01", currency="EUR", rate="1.1")


def test_a_reversal_is_a_linked_entry_of_opposite_amount(
    fund: Fund, euros: Deposit, fund_manager: User
) -> None:
    reversal = undo(euros, actor=fund_manager)
    assert reversal.reverses == euros and reversal.reversal_reason == REASON
    assert (reversal.amount, reversal.amount_usd, reversal.fee_usd) == (
        D("-20000.00"),
        D("-22000.00"),
        D("-220.00"),
    )
    assert (reversal.currency, reversal.rate_to_usd, reversal.received_on) == (
        "EUR",
        D("1.1"),
        day("2024-06-01"),
    )
    assert reversal.contributor == euros.contributor and reversal.recorded_by == fund_manager
    euros.refresh_from_db()
    assert euros.amount_usd == D("22000.00")  # the original is never changed
    (logged,) = LogEntry.objects.get_for_object(reversal)
    assert logged.actor == fund_manager and REASON in str(logged.changes)


def test_statements_show_the_original_before_the_reversal_and_both_after(fund: Fund, euros: Deposit) -> None:
    undo(euros, on="2024-06-01")
    before = queries.statement(fund, day("2024-05-31"))
    after = queries.statement(fund, day("2024-06-01"))
    assert before.line("contributions") == D("172000.00") and before.line("admin_fee") == D("1720.00")
    assert after.line("contributions") == D("150000.00") and after.line("admin_fee") == D("1500.00")
    (_first, original) = queries.entries_for(fund, "contributions", day("2024-05-31"))
    assert original.reversed_by_id is not None and original.reversed_on is None  # not yet, as of then
    rows = queries.entries_for(fund, "contributions", day("2024-06-01"))
    original, reversal = rows[1], rows[2]
    assert original.amount + reversal.amount == 0
    assert (original.reversed_on, original.reason) == (day("2024-06-01"), REASON)
    assert (reversal.reverses_id, reversal.reverses_date, reversal.reason) == (
        original.entry_id,
        day("2024-03-01"),
        REASON,
    )
    assert not original.reversible and not reversal.reversible and rows[0].reversible


def reverse_each_kind(fund: Any, contributor: Any, programme: Any) -> None:
    """Book one entry of every kind, then reverse them all, latest first."""
    transfer = actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("30000.00"), date=day("2024-02-05")
    )
    spent = actions.report_expenditure(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("5000.00"), date=day("2024-03-01")
    )
    refund = actions.refund(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("1000.00"), date=day("2024-03-02")
    )
    interest = actions.record_fund_entry(
        actor=None, code=fund.code, kind="interest", date=day("2024-03-03"), amount_usd=D("700.00")
    )
    cost = actions.record_fund_entry(
        actor=None, code=fund.code, kind="direct_cost", date=day("2024-03-04"), amount_usd=D("300.00")
    )
    commitment = actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day("2024-03-05"),
        currency="USD",
        amount=D("90000.00"),
    )
    for entry in (cost, interest, refund, spent, transfer, programme.allocations.get(), commitment):
        undo(entry)


def test_every_kind_of_entry_can_be_reversed(
    fund: Fund, contributor: Contributor, active: JointProgramme
) -> None:
    before = queries.statement(fund, day("2024-01-31"))
    reverse_each_kind(fund, contributor, active)
    after = queries.statement(fund, day("2024-06-01"))
    for key in ("contributions", "interest", "transfers", "refunds", "admin_fee", "direct_costs"):
        assert after.line(key) == before.line(key), key
    assert (after.commitments, after.allocations, after.available) == (
        before.commitments,
        before.allocations,
        before.available,
    )
    assert all(row.expenditure == 0 and row.balance == 0 for row in after.organizations)
    assert ProgrammeEntry.objects.filter(reverses__isnull=False).count() == 3


def test_an_entry_is_reversed_only_once_and_a_reversal_never(fund: Fund, euros: Deposit) -> None:
    reversal = undo(euros)
    refused(lambda: undo(euros, on="2024-06-02"), "already_reversed")
    error = refused(lambda: undo(reversal, on="2024-06-02"), "is_reversal")
    assert "new, correct entry" in error.message


@pytest.mark.parametrize(
    ("reason", "on", "code"),
    [
        ("", "2024-06-01", "required"),
        ("   ", "2024-06-01", "required"),
        ("x" * 2001, "2024-06-01", "too_long"),
        (REASON, "2024-02-29", "before_original"),
        (REASON, "2999-01-01", "future_date"),
    ],
)
def test_it_needs_a_reason_and_a_sensible_date(
    fund: Fund, euros: Deposit, reason: str, on: str, code: str
) -> None:
    refused(lambda: undo(euros, reason=reason, on=on), code)


def test_it_refuses_to_take_back_a_deposit_already_allocated(
    fund: Fund, contributor: Contributor, active: JointProgramme
) -> None:
    first = Deposit.objects.get()
    error = refused(lambda: undo(first), "insufficient_balance")
    assert "48,500.00" in error.message  # 148 500 available, 100 000 allocated


def test_it_refuses_to_reverse_an_allocation_already_transferred(fund: Fund, active: JointProgramme) -> None:
    actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("1.00"), date=day("2024-02-05")
    )
    refused(lambda: undo(active.allocations.get()), "insufficient_balance")


def test_it_refuses_to_reverse_a_transfer_already_spent(fund: Fund, active: JointProgramme) -> None:
    transfer = actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    actions.report_expenditure(
        actor=None, code=active.code, organization="IOM", amount_usd=D("0.01"), date=day("2024-05-01")
    )
    refused(lambda: undo(transfer), "insufficient_balance")


def test_it_refuses_to_reverse_interest_already_allocated(fund: Fund, contributor: Contributor) -> None:
    interest = actions.record_fund_entry(
        actor=None, code=fund.code, kind="interest", date=day("2024-01-05"), amount_usd=D("1000.00")
    )
    programme = advance(make_programme(fund), "approved")
    actions.allocate(actor=None, code=programme.code, amount_usd=D("600.00"), date=day("2024-02-01"))
    refused(lambda: undo(interest), "insufficient_balance")


def test_it_refuses_to_reverse_a_commitment_with_deposits(fund: Fund, contributor: Contributor) -> None:
    commitment = actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day("2024-01-01"),
        currency="USD",
        amount=D("1000.00"),
    )
    paid = actions.record_deposit(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        received_on=day("2024-01-05"),
        currency="USD",
        amount=D("400.00"),
        commitment_id=commitment.pk,
    )
    refused(lambda: undo(commitment), "has_deposits")
    undo(paid)
    undo(commitment)
    refused(
        lambda: actions.record_deposit(
            actor=None,
            code=fund.code,
            contributor_id=contributor.pk,
            received_on=day("2024-06-02"),
            currency="USD",
            amount=D("1.00"),
            commitment_id=commitment.pk,
        ),
        "bad_commitment",
    )


def test_it_follows_the_status_rules_of_the_kind_of_entry(fund: Fund, active: JointProgramme) -> None:
    actions.change_status(actor=None, code=active.code, status="operationally_closed", date=day("2024-05-01"))
    refused(lambda: undo(active.allocations.get()), "bad_status")


def test_it_refuses_outsiders_and_unknown_entries(
    fund: Fund, euros: Deposit, outsider: User, focal_point: User
) -> None:
    other = actions.create_fund(actor=None, code="OTHER", name="Another fund", is_published=True)
    before = snapshot()
    for persona in (outsider, focal_point):
        with pytest.raises(PermissionDenied):
            undo(euros, actor=persona)
    for code, entry_type, entry_id in (
        (other.code, "deposit", euros.pk),
        (fund.code, "deposit", 999999),
        (fund.code, "nonsense", euros.pk),
    ):
        with pytest.raises(NotFound):
            actions.reverse_entry(
                actor=None, code=code, entry_type=entry_type, entry_id=entry_id, reason=REASON
            )
    assert snapshot() == before


# Pages


def reverse_url(fund: Any, entry: Any) -> str:
    return reverse("fund:entry_reverse", args=[fund.code, entry_type_of(entry), entry.pk])


def test_a_fund_manager_reverses_from_the_drill_down(
    login: SignIn, fund: Fund, euros: Deposit, fund_manager: User
) -> None:
    client = login(fund_manager)
    drill_down = reverse("fund:entries", args=[fund.code]) + "?line=contributions"
    assert reverse_url(fund, euros) in client.get(drill_down).content.decode()
    form = client.get(reverse_url(fund, euros))
    assert form.status_code == 200 and "22,000.00 USD" in form.content.decode()
    before = state()
    assert client.post(reverse_url(fund, euros), {"reason": ""}).status_code == 422
    assert state() == before
    done = client.post(reverse_url(fund, euros), {"reason": REASON, "date": "2024-06-01"})
    assert done.status_code == 302 and "line=contributions&as_of=2024-06-01" in done["Location"]
    page = client.get(done["Location"]).content.decode()
    assert "Reverses the entry of 2024-03-01" in page and "Reversed on 2024-06-01" in page and REASON in page
    assert reverse_url(fund, euros) not in page  # reversed: no button any more
    again = client.post(reverse_url(fund, euros), {"reason": REASON})
    assert again.status_code == 422 and "already been reversed" in again.content.decode()


def test_the_public_sees_the_link_but_no_button(fund: Fund, euros: Deposit) -> None:
    undo(euros)
    page = Client().get(reverse("fund:entries", args=[fund.code]) + "?line=contributions").content.decode()
    assert "Reversed on 2024-06-01" in page and REASON in page
    assert "/reverse/" not in page


@pytest.mark.parametrize("persona", ["outsider", "focal_point"])
def test_others_cannot_reverse_on_the_page(
    request: pytest.FixtureRequest, login: SignIn, fund: Fund, euros: Deposit, persona: str
) -> None:
    client = login(request.getfixturevalue(persona))
    before = state()
    for method in ("get", "post"):
        response = getattr(client, method)(reverse_url(fund, euros), {"reason": REASON})
        assert response.status_code in (403, 404), (method, response.status_code)
    assert state() == before


def test_anonymous_visitors_are_sent_to_sign_in(fund: Fund, euros: Deposit) -> None:
    response = Client().post(reverse_url(fund, euros), {"reason": REASON})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Deposit.objects.filter(reverses__isnull=False).exists()


# API


def reversal_path(fund: Any, entry: Any) -> str:
    return f"/funds/{fund.code}/ledger/{entry_type_of(entry)}/{entry.pk}/reversal"


def test_a_fund_manager_reverses_through_the_api(
    login: SignIn, fund: Fund, active: JointProgramme, fund_manager: User
) -> None:
    transfer = actions.transfer(
        actor=None, code=active.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    client = login(fund_manager)
    made = call(client, "post", reversal_path(fund, transfer), {"reason": REASON, "date": "2024-06-01"})
    assert made.status_code == 201, made.content
    assert made.json() == {
        "entry_type": "programme_entry",
        "id": made.json()["id"],
        "reverses": transfer.pk,
        "date": "2024-06-01",
        "amount_usd": "-50000.00",
        "reason": REASON,
    }
    before = state()
    again = call(client, "post", reversal_path(fund, transfer), {"reason": REASON})
    assert again.status_code == 422 and again.json()["type"] == "about:blank#already_reversed"
    missing = call(client, "post", reversal_path(fund, active.allocations.get()), {})
    assert missing.status_code == 422
    assert (
        call(
            client, "post", f"/funds/{fund.code}/ledger/deposit/99999999/reversal", {"reason": "x"}
        ).status_code
        == 404
    )
    assert state() == before
    entries = (
        Client().get(f"{API}/funds/{fund.code}/statement/entries?line=transfers&as_of=2024-06-01").json()
    )
    original, reversal = entries["items"]
    assert (original["reversed_by"], original["reversed_on"], original["reversal_reason"]) == (
        made.json()["id"],
        "2024-06-01",
        REASON,
    )
    assert (reversal["reverses"], reversal["amount"]) == (transfer.pk, "-50000.00")


@pytest.mark.parametrize("persona", ["outsider", "focal_point"])
def test_others_cannot_reverse_through_the_api(
    request: pytest.FixtureRequest, login: SignIn, fund: Fund, euros: Deposit, persona: str
) -> None:
    client = login(request.getfixturevalue(persona))
    before = state()
    response = call(client, "post", reversal_path(fund, euros), {"reason": REASON})
    assert response.status_code == 403, response.content
    anonymous = call(Client(), "post", reversal_path(fund, euros), {"reason": REASON})
    assert anonymous.status_code == 401
    assert state() == before


def test_reversals_keep_the_fund_entries_visible_in_the_books(
    login: SignIn, fund: Fund, euros: Deposit, fund_manager: User
) -> None:
    interest = actions.record_fund_entry(
        actor=None, code=fund.code, kind="interest", date=day("2024-03-03"), amount_usd=D("700.00")
    )
    undo(interest)
    undo(euros)
    page = login(fund_manager).get(reverse("fund:books", args=[fund.code])).content.decode()
    assert page.count("Reversed on") == 2 and page.count(REASON) == 4
    assert FundEntry.objects.filter(reverses=interest).get().amount_usd == D("-700.00")
