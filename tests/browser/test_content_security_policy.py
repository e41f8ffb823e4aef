"""The Content Security Policy in a real browser: pages and the API reference work under it, and the browser
reports no blocked script, style or image."""

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def watch_for_violations(page: Any) -> list[str]:
    """Everything the browser blocks because of the policy, as it reports it on the console."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return blocked


@pytest.mark.parametrize(
    "name",
    [
        "workplan:home",
        "workplan:overview",
        "workplan:timeline",
        "workplan:coverage",
        "login",
        "api_reference",
    ],
)
def test_pages_work_with_nothing_blocked(page: Any, name: str) -> None:
    blocked = watch_for_violations(page)
    response = page.goto(reverse(name))
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("load")
    assert blocked == []
