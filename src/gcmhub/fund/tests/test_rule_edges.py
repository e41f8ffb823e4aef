"""The edges of the fund's money rules, on the rules themselves: an entry on the very day of the check, the
lowest later balance, amounts at the limits, today's date and the balance a refusal quotes."""

import datetime

import pytest
from django.utils import timezone

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.actions.rules import MAX_USD, check_amount, check_date, headroom, money, require_headroom
from gcmhub.fund.tests.conftest import D, day

JAN, FEB, MAR = day("2024-01-10"), day("2024-02-10"), day("2024-03-10")


def test_an_entry_on_the_day_of_the_check_counts() -> None:
    assert headroom([(JAN, D("100.00")), (FEB, D("-30.00"))], FEB) == D("70.00")


def test_entries_of_one_day_are_added_together() -> None:
    assert headroom([(JAN, D("100.00")), (JAN, D("-40.00")), (JAN, D("5.00"))], JAN) == D("65.00")


def test_the_headroom_is_the_lowest_balance_from_then_on() -> None:
    events = [(JAN, D("100.00")), (MAR, D("-80.00")), (day("2024-04-10"), D("50.00"))]
    assert headroom(events, FEB) == D("20.00")


def test_nothing_recorded_leaves_no_headroom() -> None:
    assert headroom([], FEB) == D("0")


def test_amounts_up_to_the_limit_in_whole_cents_are_taken() -> None:
    assert check_amount("0.01", "The transfer") == D("0.01")
    assert check_amount(D("99999999999999.99"), "The transfer") == D("99999999999999.99")
    assert check_amount(12, "The transfer") == D("12")


@pytest.mark.parametrize(
    ("amount", "code"),
    [(MAX_USD, "bad_amount"), ("0", "bad_amount"), ("0.001", "bad_amount"), ("twelve", "not_a_number")],
)
def test_amounts_at_the_limits_are_refused(amount: object, code: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_amount(amount, "The transfer")
    assert refused.value.code == code
    assert refused.value.message.startswith("The transfer ")


def test_today_is_a_date_the_books_take_and_tomorrow_is_not() -> None:
    today = timezone.localdate()
    assert check_date(today, "The transfer date") == today
    with pytest.raises(ValidationFailed) as refused:
        check_date(today + datetime.timedelta(days=1), "The transfer date")
    assert refused.value.code == "future_date"
    with pytest.raises(ValidationFailed) as not_a_date:
        check_date("2024-01-10", "The transfer date")
    assert not_a_date.value.code == "bad_date"


def test_money_is_written_with_thousands_and_cents() -> None:
    assert money(D("1234567.5")) == "1,234,567.50"


def test_an_amount_equal_to_the_headroom_is_taken() -> None:
    require_headroom([(JAN, D("100.00"))], FEB, D("100.00"), "%(available)s")


def test_a_refusal_quotes_the_headroom_never_below_zero() -> None:
    events = [(JAN, D("100.00")), (MAR, D("-150.00"))]
    with pytest.raises(ValidationFailed) as refused:
        require_headroom(events, FEB, D("1.00"), "%(available)s from %(date)s, %(amount)s asked")
    assert refused.value.message == "0.00 from 2024-02-10, 1.00 asked"
    assert refused.value.code == "insufficient_balance"
    with pytest.raises(ValidationFailed) as short:
        require_headroom([(JAN, D("100.00"))], FEB, D("100.01"), "%(available)s")
    assert short.value.message == "100.00"
