"""Journey: a CSO submits a practice, a reviewer requests changes, the CSO revises it, the secretariat
publishes it, and a visitor then finds it by searching in another UI language. Along the way, the script
and event handler the CSO pasted into the description never run."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSWORD, make_user
from playwright.sync_api import expect

from gcmhub.knowledge.models import Resource, Status

pytestmark = pytest.mark.browser

TITLE = "Community case management for migrant families"
FRENCH_TITLE = "Accompagnement communautaire des familles migrantes"
BODY = (
    "<p>Caseworkers accompany families in the community.</p>"
    '<img src="x" onerror="window.__attacked = 1"><script>window.__attacked = 2</script>'
)


@pytest.fixture(autouse=True)
def private_index(settings: Any, tmp_path: Path) -> Iterator[None]:
    """The live server indexes into this test's own directory."""
    from gcmhub.search.backends import forget_backends

    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    yield
    forget_backends()


@pytest.fixture
def people(seeded: None) -> dict[str, Any]:
    """The CSO, the secretariat and a panel of one UN and two external reviewers."""
    from gcmhub.reference.models import Organization

    for acronym, kind in (("TEST-UNI", "academia"), ("TEST-NHRI", "nhri")):
        Organization.objects.get_or_create(acronym=acronym, defaults={"name": acronym, "kind": kind})
    return {
        "cso": make_user("cso", "stakeholder", "TEST-CSO"),
        "secretariat": make_user("secretariat", "secretariat", "UNNM"),
        "un_reviewer": make_user("un_reviewer", "reviewer", "UNHCR"),
        "uni_reviewer": make_user("uni_reviewer", "reviewer", "TEST-UNI"),
        "nhri_reviewer": make_user("nhri_reviewer", "reviewer", "TEST-NHRI"),
    }


@pytest.fixture
def tab_for(
    browser: Any, live_server: Any, sign_in: Callable[..., None]
) -> Iterator[Callable[[str | None], Any]]:
    """A separate browser session per person (own cookies), signed in as them."""
    contexts: list[Any] = []

    def open_tab(username: str | None) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        if username:
            sign_in(tab, username, PASSWORD, next="/knowledge/")
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def review(tab: Any, recommendation: str, comments: str = "") -> None:
    tab.goto("/knowledge/review/")
    tab.locator("main table a", has_text=TITLE).first.click()
    for label in (
        "Relevance",
        "Coherence with the guiding principles",
        "Innovation",
        "Replicability",
        "Sustainability",
    ):
        tab.get_by_label(label, exact=True).select_option("4")
    tab.get_by_label(recommendation, exact=True).check()
    if comments:
        tab.get_by_label("Comments for the submitter").fill(comments)
    tab.get_by_role("button", name="Send the review").click()
    expect(tab.locator(".messages")).to_contain_text("your review was recorded")


def test_a_practice_goes_from_submission_to_search(people: dict[str, Any], tab_for: Any) -> None:
    # The CSO writes the practice (pasting HTML with a script into the description) and submits it.
    cso = tab_for("cso")
    cso.goto("/knowledge/submit/practices/")
    cso.get_by_label("Title").fill(TITLE)
    cso.get_by_label("Summary").fill("Families stay in the community with a caseworker instead of detention.")
    cso.get_by_label("Description").fill(BODY)
    cso.get_by_label("13. Alternatives to detention").first.check()
    cso.get_by_role("button", name="Save").click()
    expect(cso.locator("h1")).to_have_text(TITLE)
    expect(cso.locator(".richtext")).to_contain_text("Caseworkers accompany families")
    assert cso.evaluate("window.__attacked") is None
    assert cso.locator(".richtext script, .richtext img[onerror]").count() == 0
    cso.get_by_role("button", name="Submit for review").click()
    expect(cso.locator("#review-status")).to_have_text("Submitted")
    resource = Resource.objects.get(title=TITLE)
    detail = resource.get_absolute_url()

    # Not public while in review.
    visitor = tab_for(None)
    assert visitor.goto(detail).status == 404

    # The secretariat forms the default panel.
    secretariat = tab_for("secretariat")
    secretariat.goto(detail)
    secretariat.get_by_role("button", name="Assign reviewers").click()
    expect(secretariat.locator(".messages")).to_contain_text("3 reviewer(s) assigned")

    # The UN reviewer asks for changes; the CSO sees the status and the reason.
    reviewer = tab_for("un_reviewer")
    review(reviewer, "Request changes", "Please add the evaluation results.")
    cso.goto(detail)
    expect(cso.locator("#review-status")).to_have_text("Changes requested")
    expect(cso.locator(".decisions")).to_contain_text("Please add the evaluation results.")

    # The CSO revises, adds a French translation and resubmits.
    cso.get_by_role("link", name="Edit").click()
    cso.get_by_label("Results and evidence").fill("Detention of families fell by 40% in the pilot cities.")
    cso.get_by_role("button", name="Save").click()
    cso.locator("a[lang=fr]").click()
    cso.get_by_label("Title").fill(FRENCH_TITLE)
    cso.get_by_role("button", name="Save the translation").click()
    cso.get_by_role("button", name="Submit the revised version").click()
    expect(cso.locator("#review-status")).to_have_text("Under review")

    # The same reviewer approves the revision; the secretariat approves and publishes.
    review(reviewer, "Approve")
    secretariat.goto(detail)
    secretariat.get_by_label("Approve", exact=True).check()
    secretariat.get_by_label("Rationale").fill("Well evidenced and replicable.")
    secretariat.get_by_role("button", name="Record the decision").click()
    secretariat.get_by_role("button", name="Publish").click()
    expect(secretariat.locator(".messages")).to_contain_text("Published")
    resource.refresh_from_db()
    assert resource.status == Status.PUBLISHED

    # A visitor whose interface is in French finds it by searching in French, under its French title.
    visitor.goto("/fr/search/?q=accompagnement+familles")
    result = visitor.locator("main a", has_text=FRENCH_TITLE)
    expect(result).to_be_visible()
    result.click()
    expect(visitor.locator("h1")).to_have_text(FRENCH_TITLE)
    assert visitor.evaluate("window.__attacked") is None
