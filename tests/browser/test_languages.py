"""Journey: the plan's pages in Arabic read right to left, and the header's language switcher changes the
language of the page being read."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from gcmhub.workplan.models import Activity

pytestmark = pytest.mark.browser


def plan_pages(language: str) -> list[str]:
    """The overview, the timeline and an activity page, in `language`'s URLs."""
    activity = Activity.objects.filter(result__section__version__is_current=True).order_by("pk").first()
    assert activity is not None, "the shipped plan should have activities"
    with translation.override(language):
        return [
            reverse("workplan:overview"),
            reverse("workplan:timeline"),
            reverse("workplan:activity", args=[activity.pk]),
        ]


def layout(page: Any) -> dict[str, Any]:
    measured: dict[str, Any] = page.evaluate(
        """() => {
            const box = (selector) => document.querySelector(selector).getBoundingClientRect();
            const brand = box(".site-header .brand"), switcher = box(".site-header .lang-form");
            return {
                lang: document.documentElement.lang,
                dir: document.documentElement.dir,
                mainDirection: getComputedStyle(document.querySelector("main")).direction,
                brandCentre: brand.left + brand.width / 2,
                switcherCentre: switcher.left + switcher.width / 2,
            };
        }"""
    )
    return measured


@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("en", "ltr")])
def test_pages_follow_the_direction_of_their_language(page: Any, language: str, direction: str) -> None:
    for url in plan_pages(language):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        seen = layout(page)
        assert (seen["lang"], seen["dir"], seen["mainDirection"]) == (language, direction, direction), url
        # The brand starts the header: right in Arabic, left in English; the switcher sits opposite.
        if direction == "rtl":
            assert seen["brandCentre"] > seen["switcherCentre"], (url, seen)
        else:
            assert seen["brandCentre"] < seen["switcherCentre"], (url, seen)


def test_arabic_url_prefix_is_kept_by_links(page: Any) -> None:
    page.goto(plan_pages("ar")[0])
    home = page.locator(".site-header a.brand")
    assert home.get_attribute("href") == "/ar/"


def test_header_switcher_changes_the_language_of_the_page(page: Any) -> None:
    overview = plan_pages("en")[0]
    page.goto(overview)
    assert page.evaluate("document.documentElement.lang") == "en"

    page.select_option("#language-select", value="fr")
    with page.expect_navigation():
        page.get_by_role("button", name="Change language").click()

    with translation.override("fr"):
        french_overview = reverse("workplan:overview")
    assert page.url.endswith(french_overview), page.url
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.documentElement.dir") == "ltr"
    expect(page.locator("#language-select")).to_have_value("fr")


def test_switching_from_arabic_back_to_a_left_to_right_language(page: Any) -> None:
    page.goto(plan_pages("ar")[1])
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.select_option("#language-select", value="fr")
    with page.expect_navigation():
        page.locator(".site-header .lang-form button[type=submit]").click()

    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.documentElement.dir") == "ltr"
    with translation.override("fr"):
        assert page.url.endswith(reverse("workplan:timeline")), page.url
