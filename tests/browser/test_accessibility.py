"""axe-core finds no serious or critical accessibility violation on the main pages, in English and in Arabic
(right to left), signed out and, for the activity page with its forms, signed in as a focal point."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from gcmhub.reference.models import Objective
from gcmhub.workplan.models import Activity, ExpectedResult, Section

pytestmark = pytest.mark.browser


def public_pages(language: str) -> dict[str, str]:
    """Page label → URL in `language`, for pages anyone can read."""
    result = ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=6
    )
    # An objective that a thematic area lists, so its page has results and activities to show.
    objective = (
        Objective.objects.filter(
            sections__version__is_current=True, sections__kind=Section.Kind.THEMATIC_AREA
        )
        .order_by("number")
        .first()
    )
    assert objective is not None, "the thematic areas of the shipped plan should list objectives"
    with translation.override(language):
        return {
            "login": reverse("login"),
            "home": reverse("workplan:home"),
            "overview": reverse("workplan:overview"),
            "result": reverse("workplan:result", args=[result.pk]),
            "timeline": reverse("workplan:timeline"),
            "coverage": reverse("workplan:coverage"),
            "objective": reverse("workplan:objective", args=[objective.number]),
            "versions": reverse("workplan:versions"),
        }


def activity_page(language: str) -> str:
    """The first activity of cross-cutting result 6, which the focal point (IOM) may update."""
    activity = (
        Activity.objects.filter(
            result__section__version__is_current=True,
            result__section__kind=Section.Kind.CROSS_CUTTING,
            result__number=6,
        )
        .order_by("position")
        .first()
    )
    assert activity is not None, "the shipped plan should have an activity under cross-cutting result 6"
    with translation.override(language):
        return reverse("workplan:activity", args=[activity.pk])


@pytest.mark.parametrize("language", ["en", "ar"])
def test_pages_have_no_serious_accessibility_violations(
    page: Any, axe: Any, sign_in: Any, focal_point: Any, language: str
) -> None:
    problems: list[str] = []

    def check(label: str, url: str) -> None:
        response = page.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{label} {url}: HTTP {response.status if response else 'no response'}")
            return
        if page.evaluate("document.documentElement.lang") != language:
            problems.append(f"{label} {url}: not in {language}")
        problems.extend(f"{label}: {line}" for line in axe(page))

    for label, url in public_pages(language).items():
        check(label, url)

    # The activity page as a focal point who may update it, so its forms are checked too.
    url = activity_page(language)
    sign_in(page, "focal_point", next=url)
    assert page.locator("#id_status").count() == 1, "the focal point should see the progress form"
    check("activity (signed in, with forms)", url)

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("language", "forward"), [("en", "ArrowRight"), ("ar", "ArrowLeft")])
def test_a_wide_table_on_a_phone_can_be_reached_and_scrolled_with_the_keyboard(
    page: Any, language: str, forward: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(public_pages(language)["coverage"])
    region = page.locator(".table-scroll")
    caption = page.locator("table.coverage caption").inner_text()
    assert region.get_attribute("role") == "region"
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth"), "the table should overflow a phone"

    # Tab through the page, as a keyboard user would, until the table's region has focus.
    for _ in range(200):
        page.keyboard.press("Tab")
        if region.evaluate("(el) => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the wide table")
    assert page.get_by_role("region", name=caption).count() == 1, "the region is named by its caption"

    for _ in range(5):
        page.keyboard.press(forward)
    # Keyboard scrolling may be animated, so wait for it. Right to left, scrollLeft goes negative.
    page.wait_for_function("(el) => Math.abs(el.scrollLeft) > 0", arg=region.element_handle())
