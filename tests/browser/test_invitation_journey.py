"""Journey: the secretariat invites a new focal point from the people page; the invitee opens the link from
the e-mail, chooses a username and password, and is signed in as a member of the organization."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_secretariat_invites_and_the_person_joins(
    page: Any, browser: Any, live_server: Any, sign_in: Any, axe: Any, secretariat: Any
) -> None:
    sign_in(page, "secretariat", next=reverse("account"))
    with page.expect_navigation():
        page.get_by_role("link", name="People and roles: members of organizations and invitations").click()
    page.get_by_label("E-mail address").fill("amina@example.org")
    page.get_by_label("Organization", exact=True).select_option(
        label="ILO — International Labour Organization"
    )
    page.get_by_label("Role", exact=True).select_option("focal_point")
    page.get_by_label("Language of the invitation").select_option("en")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_role("status")).to_contain_text("amina@example.org")
    expect(page.get_by_role("row", name="amina@example.org")).to_be_visible()
    assert axe(page) == []

    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/accounts/invitation/" in word)
    invitee = browser.new_context(base_url=live_server.url).new_page()
    # The e-mail links to SITE_URL; the live server has its own address, so follow the path.
    invitee.goto(urlsplit(link).path)
    assert axe(invitee) == []
    invitee.get_by_label("Username").fill("amina")
    invitee.get_by_label("First name").fill("Amina")
    invitee.get_by_label("Last name").fill("Diallo")
    invitee.get_by_label("Password", exact=True).fill("1")
    invitee.get_by_label("Password confirmation").fill("1")
    with invitee.expect_navigation():
        invitee.get_by_role("button", name="Create my account and accept").click()
    expect(invitee.locator(".field-errors").first).to_be_visible()  # too short, too common, numeric

    invitee.get_by_label("Password", exact=True).fill("migration-compact-2018")
    invitee.get_by_label("Password confirmation").fill("migration-compact-2018")
    with invitee.expect_navigation():
        invitee.get_by_role("button", name="Create my account and accept").click()
    expect(invitee.locator(".site-header .who")).to_have_text("amina")
    expect(invitee.get_by_role("row", name="ILO")).to_contain_text("Network member focal point")
    invitee.context.close()
