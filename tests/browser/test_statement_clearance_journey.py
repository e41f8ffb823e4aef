"""Journey: the secretariat drafts a Network statement and sends it to the Executive Committee for clearance;
IOM objects with a reason on its page, UNHCR clears, the others clear; the secretariat sees the objection on
the clearance sheet, cannot publish, revises the text (which goes back to drafting), sends it again, and once
every member has cleared, publishes it: the public page and the RSS feed show it."""

import datetime
from typing import Any

import pytest
from conftest import make_user
from playwright.sync_api import expect

from gcmhub.comms import actions, watch
from gcmhub.comms.models import Decision, Statement, StatementStatus
from gcmhub.reference.queries import executive_committee
from tests.browser.journeys import PHONE, fits_a_phone

pytestmark = pytest.mark.browser

TITLE = "Statement on safe and dignified returns"
REASON = "Paragraph 2 misstates the readmission agreement."


def committee() -> dict[str, Any]:
    return {
        org.acronym: make_user(f"exco_{org.acronym.lower()}", "executive_committee", org.acronym)
        for org in executive_committee()
    }


def send_for_clearance(tab: Any, statement: Statement) -> None:
    tab.goto(f"/comms/statements/{statement.pk}/clearance/")
    tab.fill("#id_deadline", "2099-01-31T17:00")
    with tab.expect_navigation():
        tab.get_by_role("button", name="Send to the Executive Committee").click()
    expect(tab.locator("#statement-status")).to_have_text("In clearance")


def answer(tab: Any, statement: Statement, choice: str, comment: str = "") -> None:
    tab.goto(f"/comms/statements/{statement.pk}/")
    tab.get_by_label(choice, exact=True).check()
    if comment:
        tab.fill("#id_comment", comment)
    with tab.expect_navigation():
        tab.get_by_role("button", name="Send my answer").click()
    expect(tab.locator(".message").first).to_contain_text("Your answer was recorded.")


def test_a_clearance_round_with_one_objection(person_tab: Any, page: Any) -> None:
    make_user("secretariat", "secretariat", "UNNM")
    members = committee()
    office = person_tab("secretariat")
    office.goto("/comms/statements/new/")
    office.fill("#id_title", TITLE)
    office.fill("#id_body", "The Network calls for returns in safety and dignity.")
    with office.expect_navigation():
        office.get_by_role("button", name="Save").click()
    statement = Statement.objects.get(title=TITLE)
    send_for_clearance(office, statement)

    answer(person_tab("exco_iom"), statement, "Objected", REASON)
    answer(person_tab("exco_unhcr"), statement, "Cleared")
    for acronym, member in members.items():
        if acronym not in ("IOM", "UNHCR"):
            actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)

    office.goto(f"/comms/statements/{statement.pk}/clearance/")
    expect(office.locator("#statement-status")).to_have_text("Objected")
    iom = office.locator("#clearance-sheet tr", has_text="IOM")
    expect(iom).to_contain_text("Objected")
    expect(iom).to_contain_text(REASON)
    expect(office.get_by_role("button", name="Publish")).to_have_count(0)

    office.goto(f"/comms/statements/{statement.pk}/edit/")
    office.fill("#id_body", "The Network calls for returns in safety and dignity, as agreed.")
    with office.expect_navigation():
        office.get_by_role("button", name="Save").click()
    send_for_clearance(office, statement)
    for member in members.values():
        actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)

    office.goto(f"/comms/statements/{statement.pk}/clearance/")
    expect(office.locator("#statement-status")).to_have_text("Cleared")
    with office.expect_navigation():
        office.get_by_role("button", name="Publish").click()
    assert Statement.objects.get(pk=statement.pk).status == StatementStatus.PUBLISHED

    page.goto(f"/comms/statements/{statement.pk}/")
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("article")).to_contain_text("as agreed")
    feed = page.request.get("/comms/statements/feed.rss")
    assert TITLE in feed.text()


def test_the_clearance_pages_fit_a_phone_and_pass_axe(person_tab: Any, axe: Any) -> None:
    secretariat = make_user("secretariat", "secretariat", "UNNM")
    members = committee()
    office = person_tab("secretariat", viewport=PHONE)
    office.goto("/comms/statements/new/")
    office.fill("#id_title", TITLE)
    office.fill("#id_body", "The Network calls for returns in safety and dignity.")
    with office.expect_navigation():
        office.get_by_role("button", name="Save").click()
    statement = Statement.objects.get(title=TITLE)
    send_for_clearance(office, statement)
    actions.answer_clearance(
        actor=members["IOM"], statement_id=statement.pk, decision=Decision.OBJECTED, comment=REASON
    )
    situation = watch.record_situation(
        actor=secretariat,
        data=watch.SituationData(
            title="Displacement in the central Sahel",
            description="Cross-border movements after the floods.",
            monitoring_since=datetime.date(2026, 3, 1),
            countries=["MLI", "NER"],
            lead_agencies=["IOM"],
        ),
    )
    member = person_tab("exco_ilo", viewport=PHONE)
    for tab, path in (
        (office, f"/comms/statements/{statement.pk}/clearance/"),
        (member, f"/comms/statements/{statement.pk}/"),
        (office, "/comms/statements/"),
        (member, "/comms/situations/"),
        # The checkbox lists of links: the statement's situations and events, the situation's programmes.
        (office, f"/comms/statements/{statement.pk}/edit/"),
        (office, f"/comms/situations/{situation.pk}/links/"),
    ):
        tab.goto(path)
        fits_a_phone(tab)
        assert axe(tab) == []
