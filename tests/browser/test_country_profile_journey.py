"""Journey: a visitor finds Mexico's profile from the menu, reads its migration data and source, goes to the
indicator's world map and picks another year without JavaScript; Mexico's Member State focal point records
the country team's facts, which the profile then shows. The pages fit a phone and read right to left in
Arabic."""

from collections.abc import Callable
from typing import Any

from conftest import make_user
from playwright.sync_api import expect

from tests.browser.journeys import PHONE, fits_a_phone, reads_right_to_left_in_arabic, url_in

CITATION = "International Migrant Stock 2020"


def test_a_visitor_reads_a_profile_and_the_map(page: Any, axe: Callable[[Any], list[str]]) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Countries").click()
    page.locator("main").get_by_role("link", name="Mexico", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mexico")
    expect(page.locator("main")).to_contain_text(CITATION)
    expect(page.locator("svg.country-chart").first).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name="International migrants as a share of the population").click()
    expect(page.get_by_role("heading", name="Ranking, 2020")).to_be_visible()
    expect(page.locator("figure.gcm-map > svg")).to_be_visible()
    page.select_option("#year", "1990")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", name="Ranking, 1990")).to_be_visible()
    expect(page.locator("main")).to_contain_text(CITATION)


def test_the_focal_point_records_the_facts(page: Any, sign_in: Callable[..., None]) -> None:
    make_user("mexico", "member_state", "GOV-MEX")
    sign_in(page, "mexico", next=url_in("en", "countries:country", "MEX"))
    page.get_by_role("link", name="Edit the country team's facts").click()
    page.get_by_label("Cooperation Framework: year of renewal").fill("2026")
    page.get_by_label("GCM Champion country").select_option("true")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("The country team's facts were saved.")
    expect(page.locator("main")).to_contain_text("renewal in 2026")


def test_the_profile_fits_a_phone_and_reads_right_to_left(browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    tab = context.new_page()
    try:
        for path in (
            url_in("en", "countries:country", "MEX"),
            url_in("ar", "countries:indicator", "refugees"),
        ):
            tab.goto(path)
            fits_a_phone(tab)
        reads_right_to_left_in_arabic(tab)
    finally:
        context.close()
