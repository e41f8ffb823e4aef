"""Journeys through the Migration Multi-Partner Trust Fund on the sample fund (`load_demo`): the public
dashboard, statement and a programme page show the books' figures (also in Arabic, right to left); a fund
manager records a deposit and sees the statement change; a focal point of a participating organization reports
expenditure; axe finds no serious or critical violation on the fund and results pages."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from gcmhub.fund import queries
from gcmhub.fund.demo import CODE
from gcmhub.fund.models import Fund, JointProgramme, ProgrammeStatus
from gcmhub.results.dimensions import ensure_default_dimensions
from gcmhub.results.models import Category, Dimension
from gcmhub.results.templatetags.results_tags import pct, usd

pytestmark = pytest.mark.browser

# An active sample programme: IOM 1,200,000 and UNICEF 500,000, all transferred, 45 % spent; markers 2, 3, 3.
PROGRAMME_TITLE = "Sample data: Safe and dignified return and reintegration"


@pytest.fixture(autouse=True)
def demo(seeded: None) -> Fund:
    """The sample fund, loaded after the reference data and the work plan. The default disaggregation
    dimensions come from a data migration, which the live server's emptied database no longer has."""
    ensure_default_dimensions(Dimension, Category)
    call_command("load_demo", verbosity=0)
    return Fund.objects.get(code=CODE)


def programme() -> JointProgramme:
    found = JointProgramme.objects.get(title=PROGRAMME_TITLE)
    assert found.status == ProgrammeStatus.ACTIVE
    return found


def url(name: str, *args: Any, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def money(value: Decimal) -> str:
    """An amount as the English pages show it."""
    with translation.override("en"):
        return usd(value)


def statement_row(page: Any, label: str) -> Any:
    """The statement's row for `label`."""
    return page.locator("table.statement tbody tr").filter(
        has=page.get_by_role("rowheader", name=label, exact=True)
    )


def organization_row(page: Any, caption: str, acronym: str) -> Any:
    """The row of `acronym` in the participating organizations' table captioned `caption`."""
    table = page.locator("table").filter(has=page.locator("caption", has_text=caption))
    return table.locator("tbody tr").filter(has=page.get_by_role("rowheader", name=acronym, exact=True))


def test_public_dashboard_statement_and_programme_show_the_books(page: Any, demo: Fund) -> None:
    statement = queries.statement(demo)
    assert statement.total_sources > 0 and statement.balance > 0

    response = page.goto(url("fund:index"))
    assert response is not None and response.status == 200
    expect(page.locator(f'main a[href="{url("fund:dashboard", CODE)}"]').first).to_be_visible()

    page.goto(url("fund:dashboard", CODE))
    expect(page.locator("main h1")).to_have_text(demo.name)
    cards = page.locator("main ul.cards").first.locator(".card .number")
    expect(cards).to_have_text(
        [
            money(statement.total_sources),
            money(statement.total_uses),
            money(statement.balance),
            money(statement.available),
        ]
    )

    page.goto(url("fund:statement", CODE))
    for line in [*statement.sources, *statement.uses]:
        expect(statement_row(page, str(line.label)).locator("td")).to_have_text(money(line.signed))
    expect(statement_row(page, "Total sources").locator("td")).to_have_text(money(statement.total_sources))
    expect(statement_row(page, "Total uses").locator("td")).to_have_text(money(statement.total_uses))
    expect(statement_row(page, "Balance with the administrative agent").locator("td")).to_have_text(
        money(statement.balance)
    )
    # The 1 % fee on what the sample contributors deposited.
    fee = next(line for line in statement.uses if line.key == "admin_fee")
    contributions = next(line for line in statement.sources if line.key == "contributions")
    assert fee.amount == (contributions.amount / 100).quantize(Decimal("0.01"))

    joint = programme()
    page.goto(url("fund:programme", joint.code))
    expect(page.locator("main h1")).to_have_text(PROGRAMME_TITLE)
    finance = page.locator("section[aria-labelledby=finance]")
    expect(finance.locator(".card .number")).to_have_text(
        ["1,700,000.00", "1,700,000.00", "1,700,000.00", "45.0 %"]
    )
    caption = "By participating organization"
    expect(organization_row(page, caption, "IOM").locator("td")).to_have_text(
        ["1,200,000.00", "1,200,000.00", "0.00", "540,000.00", "660,000.00", "45.0 %"]
    )
    expect(organization_row(page, caption, "UNICEF").locator("td")).to_have_text(
        ["500,000.00", "500,000.00", "0.00", "225,000.00", "275,000.00", "45.0 %"]
    )
    markers = page.locator("section[aria-labelledby=markers] tbody tr")
    for marker, score in (("Gender equality", "2"), ("Human rights", "3"), ("Child sensitivity", "3")):
        row = markers.filter(has=page.get_by_role("rowheader", name=marker, exact=True))
        expect(row.locator("td.num")).to_have_text(score)

    # The same pages in Arabic read right to left.
    for arabic in (
        url("fund:dashboard", CODE, language="ar"),
        url("fund:programme", joint.code, language="ar"),
    ):
        assert arabic.startswith("/ar/fund/")
        response = page.goto(arabic)
        assert response is not None and response.status == 200
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("main h1")).to_have_text(PROGRAMME_TITLE)


def test_fund_manager_records_a_deposit_and_the_statement_changes(
    page: Any, sign_in: Any, fund_manager: Any, demo: Fund
) -> None:
    before = queries.statement(demo)
    amount = Decimal("1000000.00")

    sign_in(page, "fund_manager", next=url("fund:dashboard", CODE))
    page.get_by_role("link", name="Books (fund managers)").click()
    expect(page.locator("main h1")).to_have_text("The fund's books")
    page.get_by_role("link", name="Record a deposit").click()
    page.select_option("#id_contributor", label="Sample foundation")
    page.fill("#id_currency", "USD")
    page.fill("#id_amount", "1000000.00")
    page.fill("#id_rate_to_usd", "1")
    page.fill("#id_received_on", timezone.localdate().isoformat())
    # Nothing is booked before the value in US dollars has been shown.
    page.locator("main").get_by_role("button", name="Show the value in US dollars").click()
    expect(page.locator(".money-preview")).to_contain_text("is 1,000,000.00 USD")
    expect(page.locator(".money-preview")).to_contain_text("fee on it is 10,000.00 USD")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save").click()

    assert page.url.endswith(url("fund:books", CODE))
    expect(page.locator(".message.success")).to_contain_text("The deposit was recorded")
    latest = page.locator("main table").first.locator("tbody tr").first
    expect(latest).to_contain_text("Sample foundation")
    expect(latest).to_contain_text("1,000,000.00 USD")

    page.goto(url("fund:statement", CODE))
    contributions = next(line for line in before.sources if line.key == "contributions")
    fee = next(line for line in before.uses if line.key == "admin_fee")
    expect(statement_row(page, "Contributions from contributors").locator("td")).to_have_text(
        money(contributions.signed + amount)
    )
    expect(statement_row(page, "Administrative agent fees").locator("td")).to_have_text(
        money(fee.signed + amount / 100)
    )
    expect(statement_row(page, "Balance with the administrative agent").locator("td")).to_have_text(
        money(before.balance + amount - amount / 100)
    )
    expect(statement_row(page, "Available for allocation").locator("td")).to_have_text(
        money(before.available + amount - amount / 100)
    )


def test_focal_point_reports_expenditure_on_their_organizations_share(
    page: Any, sign_in: Any, focal_point: Any
) -> None:
    """The focal point persona acts for IOM, a participating organization of the programme."""
    joint = programme()
    programme_url = url("fund:programme", joint.code)

    sign_in(page, "focal_point", next=programme_url)
    page.locator("main nav.actions").get_by_role("link", name="Report expenditure").click()
    expect(page.locator("main h1")).to_have_text("Report expenditure")
    # Only their own organization is offered.
    expect(page.locator("#id_organization option")).to_have_count(1)
    page.select_option("#id_organization", "IOM")
    page.fill("#id_amount_usd", "100000.00")
    page.fill("#id_date", timezone.localdate().isoformat())
    page.fill("#id_note", "Reintegration grants paid in the second half of the year.")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Save").click()

    assert page.url.endswith(programme_url)
    expect(page.locator(".message.success")).to_contain_text("The expenditure was recorded")
    expect(organization_row(page, "By participating organization", "IOM").locator("td")).to_have_text(
        ["1,200,000.00", "1,200,000.00", "0.00", "640,000.00", "560,000.00", "53.3 %"]
    )
    finance = page.locator("section[aria-labelledby=finance]")
    with translation.override("en"):
        rate = pct(Decimal("865000.00") / Decimal("1700000.00"))
    expect(finance.locator(".card .number").last).to_have_text(rate)

    # The focal point may not report for UNICEF, whose share is unchanged.
    expect(
        organization_row(page, "By participating organization", "UNICEF").locator("td").nth(3)
    ).to_have_text("225,000.00")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_fund_and_results_pages_have_no_serious_accessibility_violations(
    page: Any, axe: Any, demo: Fund, language: str
) -> None:
    joint = programme()
    assert demo.framework is not None
    pages = {
        "dashboard": url("fund:dashboard", CODE, language=language),
        "statement": url("fund:statement", CODE, language=language),
        "programme": url("fund:programme", joint.code, language=language),
        "results matrix": url("results:framework", demo.framework.code, language=language),
    }
    problems: list[str] = []
    for label, address in pages.items():
        response = page.goto(address)
        if response is None or response.status != 200:
            problems.append(f"{label} {address}: HTTP {response.status if response else 'no response'}")
            continue
        if page.evaluate("document.documentElement.lang") != language:
            problems.append(f"{label} {address}: not in {language}")
        problems.extend(f"{label}: {line}" for line in axe(page))
    assert not problems, "\n".join(problems)
