"""What a reader notices first: no main page scrolls sideways on a 360 px phone (English and Arabic), every
checkbox sits beside its own label on the forms with lists of choices, and the API reference has no serious
accessibility violation."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.journeys import PHONE, fits_a_phone
from tests.pages import representative_pages

pytestmark = pytest.mark.browser

# For each checkbox with a label: how far its label starts from the box (along the line, in reading order)
# and where the box's middle is against the label's first line. A near label whose first line holds the box's
# middle is the box's neighbour.
CHECKBOX_GEOMETRY = """() => [...document.querySelectorAll('main input[type=checkbox]')].flatMap((box) => {
  const label = box.id && document.querySelector(`label[for="${box.id}"]`);
  if (!label || label.contains(box)) return [];
  const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
  const rtl = getComputedStyle(box).direction === 'rtl';
  return [{
    id: box.id,
    gap: rtl ? b.left - l.right : l.left - b.right,
    drop: (b.top + b.bottom) / 2 - l.top,
    line: parseFloat(getComputedStyle(label).lineHeight),
  }];
})"""
MAX_GAP_PX = 16


@pytest.mark.parametrize("language", ["en", "ar"])
def test_no_main_page_is_wider_than_a_phone(page: Any, secretariat: Any, language: str) -> None:
    page.set_viewport_size(PHONE)
    too_wide = []
    for url in representative_pages(secretariat, language):
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        try:
            fits_a_phone(page)
        except AssertionError as problem:
            too_wide.append(str(problem))
    assert not too_wide, "\n".join(too_wide)


def misplaced_checkboxes(page: Any) -> list[str]:
    found = page.evaluate(CHECKBOX_GEOMETRY)
    assert len(found) >= 10, f"{page.url} should have a list of choices"
    return [
        f"{page.url} #{box['id']}: label {box['gap']:.0f} px away, box middle {box['drop']:.0f} px below it"
        for box in found
        if not (0 <= box["gap"] <= MAX_GAP_PX and 0 <= box["drop"] <= box["line"])
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desktop", "phone"])
def test_each_checkbox_sits_beside_its_label(
    person_tab: Any, secretariat: Any, language: str, viewport: dict[str, int]
) -> None:
    tab = person_tab("secretariat", language, viewport)
    with translation.override(language):
        forms = [reverse("knowledge:create", args=["practices"]), reverse("directory:expert_create")]
    problems = []
    for url in forms:
        tab.goto(url)
        problems.extend(misplaced_checkboxes(tab))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_api_reference_has_no_serious_accessibility_violations(
    page: Any, axe: Any, language: str
) -> None:
    with translation.override(language):
        page.goto(reverse("api_reference"))
    assert page.evaluate("document.documentElement.lang") == language
    # Every operation of the OpenAPI document is on the page, and the text of the document keeps its English.
    assert page.locator("article.operation").count() >= 100
    assert page.locator("article.operation .summary").first.get_attribute("lang") == "en"
    assert axe(page) == []
