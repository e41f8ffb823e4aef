"""Exchange rates: required for every currency but US dollars (always 1), and a rate far from the last one
booked for its currency is refused unless confirmed. The rules are in the actions, so the page, the API and
the command line all refuse alike; the page shows the value in US dollars before anything is saved."""

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from pytest_django import Settings

from gcmhub.fund import actions
from gcmhub.fund.models import Commitment, Contributor, Deposit, Fund
from gcmhub.fund.tests.conftest import D, SignIn, day
from gcmhub.fund.tests.test_api import API, call, state
from gcmhub.fund.tests.test_rules import refused


def book(
    fund: Fund,
    contributor: Any,
    rate: Any,
    on: str = "2024-03-01",
    currency: str = "GBP",
    confirm: bool = False,
) -> Deposit:
    return actions.record_deposit(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        received_on=day(on),
        currency=currency,
        amount=D("500000.00"),
        rate_to_usd=rate,
        confirm_rate=confirm,
    )


def commit(fund: Fund, contributor: Any, rate: Any, on: str, confirm: bool = False) -> Commitment:
    return actions.record_commitment(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        signed_on=day(on),
        currency="GBP",
        amount=D("500000.00"),
        rate_to_usd=rate,
        confirm_rate=confirm,
    )


@pytest.mark.parametrize("rate", [None, "", " "])
def test_a_currency_other_than_us_dollars_needs_its_rate(
    fund: Fund, contributor: Contributor, rate: str | None
) -> None:
    error = refused(lambda: book(fund, contributor, rate), "rate_required")
    assert "GBP" in error.message
    refused(lambda: commit(fund, contributor, rate, "2024-03-01"), "rate_required")


def test_us_dollars_go_at_one_without_a_rate(fund: Fund, contributor: Contributor) -> None:
    deposit = book(fund, contributor, None, currency="USD")
    assert deposit.rate_to_usd == 1 and deposit.amount_usd == D("500000.00")


def test_a_rate_far_from_the_last_one_is_refused_unless_confirmed(
    fund: Fund, contributor: Contributor
) -> None:
    book(fund, contributor, D("1.27"), on="2024-01-10")
    error = refused(lambda: book(fund, contributor, D("1")), "implausible_rate")
    assert "1.27" in error.message and "21.3%" in error.message and "2024-01-10" in error.message
    refused(lambda: commit(fund, contributor, D("1"), "2024-03-01"), "implausible_rate")
    confirmed = book(fund, contributor, D("1"), confirm=True)
    assert confirmed.amount_usd == D("500000.00")
    near = book(fund, contributor, D("1.20"), on="2024-02-01")  # 5.5% from 1.27: no question asked
    assert near.amount_usd == D("600000.00")


def test_the_tolerance_is_a_setting(fund: Fund, contributor: Contributor, settings: Settings) -> None:
    book(fund, contributor, D("1.27"), on="2024-01-10")
    settings.GCMHUB_FUND_RATE_TOLERANCE_PERCENT = 25
    book(fund, contributor, D("1"))  # 21.3% away, within 25%
    settings.GCMHUB_FUND_RATE_TOLERANCE_PERCENT = 5
    refused(lambda: book(fund, contributor, D("1.20"), on="2024-03-02"), "implausible_rate")


def test_the_rate_compared_is_the_last_one_booked_before_the_date(
    fund: Fund, contributor: Contributor
) -> None:
    commit(fund, contributor, D("1.10"), "2023-01-05")
    book(fund, contributor, D("1.27"), on="2024-01-10", confirm=True)  # 15% above the commitment's rate
    book(fund, contributor, D("1.12"), on="2023-02-01")  # compared with 1.10 (2023-01-05)
    refused(lambda: book(fund, contributor, D("1.12"), on="2024-02-01"), "implausible_rate")  # with 1.27


def test_a_reversed_rate_is_not_the_reference(fund: Fund, contributor: Contributor) -> None:
    wrong = book(fund, contributor, D("1"), on="2024-01-10")  # the first pounds: nothing to compare with
    actions.reverse_entry(
        actor=None, code=fund.code, entry_type="deposit", entry_id=wrong.pk, reason="Booked at 1 by mistake"
    )
    right = book(fund, contributor, D("1.27"), on="2024-01-10")
    assert right.amount_usd == D("635000.00")


def deposit_body(contributor: Any, **changes: Any) -> dict[str, Any]:
    return {
        "contributor_id": contributor.pk,
        "received_on": "2024-03-01",
        "currency": "GBP",
        "amount": "500000.00",
        **changes,
    }


def test_the_api_requires_and_checks_the_rate(
    login: SignIn, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    book(fund, contributor, D("1.27"), on="2024-01-10")
    client = login(fund_manager)
    path = f"/funds/{fund.code}/deposits"
    before = state()
    missing = call(client, "post", path, deposit_body(contributor))
    assert missing.status_code == 422 and missing.json()["type"] == "about:blank#rate_required"
    far = call(client, "post", path, deposit_body(contributor, rate_to_usd="1"))
    assert far.status_code == 422 and far.json()["type"] == "about:blank#implausible_rate"
    assert state() == before
    confirmed = call(client, "post", path, deposit_body(contributor, rate_to_usd="1", confirm_rate=True))
    assert confirmed.status_code == 201, confirmed.content
    assert confirmed.json()["amount_usd"] == "500000.00"
    usd = call(client, "post", path, deposit_body(contributor, currency="USD"))
    assert usd.status_code == 201 and usd.json()["rate_to_usd"] == "1"


def test_the_api_refuses_an_outsider_a_confirmed_rate(
    login: SignIn, fund: Fund, contributor: Contributor, outsider: User
) -> None:
    before = state()
    response = call(
        login(outsider),
        "post",
        f"/funds/{fund.code}/deposits",
        deposit_body(contributor, rate_to_usd="1", confirm_rate=True),
    )
    assert response.status_code == 403
    assert state() == before


def form_data(contributor: Any, **changes: Any) -> dict[str, Any]:
    return {
        "contributor": contributor.pk,
        "currency": "GBP",
        "amount": "500000.00",
        "received_on": "2024-03-01",
        **changes,
    }


def test_the_deposit_form_suggests_no_currency_and_no_rate(
    login: SignIn, fund: Fund, fund_manager: User
) -> None:
    page = login(fund_manager).get(reverse("fund:deposit_new", args=[fund.code])).content.decode()
    for name in ("currency", "rate_to_usd"):
        (field,) = re.findall(rf'<input[^>]* name="{name}"[^>]*>', page)
        assert "value=" not in field, field
    assert 'name="save"' not in page  # the first step only previews


def test_the_deposit_form_shows_the_us_dollar_value_before_saving(
    login: SignIn, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    client = login(fund_manager)
    url = reverse("fund:deposit_new", args=[fund.code])
    missing = client.post(url, form_data(contributor))
    assert missing.status_code == 422 and "required for every currency" in missing.content.decode()
    preview = client.post(url, form_data(contributor, rate_to_usd="1.27"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "<strong>635,000.00 USD</strong>" in page
    assert "6,350.00 USD" in page and 'name="save"' in page  # the fee, and now the Save button
    assert not Deposit.objects.exists()
    stale = client.post(url, form_data(contributor, rate_to_usd="1.28", save="1", previewed_usd="635000.00"))
    assert stale.status_code == 200 and "changed since the last preview" in stale.content.decode()
    assert "<strong>640,000.00 USD</strong>" in stale.content.decode() and not Deposit.objects.exists()
    done = client.post(url, form_data(contributor, rate_to_usd="1.27", save="1", previewed_usd="635000.00"))
    assert done.status_code == 302
    assert Deposit.objects.get().amount_usd == D("635000.00")


def test_the_deposit_form_asks_to_confirm_an_unusual_rate(
    login: SignIn, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    book(fund, contributor, D("1.27"), on="2024-01-10")
    client = login(fund_manager)
    url = reverse("fund:deposit_new", args=[fund.code])
    preview = client.post(url, form_data(contributor, rate_to_usd="1"))
    page = preview.content.decode()
    assert preview.status_code == 200 and "21.3%" in page and 'name="confirm_rate"' in page
    unconfirmed = client.post(
        url, form_data(contributor, rate_to_usd="1", save="1", previewed_usd="500000.00")
    )
    assert unconfirmed.status_code == 422 and 'name="confirm_rate"' in unconfirmed.content.decode()
    assert Deposit.objects.count() == 1
    confirmed = client.post(
        url,
        form_data(contributor, rate_to_usd="1", save="1", previewed_usd="500000.00", confirm_rate="on"),
    )
    assert confirmed.status_code == 302
    assert Deposit.objects.count() == 2


def test_the_commitment_form_previews_then_saves(
    login: SignIn, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    client = login(fund_manager)
    url = reverse("fund:commitment_new", args=[fund.code])
    data = {**form_data(contributor, rate_to_usd="1.27"), "signed_on": "2024-03-01"}
    preview = client.post(url, data)
    assert preview.status_code == 200 and "635,000.00 USD" in preview.content.decode()
    assert "administrative agent" not in preview.content.decode()  # no fee on a commitment
    assert client.post(url, {**data, "save": "1", "previewed_usd": "635000.00"}).status_code == 302
    assert Commitment.objects.get().amount_usd == D("635000.00")


def test_an_outsider_cannot_preview_or_save_on_the_page(
    login: SignIn, fund: Fund, contributor: Contributor, outsider: User
) -> None:
    client = login(outsider)
    before = state()
    url = reverse("fund:deposit_new", args=[fund.code])
    data = form_data(contributor, rate_to_usd="1.27", save="1", previewed_usd="635000.00")
    assert client.post(url, data).status_code in (403, 404)
    assert state() == before


def test_anonymous_api_clients_cannot_book(fund: Fund, contributor: Contributor) -> None:
    before = state()
    response = Client().post(
        f"{API}/funds/{fund.code}/deposits",
        data=deposit_body(contributor, rate_to_usd="1.27"),
        content_type="application/json",
    )
    assert response.status_code == 401 and state() == before
