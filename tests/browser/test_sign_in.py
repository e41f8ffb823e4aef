"""Journey: signing in from the header brings the reader back to the page they were on; signing out ends the
session; too many wrong passwords pause signing in; a forgotten password is reset by e-mail."""

from typing import Any
from urllib.parse import urlsplit

import pytest
from conftest import PASSWORD
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from gcmhub.workplan.models import Activity

pytestmark = pytest.mark.browser


def fill_login_form(page: Any, username: str) -> None:
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()


def test_signing_in_from_the_header_returns_to_the_page(page: Any, focal_point: Any) -> None:
    activity = Activity.objects.filter(result__section__version__is_current=True).order_by("pk").first()
    assert activity is not None
    activity_url = reverse("workplan:activity", args=[activity.pk])
    page.goto(activity_url)

    with page.expect_navigation():
        page.locator(".site-header").get_by_role("link", name="Sign in").click()
    assert page.url.split("?")[0].endswith(reverse("login"))
    fill_login_form(page, "focal_point")

    assert page.url.endswith(activity_url), page.url
    expect(page.locator(".site-header .who")).to_have_text("focal_point")


def test_a_wrong_password_is_refused_with_a_message(page: Any, focal_point: Any) -> None:
    page.goto(reverse("login"))
    page.fill("#id_username", "focal_point")
    page.fill("#id_password", "not the password")
    with page.expect_navigation():
        page.locator("main").get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator(".site-header .who")).to_have_count(0)


def test_signing_in_without_a_destination_lands_on_home(page: Any, focal_point: Any) -> None:
    page.goto(reverse("login"))
    fill_login_form(page, "focal_point")

    assert page.url.endswith(reverse("workplan:home")), page.url
    expect(page.locator(".site-header .who")).to_have_text("focal_point")


def test_signing_out_ends_the_session(page: Any, sign_in: Any, focal_point: Any) -> None:
    sign_in(page, "focal_point", next=reverse("workplan:overview"))

    with page.expect_navigation():
        page.locator(".site-header").get_by_role("button", name="Sign out").click()

    assert page.url.endswith(reverse("workplan:home")), page.url
    expect(page.locator(".site-header .who")).to_have_count(0)
    expect(page.locator(".site-header").get_by_role("link", name="Sign in")).to_be_visible()


def test_too_many_wrong_passwords_pause_signing_in(page: Any, focal_point: Any) -> None:
    page.goto(reverse("login"))
    for _ in range(5):
        page.fill("#id_username", "focal_point")
        page.fill("#id_password", "not the password")
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in paused")
    expect(page.get_by_role("alert")).to_contain_text("try again in 15 minutes")

    # Even the right password is refused until the cool-off has passed.
    page.goto(reverse("login"))
    fill_login_form(page, "focal_point")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in paused")
    expect(page.locator(".site-header .who")).to_have_count(0)


def test_a_forgotten_password_is_reset_from_the_sign_in_page(page: Any, focal_point: Any) -> None:
    focal_point.email = "fp@example.org"
    focal_point.save()
    page.goto(reverse("login"))
    with page.expect_navigation():
        page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("fp@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/accounts/password/reset/" in word)
    # The e-mail links to SITE_URL; the live server has its own address, so follow the path.
    page.goto(urlsplit(link).path)
    page.get_by_label("New password", exact=True).fill("migration-compact-2018")
    page.get_by_label("New password confirmation").fill("migration-compact-2018")
    with page.expect_navigation():
        page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Password set")
    focal_point.refresh_from_db()
    assert focal_point.check_password("migration-compact-2018")


def test_the_password_pages_pass_axe(page: Any, sign_in: Any, axe: Any, focal_point: Any) -> None:
    page.goto(reverse("password_reset"))
    assert axe(page) == []
    sign_in(page, "focal_point", next=reverse("password_change"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert axe(page) == []
