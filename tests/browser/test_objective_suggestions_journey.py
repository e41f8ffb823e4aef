"""Journey: on a phone, a CSO writes a practice; the form suggests GCM objectives as it types and ticks the
best; the CSO changes the choice, and the practice is saved with the objectives the CSO chose."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import make_user
from playwright.sync_api import expect

from gcmhub.knowledge.models import Resource
from gcmhub.search import suggest, vectors

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def private_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The live server keeps its index and cached description vectors in this test's own directory."""
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    # The live server runs in this process: load the encoder and the descriptions before the page asks.
    suggest.descriptions()
    vectors.encode_texts(["warm"])
    yield
    forget_backends()


def test_suggested_objectives_are_ticked_and_the_user_decides(
    seeded: None, person_tab: Callable[..., Any]
) -> None:
    make_user("cso", "stakeholder", "TEST-CSO")
    tab = person_tab("cso", viewport=PHONE)
    tab.goto("/knowledge/submit/practices/")
    box = tab.locator("#objective-suggestions")
    expect(box).to_be_hidden()

    tab.get_by_label("Title").press_sequentially("Cheaper remittances")
    tab.get_by_label("Summary").press_sequentially("Families receive money from relatives abroad by phone.")

    expect(box.locator('li[data-objective="20"]')).to_be_visible(timeout=15_000)
    remittances = tab.locator('input[name="objectives"][value="20"]')
    expect(remittances).to_be_checked()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    remittances.uncheck()
    tab.locator('input[name="objectives"][value="19"]').check()
    tab.get_by_label("Summary").press_sequentially(" The fee is low and transfers arrive the same day.")
    expect(box.locator("[aria-busy]")).to_have_count(0)
    tab.wait_for_timeout(1500)  # past the next suggestion round: the choice must stay the user's
    expect(remittances).not_to_be_checked()

    tab.get_by_role("button", name="Save").click()
    expect(tab.locator(".message.success")).to_be_visible()
    resource = Resource.objects.get(title="Cheaper remittances")
    assert 19 in {link.objective.number for link in resource.objective_links.filter(primary=True)}
    assert 20 not in {link.objective.number for link in resource.objective_links.filter(primary=True)}


def test_supported_principles_are_ticked_and_the_user_decides(
    seeded: None, person_tab: Callable[..., Any]
) -> None:
    make_user("cso", "stakeholder", "TEST-CSO")
    tab = person_tab("cso", viewport=PHONE)
    tab.goto("/knowledge/submit/practices/")
    box = tab.locator("#objective-suggestions")

    tab.get_by_label("Title").press_sequentially("Guardians for unaccompanied children")
    tab.get_by_label("Summary").press_sequentially(
        "The best interests of each unaccompanied child guide every decision about them."
    )

    expect(box.locator('li[data-principle="child-sensitive"]')).to_be_visible(timeout=15_000)
    child = tab.locator('input[name="principles"][value="child-sensitive"]')
    expect(child).to_be_checked()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    child.uncheck()
    tab.get_by_label("Summary").press_sequentially(" A guardian is named within a day.")
    expect(box.locator("[aria-busy]")).to_have_count(0)
    tab.wait_for_timeout(1500)  # past the next suggestion round: the choice must stay the user's
    expect(child).not_to_be_checked()
