"""Money booked in another currency than US dollars: the exchange rate is required (only US dollars go at 1)
and checked against the last rate booked for that currency, so that a slip such as pounds sterling at 1 is
caught before it reaches the books. A rate beyond the tolerance (FUND_RATE_TOLERANCE_PERCENT) is booked only
when the person booking it confirms it."""

import datetime
import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.fund.actions.rules import check_amount, check_date
from gcmhub.fund.models import Commitment, Deposit, Fund
from gcmhub.fund.queries.access import access_fund_books
from gcmhub.fund.queries.statement import cents

CURRENCY = re.compile(r"^[A-Z]{3}$")
MAX_RATE = Decimal("100000")
EIGHT_DECIMALS = Decimal("1e-8")


@dataclass(frozen=True)
class PastRate:
    rate: Decimal
    date: datetime.date


@dataclass(frozen=True)
class Conversion:
    """An amount in its currency, its US dollar value, and the warning to confirm when the rate is far from
    the last one booked (empty when it is not)."""

    currency: str
    amount: Decimal
    rate_to_usd: Decimal
    amount_usd: Decimal
    past: PastRate | None = None
    warning: str = ""
    fee_usd: Decimal | None = None

    def fields(self) -> dict[str, Any]:
        return {
            "currency": self.currency,
            "amount": self.amount,
            "rate_to_usd": self.rate_to_usd,
            "amount_usd": self.amount_usd,
        }


def tolerance_percent() -> Decimal:
    return Decimal(settings.GCMHUB_FUND_RATE_TOLERANCE_PERCENT)


def past_rate(fund: Fund, currency: str, on: datetime.date) -> PastRate | None:
    """The rate of the fund's latest commitment or deposit in `currency` dated on or before `on` (else of the
    earliest after it). Reversed entries and reversals are left out: a reversed rate may be the mistake."""
    booked: list[tuple[datetime.date, datetime.datetime, Decimal]] = []
    for model, date_field in ((Deposit, "received_on"), (Commitment, "signed_on")):
        booked += model.objects.filter(
            fund=fund, currency=currency, reverses__isnull=True, reversed_by__isnull=True
        ).values_list(date_field, "recorded_at", "rate_to_usd")
    if not booked:
        return None
    earlier = [row for row in booked if row[0] <= on]
    date, _recorded, rate = max(earlier) if earlier else min(booked)
    return PastRate(rate=rate, date=date)


def _currency(value: Any) -> str:
    currency = str(value or "").strip().upper()
    if not CURRENCY.match(currency):
        raise ValidationFailed(
            _("Use a three-letter ISO 4217 currency code such as EUR."), code="bad_currency"
        )
    return currency


def _rate(fund: Fund, currency: str, value: Any) -> Decimal:
    """US dollars per unit: 1 for US dollars (and the default only for them), required for the others."""
    if value is None or str(value).strip() == "":
        if currency == fund.currency:
            return Decimal(1)
        raise ValidationFailed(
            _(
                "Give the exchange rate of %(currency)s to US dollars on the date: it is required for every "
                "currency but US dollars."
            )
            % {"currency": currency},
            code="rate_required",
        )
    try:
        rate = Decimal(str(value).strip())
    except ArithmeticError:
        raise ValidationFailed(_("The exchange rate must be a number."), code="bad_rate") from None
    if not rate.is_finite() or rate <= 0 or rate >= MAX_RATE or rate != rate.quantize(EIGHT_DECIMALS):
        raise ValidationFailed(
            _(
                "The exchange rate is US dollars per unit of the currency: above zero, "
                "at most eight decimals."
            ),
            code="bad_rate",
        )
    if currency == fund.currency and rate != 1:
        raise ValidationFailed(_("An amount in US dollars has an exchange rate of 1."), code="bad_rate")
    return rate


def _warning(currency: str, rate: Decimal, past: PastRate) -> str:
    """The warning to confirm when `rate` is further from the past rate than the tolerance, else ''."""
    distance = abs(rate - past.rate) / past.rate * 100
    if distance <= tolerance_percent():
        return ""
    return _(
        "The exchange rate %(rate)s is %(distance)s%% away from %(past)s, the rate booked for %(currency)s "
        "on %(date)s (the tolerance is %(tolerance)s%%). Check it; if it is right, confirm it to book it."
    ) % {
        "rate": format(rate.normalize(), "f"),
        "distance": format(distance.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), "f"),
        "past": format(past.rate.normalize(), "f"),
        "currency": currency,
        "date": past.date.isoformat(),
        "tolerance": format(tolerance_percent().normalize(), "f"),
    }


def convert(fund: Fund, currency: Any, amount: Any, rate_to_usd: Any, on: datetime.date) -> Conversion:
    """Check the currency, amount and rate of money dated `on`; the US dollar value and any rate warning."""
    code = _currency(currency)
    value = check_amount(amount, _("The amount"))
    rate = _rate(fund, code, rate_to_usd)
    past = past_rate(fund, code, on) if code != fund.currency else None
    return Conversion(
        currency=code,
        amount=value,
        rate_to_usd=rate,
        amount_usd=cents(value * rate),
        past=past,
        warning=_warning(code, rate, past) if past else "",
    )


def require_plausible_rate(conversion: Conversion, confirm_rate: bool) -> None:
    if conversion.warning and not confirm_rate:
        raise ValidationFailed(conversion.warning, code="implausible_rate")


def preview_money_in(
    *,
    actor: Actor,
    code: str,
    currency: Any,
    amount: Any,
    rate_to_usd: Any,
    on: datetime.date,
    with_fee: bool,
) -> Conversion:
    """What a commitment or deposit would book, shown before it is saved; writes nothing."""
    fund = access_fund_books(actor, code)
    conversion = convert(fund, currency, amount, rate_to_usd, check_date(on, _("The date")))
    if not with_fee:
        return conversion
    return replace(conversion, fee_usd=cents(conversion.amount_usd * fund.admin_fee_rate))
