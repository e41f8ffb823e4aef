"""Journey: Mexico's focal point makes a pledge through the form; the secretariat publishes it from the
moderation queue; the focal point reports progress; a visitor finds it on the dashboard and reads its history.
On a phone too (no sideways scrolling), with axe finding no serious violation on the form, pledge and
dashboard pages."""

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from gcmhub.reporting.models_pledges import Pledge, PledgeStatus
from tests.browser.journeys import PHONE, fits_a_phone, url_in

pytestmark = pytest.mark.browser

TITLE = "Seasonal work visas with portable health cover"
PROGRESS = "The first 500 visas were issued."


def make_pledge(tab: Any, axe: Callable[[Any], list[str]]) -> Pledge:
    tab.goto(url_in("en", "reporting:pledges"))
    tab.locator("main").get_by_role("link", name="Make a pledge").click()
    assert axe(tab) == []
    tab.fill("#id_title", TITLE)
    tab.fill("#id_description", "We open a seasonal work visa for Guatemalan workers.")
    tab.locator("main").get_by_label("5. ", exact=False).first.check()
    tab.select_option("#id_countries", ["MEX", "GTM"])
    tab.fill("#id_co_pledgers", "IOM")
    with tab.expect_navigation():
        tab.locator("main").get_by_role("button", name="Save").click()
    expect(tab.locator("h1")).to_have_text(TITLE)
    return Pledge.objects.get(title=TITLE)


def test_a_pledge_from_form_to_published_progress(
    person_tab: Callable[..., Any],
    page: Any,
    axe: Callable[[Any], list[str]],
    member_state: Any,
    secretariat: Any,
) -> None:
    state_tab = person_tab("member_state")
    pledge = make_pledge(state_tab, axe)
    assert pledge.status == PledgeStatus.SUBMITTED

    secretariat_tab = person_tab("secretariat")
    secretariat_tab.goto(url_in("en", "reporting:pledge_queue"))
    secretariat_tab.locator("main").get_by_role("link", name=TITLE).click()
    secretariat_tab.locator("main").get_by_role("link", name="Moderate").click()
    secretariat_tab.locator("main").get_by_label("Publish").check()
    with secretariat_tab.expect_navigation():
        secretariat_tab.locator("main").get_by_role("button", name="Save").click()
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PUBLISHED

    state_tab.goto(pledge.get_absolute_url())
    state_tab.locator("main").get_by_role("link", name="Report progress").click()
    state_tab.fill("#id_text", PROGRESS)
    with state_tab.expect_navigation():
        state_tab.locator("main").get_by_role("button", name="Save").click()
    expect(state_tab.locator("main")).to_contain_text(PROGRESS)

    page.goto(url_in("en", "reporting:pledge_dashboard"))
    expect(page.locator("#by-type")).to_be_visible()
    assert axe(page) == []
    page.goto(pledge.get_absolute_url())
    expect(page.locator("main")).to_contain_text(PROGRESS)
    expect(page.locator("main")).to_contain_text(pledge.public_id)
    assert axe(page) == []


def test_the_pledge_pages_fit_a_phone(
    person_tab: Callable[..., Any], member_state: Any, secretariat: Any
) -> None:
    tab = person_tab("member_state", viewport=PHONE)
    tab.goto(url_in("en", "reporting:pledge_create"))
    fits_a_phone(tab)
    for name in ("reporting:pledges", "reporting:pledge_dashboard"):
        tab.goto(url_in("ar", name))
        fits_a_phone(tab)
