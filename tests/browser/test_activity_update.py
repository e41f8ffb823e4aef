"""Journey: a focal point records progress on an activity and then finds it on the overview, the timeline and
in the activity's history; people who may not update the activity never see the forms."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from gcmhub.workplan.models import Activity, ActivityStatus, ProgressUpdate, Section

pytestmark = pytest.mark.browser

PROGRESS_TEXT = "Joint IOM and DESA workshop on migration data held; the report went to all members."
EVIDENCE_URL = "https://example.org/reports/migration-data-workshop"


def activity_of_cross_cutting_result_6() -> Activity:
    """The first activity of cross-cutting expected result 6, whose members are IOM and DESA."""
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
    return activity


def row_of(page: Any, href: str) -> Any:
    """The list item or table row that holds the link to `href`."""
    link = page.locator(f'main a[href="{href}"]').first
    expect(link).to_be_visible()
    return link.locator("xpath=ancestor::*[self::li or self::tr][1]")


def expect_status_change_by(history: Any, username: str) -> None:
    """One history row by `username` shows the status going from Not started to In progress."""
    page = history.page
    status_change = (
        page.locator("li")
        .filter(has=page.locator(".before", has_text="Not started"))
        .filter(has=page.locator(".after", has_text="In progress"))
    )
    row = history.locator("tr").filter(has=status_change)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(username)


def test_focal_point_records_progress_and_sees_it_across_the_plan(
    page: Any, sign_in: Any, focal_point: Any
) -> None:
    activity = activity_of_cross_cutting_result_6()
    assert activity.status == ActivityStatus.NOT_STARTED
    activity_url = reverse("workplan:activity", args=[activity.pk])

    sign_in(page, "focal_point", next=activity_url)
    assert page.url.endswith(activity_url)
    page.select_option("#id_status", label="In progress")
    page.fill("#id_text", PROGRESS_TEXT)
    page.fill("#id_evidence_url", EVIDENCE_URL)
    page.fill("#id_date", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save update").click()

    # Back on the activity page, with a confirmation and the new status.
    assert page.url.endswith(activity_url)
    expect(page.locator(".message.success")).to_be_visible()
    expect(page.locator("main .badge.status-in_progress").first).to_have_text("In progress")
    expect(page.locator("main")).to_contain_text(PROGRESS_TEXT)
    expect(page.locator(f'main a[href="{EVIDENCE_URL}"]')).to_be_visible()

    activity.refresh_from_db()
    assert activity.status == ActivityStatus.IN_PROGRESS
    update = ProgressUpdate.objects.get(activity=activity)
    assert (update.text, update.evidence_url, update.author) == (PROGRESS_TEXT, EVIDENCE_URL, focal_point)

    # The history, on the page and on its own page, says who changed the status from what to what.
    expect_status_change_by(page.locator("#history"), "focal_point")
    page.goto(reverse("workplan:activity_history", args=[activity.pk]))
    expect_status_change_by(page.locator("main"), "focal_point")

    # The overview shows the activity's new status next to it.
    page.goto(reverse("workplan:overview"))
    expect(row_of(page, activity_url).locator(".badge.status-in_progress")).to_have_text("In progress")

    # So does the timeline, in words as well as in the bar's colour.
    page.goto(reverse("workplan:timeline"))
    row = row_of(page, activity_url)
    expect(row.locator(".badge.status-in_progress")).to_have_text("In progress")
    expect(row.locator(".gantt-bar.status-in_progress")).to_have_count(1)


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_people_who_may_not_update_see_no_forms(page: Any, sign_in: Any, persona: str, request: Any) -> None:
    request.getfixturevalue(persona)
    activity = activity_of_cross_cutting_result_6()
    activity_url = reverse("workplan:activity", args=[activity.pk])

    sign_in(page, persona, next=activity_url)
    assert page.url.endswith(activity_url)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator("#id_text")).to_have_count(0)
    expect(page.get_by_role("button", name="Save update")).to_have_count(0)
    expect(page.get_by_role("button", name="Save tracking")).to_have_count(0)
    expect(page.locator("main form[method=post]")).to_have_count(0)


def test_anonymous_visitor_sees_no_forms(page: Any) -> None:
    activity = activity_of_cross_cutting_result_6()
    response = page.goto(reverse("workplan:activity", args=[activity.pk]))
    assert response is not None and response.status == 200
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.get_by_role("button", name="Save update")).to_have_count(0)
