"""Fund test set-up: a published fund with the work plan's thematic areas, and programmes in any status."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth.models import User
from django.test import Client

from gcmhub.fund import actions
from gcmhub.fund.models import Contributor, Deposit, Fund, JointProgramme, ProgrammeStatus

D = Decimal


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Persona passwords need no key stretching in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fund(db: None) -> Fund:
    return actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )


@pytest.fixture
def contributor(db: None) -> Contributor:
    return actions.create_contributor(actor=None, name="Government of Testland", kind="government")


def deposit(
    fund: Fund, contributor: Contributor, amount: str, on: str, currency: str = "USD", rate: str = "1"
) -> Deposit:
    return actions.record_deposit(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        received_on=day(on),
        currency=currency,
        amount=D(amount),
        rate_to_usd=D(rate),
    )


def make_programme(
    fund: Fund,
    *,
    participants: tuple[tuple[str, str], ...] = (("IOM", "600000.00"), ("UNHCR", "400000.00")),
    title: str = "Safe pathways",
) -> JointProgramme:
    return actions.create_programme(
        actor=None,
        fund_code=fund.code,
        title=title,
        summary="A joint programme for testing.",
        level="national",
        countries=["MEX"],
        thematic_area=2,
        objectives=[7],
        secondary_objectives=[23],
        participants=[{"organization": acronym, "budget_usd": D(budget)} for acronym, budget in participants],
        start_date=day("2024-01-01"),
        end_date=day("2025-12-31"),
    )


def advance(programme: JointProgramme, to: str) -> JointProgramme:
    """Walk a programme along the pipeline to `to` (allocating 100 000 USD on the way to funded)."""
    path = [
        ProgrammeStatus.UNDER_REVIEW,
        ProgrammeStatus.APPROVED,
        ProgrammeStatus.FUNDED,
        ProgrammeStatus.ACTIVE,
        ProgrammeStatus.OPERATIONALLY_CLOSED,
    ]
    for status in path:
        programme.refresh_from_db()
        if programme.status == to:
            break
        if status == ProgrammeStatus.FUNDED:
            actions.allocate(
                actor=None, code=programme.code, amount_usd=D("100000.00"), date=day("2024-02-01")
            )
        else:
            actions.change_status(actor=None, code=programme.code, status=status, date=day("2024-01-20"))
    programme.refresh_from_db()
    return programme


# The `login` fixture: a client signed in as the given persona.
SignIn = Callable[[User], Client]


@pytest.fixture
def login() -> SignIn:
    def signed_in(user: User) -> Client:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return signed_in
