"""Two requests racing for the same money: real parallel HTTP requests against a live server on PostgreSQL.
Exactly one succeeds and no balance goes negative, because the actions lock the fund and programme rows.
Transfers and refunds also queue behind any write to the fund's balance (they lock the fund row first)."""

import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from pytest_django.live_server_helper import LiveServer

from gcmhub.accounts.actions import create_api_token
from gcmhub.core.tests.typed import present
from gcmhub.fund import actions, queries
from gcmhub.fund.models import Allocation, Contributor, Deposit, Fund, ProgrammeEntry
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme
from gcmhub.reference.models import Organization
from gcmhub.results.dimensions import ensure_default_dimensions
from gcmhub.results.models import Category, Dimension

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def restore_shared_data() -> None:
    """Transactional tests empty every table when they end; put back what the session loaded."""
    if Organization.objects.exists():
        return
    call_command("load_reference", verbosity=0)
    call_command("import_workplan", str(settings.GCMHUB_WORKPLAN_FILE), verbosity=0)
    ensure_default_dimensions(Dimension, Category)


@pytest.fixture(scope="module", autouse=True)
def _restore_after_module(django_db_setup: None, django_db_blocker: Any) -> Any:
    """For the tests that run after this module."""
    yield
    with django_db_blocker.unblock():
        restore_shared_data()


@pytest.fixture(autouse=True)
def _restore_before_test(django_db_setup: None, django_db_blocker: Any) -> None:
    """For each test here after the first."""
    with django_db_blocker.unblock():
        restore_shared_data()


def post_all(url: str, token: str, bodies: list[tuple[str, dict[str, Any]]]) -> list[int]:
    """POST every body at the same moment (a barrier releases the threads together); the status codes."""
    barrier = threading.Barrier(len(bodies))

    def send(item: tuple[str, dict[str, Any]]) -> int:
        path, body = item
        request = urllib.request.Request(
            url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status: int = response.status
                return status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return sorted(pool.map(send, bodies))


def test_two_allocations_cannot_both_take_the_same_balance(
    live_server: LiveServer, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    deposit(fund, contributor, "100000.00", "2024-01-10")  # 99 000.00 available after the fee
    first = advance(make_programme(fund, title="First"), "approved")
    second = advance(make_programme(fund, title="Second"), "approved")
    token = create_api_token(actor=fund_manager, name="race")[1]
    body = {"amount_usd": "60000.00", "date": "2024-02-01"}
    statuses = post_all(
        live_server.url,
        token,
        [(f"/api/v1/fund/programmes/{p.code}/allocations", body) for p in (first, second)],
    )
    assert statuses == [201, 422]
    assert Allocation.objects.count() == 1
    statement = queries.statement(fund)
    assert statement.allocations == D("60000.00")
    assert statement.available == D("39000.00")


def test_two_expenditure_reports_cannot_both_spend_the_same_transfer(
    live_server: LiveServer, fund: Fund, contributor: Contributor, focal_point: User, fund_manager: User
) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")  # 100 000.00 allocated
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    token = create_api_token(actor=focal_point, name="race")[1]
    body = {"organization": "IOM", "amount_usd": "30000.00", "date": "2024-06-30"}
    path = f"/api/v1/fund/programmes/{programme.code}/expenditures"
    statuses = post_all(live_server.url, token, [(path, body), (path, body)])
    assert statuses == [201, 422]
    assert ProgrammeEntry.objects.filter(kind=ProgrammeEntry.Kind.EXPENDITURE).count() == 1
    (iom,) = [
        r
        for r in queries.programme_finance(programme).organizations
        if present(r.organization).acronym == "IOM"
    ]
    assert iom.balance == D("20000.00")
    assert iom.balance >= 0


def test_two_reversals_of_the_same_entry_cannot_both_be_booked(
    live_server: LiveServer, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    deposit(fund, contributor, "100000.00", "2024-01-10")
    mistaken = deposit(fund, contributor, "5000.00", "2024-01-11")
    token = create_api_token(actor=fund_manager, name="race")[1]
    path = f"/api/v1/fund/funds/{fund.code}/ledger/deposit/{mistaken.pk}/reversal"
    body = {"reason": "Booked twice", "date": "2024-02-01"}
    statuses = post_all(live_server.url, token, [(path, body), (path, body)])
    assert statuses == [201, 422]
    assert Deposit.objects.filter(reverses=mistaken).count() == 1
    statement = queries.statement(fund)
    assert statement.line("contributions") == D("100000.00")
    assert statement.line("admin_fee") == D("1000.00")


def test_two_transfers_cannot_both_take_the_same_allocation(
    live_server: LiveServer, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")  # 100 000.00 allocated
    token = create_api_token(actor=fund_manager, name="race")[1]
    path = f"/api/v1/fund/programmes/{programme.code}/transfers"
    # Four at once (more chances to overlap), to both organizations, each well within its budget: only the
    # allocation stops the others.
    bodies = [
        (path, {"organization": acronym, "amount_usd": "60000.00", "date": "2024-02-05"})
        for acronym in ("IOM", "UNHCR", "IOM", "UNHCR")
    ]
    statuses = post_all(live_server.url, token, bodies)
    assert statuses == [201, 422, 422, 422]
    assert ProgrammeEntry.objects.filter(kind=ProgrammeEntry.Kind.TRANSFER).count() == 1
    finance = queries.programme_finance(programme)
    assert finance.totals.transfers == D("60000.00")
    assert finance.untransferred_allocation == D("40000.00")


def test_two_refunds_cannot_both_return_the_same_holding(
    live_server: LiveServer, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    token = create_api_token(actor=fund_manager, name="race")[1]
    body = {"organization": "IOM", "amount_usd": "30000.00", "date": "2024-06-30"}
    path = f"/api/v1/fund/programmes/{programme.code}/refunds"
    statuses = post_all(live_server.url, token, [(path, body)] * 4)  # four at once: more chances to overlap
    assert statuses == [201, 422, 422, 422]
    assert ProgrammeEntry.objects.filter(kind=ProgrammeEntry.Kind.REFUND).count() == 1
    (iom,) = [
        r
        for r in queries.programme_finance(programme).organizations
        if present(r.organization).acronym == "IOM"
    ]
    assert (iom.refunds, iom.balance) == (D("30000.00"), D("20000.00"))
    assert queries.statement(fund).line("refunds") == D("30000.00")


def in_another_connection(work: Callable[[], object]) -> BaseException | None:
    """Run `work` in a thread of its own (so a connection of its own) that gives up on the first row lock it
    would wait for; the error it ended with, or None."""

    def attempt() -> BaseException | None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '1ms'")  # a held lock is reported, not waited for
            work()
            return None
        except Exception as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(attempt).result()


def table_waited_for(error: BaseException | None) -> str:
    """The table of the row whose lock `error` gave up on ("" when it is not a lock timeout)."""
    cause = getattr(error, "__cause__", None)
    if not isinstance(cause, psycopg.errors.LockNotAvailable):
        return ""
    found = re.search(r'relation "(\w+)"', cause.diag.context or "")
    return found.group(1) if found else ""


@pytest.mark.parametrize("move", [actions.transfer, actions.refund], ids=["transfer", "refund"])
def test_a_transfer_or_refund_waits_for_a_write_to_the_funds_balance(
    move: Callable[..., ProgrammeEntry], fund: Fund, contributor: Contributor
) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    entries = ProgrammeEntry.objects.filter(amount_usd=D("1000.00"))

    def book() -> None:
        move(
            actor=None,
            code=programme.code,
            organization="IOM",
            amount_usd=D("1000.00"),
            date=day("2024-03-01"),
        )

    with transaction.atomic():
        deposit(fund, contributor, "5000.00", "2024-03-01")  # holds the fund row until this block ends
        while_depositing = in_another_connection(book)
    assert table_waited_for(while_depositing) == Fund._meta.db_table
    assert not entries.exists()

    assert in_another_connection(book) is None  # once the deposit is in, it goes through
    assert entries.count() == 1
