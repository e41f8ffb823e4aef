"""Results test set-up: a fund framework and a programme framework reported on by IOM."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from conftest import PASSWORD
from django.contrib.auth.models import User
from django.test import Client

from gcmhub.reference.models import Organization
from gcmhub.results import actions
from gcmhub.results.models import Framework, Indicator, Report, Result

D = Decimal
TODAY = datetime.date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Persona passwords need no key stretching in tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fund_framework(db: None) -> Framework:
    return actions.new_framework(code="FUND", title="Fund results", kind=Framework.Kind.FUND, is_public=True)


@pytest.fixture
def programme_framework(db: None) -> Framework:
    return actions.new_framework(
        code="JP-1",
        title="Programme results",
        kind=Framework.Kind.PROGRAMME,
        is_public=True,
        organizations=[Organization.objects.get(acronym="IOM")],
    )


def outcome(framework: Framework, code: str = "1", **extra: Any) -> Result:
    return actions.add_result(
        actor=None,
        framework_code=framework.code,
        level="outcome",
        code=code,
        title=f"Outcome {code}",
        **extra,
    )


def output(parent: Result, code: str) -> Result:
    return actions.add_result(
        actor=None,
        framework_code=parent.framework.code,
        level="output",
        code=code,
        title=f"Output {code}",
        parent_id=parent.pk,
    )


def indicator(result: Result, code: str, value_type: str = "number", **data: Any) -> Indicator:
    return actions.add_indicator(
        actor=None, result_id=result.pk, code=code, title=f"Indicator {code}", value_type=value_type, **data
    )


def approved(ind: Indicator, period: str, **cell: Any) -> Report:
    """A report of the total for `period`, submitted and approved."""
    report = actions.save_report(
        actor=None, indicator_id=ind.pk, period=period, values=[{**cell}], submit=True, today=TODAY
    )
    return actions.approve_report(actor=None, report_id=report.pk)


# The `login` fixture: a client signed in as the given persona.
SignIn = Callable[[User], Client]


@pytest.fixture
def login() -> SignIn:
    def signed_in(user: User) -> Client:
        client = Client()
        assert client.login(username=user.username, password=PASSWORD)
        return client

    return signed_in
