"""Browser journeys: Playwright's sync API drives Debian's chromium against pytest-django's live server.

Every test here is marked `browser` (deselected by default; run by `make test-browser` and .ci/run). The live
server needs a transactional database, which is emptied after each test, so each test seeds the reference
data and the shipped work plan again (both commands are idempotent)."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from tests.browser.journeys import in_language, url_in

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
HERE = Path(__file__).resolve().parent
# Generous for a loaded CI machine; a page that never appears still fails.
TIMEOUT_MS = 15_000
BLOCKING_IMPACTS = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 900}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this directory `browser`, before `-m` selects, so none can run unmarked."""
    for item in items:
        if Path(str(item.path)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, once per session; never a downloaded browser."""
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread; the ORM calls in tests are still
    # synchronous and safe.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Real password hashing costs a second per user and sign-in; these tests are about pages, not hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def seeded(browser: Any, transactional_db: None) -> None:
    """The reference data and the shipped work plan, as `make run` loads them."""
    call_command("load_reference", verbosity=0)
    call_command("import_workplan", str(settings.GCMHUB_WORKPLAN_FILE), verbosity=0)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab (own cookies) whose relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def sign_in() -> Callable[..., None]:
    """Sign in through the login form, as a person would."""
    from conftest import PASSWORD

    def _sign_in(page: Any, username: str, password: str = PASSWORD, next: str = "/") -> None:
        page.goto(f"{reverse('login')}?next={quote(next)}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        with page.expect_navigation():
            page.locator("main").get_by_role("button", name="Sign in").click()
        assert reverse("login") not in page.url, f"signing in as {username!r} failed: still on {page.url}"
        assert page.locator(".who").inner_text() == username

    return _sign_in


def axe_violations(page: Any) -> list[str]:
    """axe-core's serious and critical violations on the current page, one readable line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") not in BLOCKING_IMPACTS:
            continue
        targets = "; ".join(", ".join(map(str, node["target"])) for node in violation["nodes"])
        found.append(
            f"{page.url}: {violation['id']} ({violation['impact']}): {violation['help']} — at {targets}"
        )
    return found


@pytest.fixture
def axe() -> Callable[[Any], list[str]]:
    """axe-core (the copy bundled with axe-playwright-python) run on a page: its blocking violations."""
    return axe_violations


@pytest.fixture
def person_tab(browser: Any, live_server: Any) -> Iterator[Callable[..., Any]]:
    """A separate browser session per person (own cookies), signed in through the sign-in page in
    `language`, on a desktop or a phone."""
    from conftest import PASSWORD
    from playwright.sync_api import expect

    contexts: list[Any] = []

    def open_tab(username: str, language: str = "en", viewport: dict[str, int] | None = None) -> Any:
        context = browser.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport or DESKTOP)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(url_in(language, "login"))
        tab.fill("#id_username", username)
        tab.fill("#id_password", PASSWORD)
        with tab.expect_navigation():
            tab.locator("main").get_by_role("button", name=in_language(language, "Sign in")).click()
        expect(tab.locator(".who")).to_have_text(username)
        return tab

    yield open_tab
    for context in contexts:
        context.close()
